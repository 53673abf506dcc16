"""Policy routing rules (net/rules.py): preferences, the rule walk, and lookups on the datapath."""
import ipaddress

from course_lib import Lab
from course_lib.net import rules
from course_lib.net.datapath import lookup_route_err
from course_lib.net.routing import route_lookup

IP = ipaddress.ip_address


def _lab():
    lab = Lab()
    lab.run("ip link add d0 type veth peer name d1\nip link set d0 up\nip link set d1 up\n"
            "ip addr add 10.9.0.1/24 dev d0\nip addr add 10.8.0.1/24 dev d1\n"
            "ip route add 10.99.0.0/16 dev d0 table 100")
    return lab, lab.network.machines["host"].root


def test_default_rules_keep_the_fast_path():
    lab, ns = _lab()
    assert ns.rules is None
    assert [r.pref for r in rules.rules_of(ns, 4)] == [0, 32766, 32767]
    assert [r.pref for r in rules.rules_of(ns, 6)] == [0, 32766]
    assert route_lookup(ns, "10.99.0.7") == (None, "Network is unreachable")


def test_default_pref_is_second_rule_minus_one_and_equal_prefs_keep_order():
    lab, ns = _lab()
    for _ in range(2):
        assert lab.run("ip rule add from 10.9.0.0/16 table 100").returncode == 0
    assert [r.pref for r in rules.rules_of(ns, 4)] == [0, 32764, 32765, 32766, 32767]
    lab.run("ip rule flush")
    assert [r.pref for r in rules.rules_of(ns, 4)] == [0]
    lab.run("ip rule add table 300 pref 0\nip rule add table 5")
    out = lab.run("ip rule").stdout
    assert out == "0:\tfrom all lookup local\n0:\tfrom all lookup 300\n0:\tfrom all lookup 5\n"


def test_source_mark_and_iif_rules_pick_the_table():
    lab, ns = _lab()
    lab.run("ip rule add from 10.9.0.0/16 lookup 100\nip rule add fwmark 0x5/0xf table 100")
    route, err = route_lookup(ns, "10.99.0.7", "10.9.0.1")
    assert err is None and route.table == 100
    assert route_lookup(ns, "10.99.0.7")[1] == "Network is unreachable"
    flow = rules.Flow(iif="lo", mark=0x15)
    assert route_lookup(ns, IP("10.99.0.7"), None, None, flow)[0].table == 100
    assert lookup_route_err(ns, IP("10.99.0.7"), None, IP("10.9.0.1"))[0].table == 100
    out = lab.run("ip route get 10.99.0.7 from 10.9.0.1\nip route get 10.99.0.7 mark 0x15").stdout
    assert out == ("10.99.0.7 from 10.9.0.1 dev d0 table 100 uid 0 \n    cache \n"
                   "10.99.0.7 dev d0 table 100 src 10.9.0.1 mark 0x15 uid 0 \n    cache \n")


def test_actions_goto_nop_not_and_suppress():
    lab, ns = _lab()
    lab.run("ip rule add to 8.8.4.4 unreachable\nip rule add to 8.8.4.5 prohibit\nip rule add to 8.8.4.6 blackhole")
    assert [route_lookup(ns, f"8.8.4.{i}")[1] for i in (4, 5, 6)] == \
        ["Network is unreachable", "Permission denied", "Invalid argument"]
    lab.run("ip rule add pref 10 goto 20\nip rule add pref 11 unreachable\nip rule add pref 20 nop")
    assert route_lookup(ns, "10.9.0.7")[0].dev.name == "d0"          # 11 jumped over
    lab.run("ip rule add pref 21 not to 10.99.0.0/16 table main\nip rule add pref 22 table 100 "
            "suppress_prefixlength 16")
    assert route_lookup(ns, "10.99.0.7") == (None, "Network is unreachable")


