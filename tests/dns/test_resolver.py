"""The glibc resolver in the simulation: hosts first, search/ndots, query counts, failures."""
import pytest

from course_lib import Lab
from course_lib.dns import resolver


@pytest.fixture
def lab():
    return Lab()


def test_fresh_machine_resolves_public_names_offline(lab):
    r = lab.run("getent hosts www.google.com")
    assert r.returncode == 0 and "www.google.com" in r.stdout
    r = lab.run("getent ahostsv4 www.google.com")
    assert r.returncode == 2          # AI_ADDRCONFIG: no IPv4 address besides loopback yet


def test_hosts_file_wins_over_dns_for_getent_not_nslookup(lab):
    lab.run("echo '10.9.9.9 www.google.com github.com' >> /etc/hosts")
    assert lab.run("getent ahosts www.google.com").stdout.startswith("10.9.9.9        STREAM www.google.com\n")
    # getent hosts asks AAAA first (files, then DNS), then A: github.com has no AAAA, so the file wins
    assert lab.run("getent hosts github.com").stdout == "10.9.9.9        www.google.com github.com\n"
    assert "142.250.185.68" in lab.run("nslookup www.google.com").stdout


def test_not_found_rc_2_and_messages(lab):
    assert lab.run("getent hosts nothere.example.com").returncode == 2
    assert lab.run("ping -c1 nothere.example.com").stderr == "ping: nothere.example.com: Name or service not known\n"


def test_empty_resolv_conf_temporary_failure(lab):
    lab.run("ip netns add red")
    r = lab.run("ip netns exec red ping -c1 www.google.com")
    assert r.stderr == "ping: www.google.com: Temporary failure in name resolution\n" and r.returncode == 2
    lab.run("mkdir -p /etc/netns/red")
    lab.run("echo '10.1.1.1 www.google.com' > /etc/netns/red/hosts")
    assert lab.run("ip netns exec red getent hosts www.google.com").stdout.startswith("10.1.1.1")


def test_ndots_search_counts_four_queries_per_type(lab):
    lab.run("printf 'nameserver 127.0.0.53\\nsearch default.svc.cluster.local svc.cluster.local cluster.local\\n"
            "options ndots:5\\n' > /etc/resolv.conf")
    ctx = lab.backend.context("host")
    stats = resolver.ResolveStats()
    found = resolver.getaddrinfo(ctx, "www.google.com", stats=stats)
    assert found.addresses and stats.by_type == {"A": 4, "AAAA": 4}
    assert stats.names[0] == ("www.google.com.default.svc.cluster.local.", "A")
    assert stats.names[-1] == ("www.google.com.", "AAAA")


def test_trailing_dot_is_absolute_and_numeric_names(lab):
    assert lab.run("getent hosts www.google.com.").returncode == 0
    assert lab.run("getent hosts 10.1").stdout == "10.0.0.1        10.1\n"


def test_nslookup_search_and_nxdomain(lab):
    lab.run("printf 'nameserver 127.0.0.53\\nsearch google.com\\n' > /etc/resolv.conf")
    r = lab.run("nslookup www")
    assert "Name:\twww.google.com\nAddress: 142.250.185.68" in r.stdout and r.returncode == 0
    r = lab.run("nslookup nothere")
    assert "** server can't find nothere: NXDOMAIN" in r.stdout and r.returncode == 1
    r = lab.run("dig +short www")
    assert r.stdout == "" and r.returncode == 0
    assert lab.run("dig +search +short www").stdout == "142.250.185.68\n"
