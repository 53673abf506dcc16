"""The resolver's queries are UDP/53 datagrams on the simulated datapath, also on its fast local path.

A lookup to a nameserver on the machine itself skips the packet walk only when nothing could act on
the datagram (no netfilter table active, a local route, lo up, a listener): these tests check that
rules, routes and file edits still decide, and that what the walk leaves behind (lo's counters, model
time) is the same either way.
"""
import pytest

from course_lib import Lab
from course_lib.dns import resolver
from course_lib.dns.message import RR
from course_lib.net import sockets

RESOLV = ("printf 'nameserver 127.0.0.53\\nsearch default.svc.cluster.local svc.cluster.local cluster.local\\n"
          "options ndots:5 timeout:1 attempts:1\\n' > /etc/resolv.conf")


@pytest.fixture
def lab():
    lab = Lab()
    lab.run(RESOLV)
    return lab


def _lo_counters(lab):
    return lab.run("ip -s link show lo").stdout.splitlines()[2:]


def test_drop_of_udp_53_in_output_breaks_resolution_until_removed(lab):
    assert lab.run("getent ahosts www.google.com").returncode == 0
    lab.run("iptables -A OUTPUT -p udp --dport 53 -j DROP")
    r = lab.run("ping -c1 www.google.com")
    assert (r.returncode, r.stderr) == (2, "ping: www.google.com: Temporary failure in name resolution\n")
    assert lab.run("getent ahosts www.google.com").returncode == 2
    rule = lab.run("iptables -nvL OUTPUT").stdout.splitlines()[2].split()
    assert rule[2] == "DROP" and int(rule[0]) > 0           # the rule saw the queries
    lab.run("iptables -D OUTPUT -p udp --dport 53 -j DROP")
    assert "142.250.185.68" in lab.run("getent ahosts www.google.com").stdout


def test_drop_of_the_answers_in_input_breaks_resolution(lab):
    lab.run("iptables -A INPUT -p udp --sport 53 -j DROP")
    assert lab.run("getent hosts www.google.com").returncode == 2


def test_resolv_conf_edits_apply_to_the_next_lookup(lab):
    ctx = lab.backend.context("host")
    assert resolver.getaddrinfo(ctx, "www.google.com").addresses
    lab.run("printf 'nameserver 127.0.0.54\\noptions timeout:1 attempts:1\\n' > /etc/resolv.conf")
    with pytest.raises(resolver.ResolveError) as err:      # nobody listens there: port unreachable
        resolver.getaddrinfo(ctx, "www.google.com")
    assert err.value.message == "Temporary failure in name resolution"
    lab.run("printf 'nameserver 127.0.0.53\\nsearch google.com\\n' > /etc/resolv.conf")
    assert resolver.getaddrinfo(ctx, "www").name == "www.google.com"
    lab.run("printf 'nameserver 127.0.0.53\\n' > /etc/resolv.conf")
    with pytest.raises(resolver.ResolveError):
        resolver.getaddrinfo(ctx, "www")
    lab.run("echo 'options ndots:5' >> /etc/resolv.conf; echo 'search cluster.local' >> /etc/resolv.conf")
    stats = resolver.ResolveStats()
    resolver.getaddrinfo(ctx, "www.google.com", stats=stats)
    assert stats.names[0] == ("www.google.com.cluster.local.", "A") and stats.queries == 4


def test_deleted_local_route_breaks_the_loopback_resolver(lab):
    assert lab.run("getent hosts www.google.com").returncode == 0
    lab.run("ip route del local 127.0.0.0/8 dev lo table local")
    r = lab.run("ping -c1 www.google.com")
    assert r.stderr == "ping: www.google.com: Temporary failure in name resolution\n"


def test_lo_down_breaks_the_loopback_resolver(lab):
    assert lab.run("getent hosts www.google.com").returncode == 0
    lab.run("ip link set lo down")
    assert lab.run("getent hosts www.google.com").returncode == 2
    lab.run("ip link set lo up")
    assert lab.run("getent hosts www.google.com").returncode == 0