def test_failed_commands_leave_the_rules_alone():
    lab, ns = _lab()
    for line in ("ip rule add goto 5", "ip rule add table x", "ip rule del pref 99", "ip rule add tos 0x1 table 5",
                 "ip rule add sport 20-10 table 5", "ip rule add from ::1 table 5"):
        assert lab.run(line).returncode != 0
        assert ns.rules is None, line
    lab.run("ip rule add table 0")
    assert lab.run("ip rule").stdout.splitlines()[1] == "32765:\tfrom all lookup 1"


def test_forwarded_packets_follow_iif_and_mark_rules():
    lab = Lab()
    script = """ip netns add r
ip link add v0 type veth peer name v1 netns r
ip addr add 10.1.0.1/24 dev v0
ip link set v0 up
ip -n r addr add 10.1.0.2/24 dev v1
ip -n r link set v1 up
ip -n r link set lo up
ip -n r addr add 10.3.0.1/32 dev lo
ip route add 10.3.0.0/24 via 10.1.0.2 table 101"""
    lab.run(script)
    assert lab.run("ping -c 1 -W 1 10.3.0.1").returncode == 2
    lab.run("ip route add 10.3.0.0/24 via 10.1.0.99")                # main: a gateway nobody answers for
    assert lab.run("ping -c 1 -W 1 10.3.0.1").returncode == 1
    # MARK in mangle OUTPUT routes the packet again (ip_route_me_harder), now through table 101
    lab.run("ip rule add fwmark 7 table 101\niptables -t mangle -A OUTPUT -d 10.3.0.1 -j MARK --set-mark 7")
    res = lab.run("ping -c 1 -W 1 10.3.0.1")
    assert res.returncode == 0, res.stdout + res.stderr
    lab.run("iptables -t mangle -F\nip rule add iif lo to 10.3.0.0/24 table 101")
    assert lab.run("ping -c 1 -W 1 10.3.0.1").returncode == 0
    lab.run("ip rule add iif lo to 10.3.0.0/24 prohibit pref 5")
    assert "Do you want to ping broadcast" in lab.run("ping -c 1 -W 1 10.3.0.1").stderr


def test_a_router_forwards_by_the_input_device():
    lab = Lab()
    lab.add_host("a")
    lab.add_host("b")
    lab.add_switch("s1")
    lab.add_switch("s2")
    lab.connect("a", "s1")
    lab.connect("host", "s1")
    lab.connect("host", "s2")
    lab.connect("b", "s2")
    lab.host("a").run("ip addr add 10.1.0.2/24 dev eth0\nip link set eth0 up\nip route add default via 10.1.0.1")
    lab.host("b").run("ip addr add 10.2.0.2/24 dev eth0\nip link set eth0 up\nip route add default via 10.2.0.1")
    lab.run("ip addr add 10.1.0.1/24 dev eth0\nip link set eth0 up\nip addr add 10.2.0.1/24 dev eth1\n"
            "ip link set eth1 up\nsysctl -qw net.ipv4.ip_forward=1\nip route add blackhole 10.2.0.0/24 table 100\n"
            "ip rule add iif eth0 table 100")
    # packets from a come in on eth0: table 100 blackholes them; the router's own still get through
    assert lab.host("a").run("ping -c 1 -W 1 10.2.0.2").returncode == 1
    assert lab.run("ping -c 1 -W 1 10.2.0.2").returncode == 0
    lab.run("ip rule del iif eth0 table 100")
    assert lab.host("a").run("ping -c 1 -W 1 10.2.0.2").returncode == 0


def test_rule_del_checks_a_backward_goto_first():
    """fib_nl2rule parses a delete request too (tests/conformance/scripts/fuzz_rule_del_backward_goto.sh, seed 900)."""
    from course_lib import Lab
    lab = Lab()
    for line in ("ip rule del priority 40000 goto 32766", "ip rule del goto 100", "ip rule del priority 500 goto 500"):
        r = lab.run(line)
        assert (r.stderr, r.returncode) == ("Error: Backward goto not supported.\n", 2), line
    r = lab.run("ip rule del goto 40000")
    assert (r.stderr, r.returncode) == ("RTNETLINK answers: No such file or directory\n", 2)
