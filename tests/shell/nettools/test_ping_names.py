"""ping's names (ping_target, ping6): ai_canonname in the header and statistics, getnameinfo for replies
(hosts file and DNS PTR), EAI_ADDRFAMILY for -4/-6 against the other family, IPv6 echo to local addresses."""
from __future__ import annotations

from course_lib import Lab

COREFILE = """zone.test {
    file /root/db.zone
}
. {
    hosts {
        10.9.0.2 lo.test
    }
}
"""
ZONE = """$ORIGIN zone.test.
@ 3600 IN SOA ns.zone.test. admin.zone.test. 1 7200 3600 1209600 3600
@ 3600 IN NS ns.zone.test.
noptr IN A 10.9.0.3
"""


def _host(dns: bool = False):
    lab = Lab()
    h = lab.add_host("h")
    for step in ("ip link add v0 type veth peer name v1", "ip addr add 10.9.0.1/24 dev v0",
                 "ip addr add 10.9.0.2/24 dev v0", "ip addr add 10.9.0.3/24 dev v0", "ip link set v0 up",
                 "ip link set v1 up",
                 "printf '127.0.0.1 localhost\\n::1 localhost ip6-localhost\\n10.9.0.1 main.example alias1\\n'"
                 " > /etc/hosts"):
        assert h.run(step).returncode == 0, step
    if dns:
        h.run(f"cat > /root/Corefile <<'EOF'\n{COREFILE}EOF")
        h.run(f"cat > /root/db.zone <<'EOF'\n{ZONE}EOF")
        assert h.run("coredns -conf /root/Corefile").returncode == 0
        h.run("printf 'nameserver 127.0.0.1\\nsearch test\\n' > /etc/resolv.conf")
    return h


def test_alias_shows_the_canonical_name() -> None:
    h = _host()
    r = h.run("ping -c 1 alias1")
    lines = r.stdout.splitlines()
    assert lines[0] == "PING main.example (10.9.0.1) 56(84) bytes of data."
    assert lines[1].startswith("64 bytes from main.example (10.9.0.1): icmp_seq=1 ttl=64 time=")
    assert lines[3] == "--- main.example ping statistics ---"
    assert h.run("ping -n -c 1 alias1").stdout.splitlines()[1].startswith("64 bytes from 10.9.0.1: icmp_seq=1")
    assert h.run("ping -c 1 10.9.0.1").stdout.splitlines()[1].startswith("64 bytes from 10.9.0.1: icmp_seq=1")


def test_search_domain_and_ptr_names() -> None:
    h = _host(dns=True)
    lines = h.run("ping -c 1 lo").stdout.splitlines()
    assert lines[0] == "PING lo.test (10.9.0.2) 56(84) bytes of data."
    assert lines[1].startswith("64 bytes from lo.test (10.9.0.2): icmp_seq=1")      # DNS PTR
    assert lines[3] == "--- lo.test ping statistics ---"
    lines = h.run("ping -c 1 noptr.zone.test").stdout.splitlines()
    assert lines[0] == "PING noptr.zone.test (10.9.0.3) 56(84) bytes of data."
    assert lines[1].startswith("64 bytes from 10.9.0.3: icmp_seq=1")                # no name: the address only


def test_family_mismatches() -> None:
    h = _host()
    for cmd, name in (("ping -6 -c 1 alias1", "alias1"), ("ping -6 -c 1 10.9.0.1", "10.9.0.1"),
                      ("ping -4 -c 1 ::1", "::1")):
        r = h.run(cmd)
        assert (r.stderr, r.returncode) == (f"ping: {name}: Address family for hostname not supported\n", 2)
    r = h.run("ping6 -c 1 alias1")
    assert (r.stderr, r.returncode) == ("ping6: alias1: Address family for hostname not supported\n", 2)


def test_ipv6_local_echo() -> None:
    h = _host()
    for cmd in ("ping -c 2 localhost", "ping -6 -c 2 localhost", "ping6 -c 2 localhost"):
        r = h.run(cmd)
        lines = r.stdout.splitlines()
        assert lines[0] == "PING localhost(localhost (::1)) 56 data bytes", cmd
        assert lines[1].startswith("64 bytes from localhost (::1): icmp_seq=1 ttl=64 time=")
        assert lines[4] == "--- localhost ping statistics ---"
        assert lines[5].startswith("2 packets transmitted, 2 received, 0% packet loss, time 10")
        assert r.returncode == 0
    lines = h.run("ping -n -c 1 localhost").stdout.splitlines()
    assert lines[0] == "PING localhost(::1) 56 data bytes" and lines[1].startswith("64 bytes from ::1: icmp_seq=1")
    assert h.run("ping -c 1 ::1").stdout.startswith("PING ::1(::1) 56 data bytes\n64 bytes from ::1: icmp_seq=1")
    r = h.run("ping -6 -c 1 ::2")
    assert (r.stderr, r.returncode) == ("ping: connect: Network is unreachable\n", 2)
    h.run("ip link set lo down")
    r = h.run("ping -6 -c 1 ::1")
    assert (r.stderr, r.returncode) == ("ping: connect: Cannot assign requested address\n", 2)


def test_traceroute_hops_named_by_ptr() -> None:
    h = _host(dns=True)
    assert h.run("traceroute -q 1 lo").stdout.splitlines()[1].startswith(" 1  lo.test (10.9.0.2)  ")
    assert h.run("traceroute -q 1 noptr.zone.test").stdout.splitlines()[1].startswith(" 1  10.9.0.3 (10.9.0.3)  ")
    assert h.run("traceroute -q 1 alias1").stdout.splitlines()[1].startswith(" 1  main.example (10.9.0.1)  ")


def test_localhost_without_usable_ipv6() -> None:
    lab = Lab()
    h = lab.add_host("h")
    h.run("ip netns add x")                            # lo down: ::1 first, and no source for it
    r = h.run("ip netns exec x ping -c 1 localhost")
    assert (r.stderr, r.returncode) == ("ping: connect: Cannot assign requested address\n", 2)
    h.run("sysctl -w net.ipv6.conf.all.disable_ipv6=1")   # ::1 gone: 127.0.0.1 sorts first
    assert h.run("ping -c 1 localhost").stdout.startswith("PING localhost (127.0.0.1) 56(84) bytes of data.\n")
    r = h.run("ping -6 -c 1 localhost")
    assert (r.stderr, r.returncode) == ("ping: connect: Cannot assign requested address\n", 2)