def test_lo_counters_and_model_time_as_on_the_packet_walk():
    seen = []
    for walk in (False, True):
        lab = Lab()
        lab.run(RESOLV)
        if walk:        # any table in use makes every datagram take the whole packet walk
            lab.run("iptables -A OUTPUT -p tcp --dport 9 -j ACCEPT")
        before = lab.network.clock
        assert lab.run("getent ahosts www.google.com").returncode == 0
        seen.append((_lo_counters(lab), round(lab.network.clock - before, 9)))
    assert seen[0] == seen[1]
    assert seen[0][0][1].split()[1] == "16"                  # 8 queries and 8 answers over lo


def test_a_silent_local_server_costs_the_timeout_as_on_the_packet_walk():
    waited = []
    for walk in (False, True):
        lab = Lab()
        netns = lab.backend.context("host").netns
        sockets.udp_bind(netns, "127.0.0.2", 53, lambda payload, src, sport, dst: None, process_name="silent")
        lab.run("printf 'nameserver 127.0.0.2\\noptions timeout:2 attempts:1\\n' > /etc/resolv.conf")
        if walk:
            lab.run("iptables -A OUTPUT -p tcp --dport 9 -j ACCEPT")
        ctx = lab.backend.context("host")
        before = lab.network.clock
        with pytest.raises(resolver.ResolveError):
            resolver.getaddrinfo(ctx, "www.google.com", resolver.AF_INET)
        waited.append(round(lab.network.clock - before, 6))
    assert waited[0] == waited[1] == 2.0


def test_the_local_server_sees_the_source_address_and_ports_of_the_walk():
    clients = []
    for walk in (False, True):
        lab = Lab()
        netns = lab.backend.context("host").netns

        def handler(query, src, sport, dst, seen=clients):
            seen.append((walk, str(src), sport, str(dst)))
            return query.response("NXDOMAIN", [], [])
        sockets.udp_bind(netns, "127.0.0.2", 53, handler, process_name="probe")
        sockets.udp_bind(netns, "0.0.0.0", 32775, lambda *a: None, process_name="busy")   # ephemeral port in use
        lab.run("printf 'nameserver 127.0.0.2\\n' > /etc/resolv.conf")
        if walk:
            lab.run("iptables -A OUTPUT -p tcp --dport 9 -j ACCEPT")
        with pytest.raises(resolver.ResolveError):
            resolver.getaddrinfo(lab.backend.context("host"), "nothere.example", resolver.AF_INET)
    direct = [c[1:] for c in clients if not c[0]]
    walked = [c[1:] for c in clients if c[0]]
    assert direct == walked and direct[0][0] == "127.0.0.1" and 32775 not in [c[1] for c in direct]


def test_a_kept_direct_path_follows_the_sockets_and_the_port_range():
    lab = Lab()
    netns = lab.backend.context("host").netns
    ports = []

    def answer(text):
        def handler(query, src, sport, dst):
            ports.append(sport)
            return query.response("NOERROR", [RR(query.qname, 60, "A", text)] if query.qtype == "A" else [], [])
        return handler
    sock = sockets.udp_bind(netns, "127.0.0.2", 53, answer("10.1.1.1"), process_name="one")
    lab.run("printf 'nameserver 127.0.0.2\\noptions timeout:1 attempts:1\\n' > /etc/resolv.conf")
    ctx = lab.backend.context("host")
    assert resolver.getaddrinfo(ctx, "a.example", resolver.AF_INET).addresses == ["10.1.1.1"]
    sock.close()
    with pytest.raises(resolver.ResolveError):                # port unreachable now
        resolver.getaddrinfo(ctx, "a.example", resolver.AF_INET)
    sockets.udp_bind(netns, "127.0.0.2", 53, answer("10.2.2.2"), process_name="two")
    assert resolver.getaddrinfo(ctx, "a.example", resolver.AF_INET).addresses == ["10.2.2.2"]
    lab.run("sysctl -w net.ipv4.ip_local_port_range='40000 40010'")
    resolver.getaddrinfo(ctx, "a.example", resolver.AF_INET)
    assert 40000 <= ports[-1] <= 40010


def test_a_policy_rule_or_a_route_change_is_seen_by_the_next_lookup(lab):
    assert lab.run("getent hosts www.google.com").returncode == 0
    lab.run("ip rule add pref 0 to 127.0.0.53 lookup 100; ip rule del pref 0 lookup local")
    assert lab.run("getent hosts www.google.com").returncode == 2     # table 100 is empty: no route
    lab.run("ip rule add pref 0 lookup local")
    assert lab.run("getent hosts www.google.com").returncode == 0
