"""`ip rule` and the table names of `ip route`: texts checked against iproute2 6.1 on the kernel
(tests/conformance/scripts/policy_*.sh hold the full transcripts); bad input leaves the lab alone."""
import random

from course_lib import Lab


def run(lab, line):
    r = lab.run(line)
    return r.stdout, r.stderr, r.returncode


def test_listing_and_details():
    lab = Lab()
    lab.run("ip rule add from 10.9.0.0/16 table 100\nip rule add fwmark 0x2/0xff table 201\n"
            "ip rule add not from 1.2.3.4 iif eth7 table 7\nip rule add ipproto tcp dport 80 table 9 pref 90\n"
            "ip rule add pref 91 goto 300\nip rule add pref 92 prohibit")
    assert run(lab, "ip rule") == (
        "0:\tfrom all lookup local\n90:\tfrom all ipproto tcp dport 80 lookup 9\n"
        "91:\tfrom all goto 300 [unresolved]\n92:\tfrom all prohibit\n"
        "32763:\tnot from 1.2.3.4 iif eth7 [detached] lookup 7\n32764:\tfrom all fwmark 0x2/0xff lookup 201\n"
        "32765:\tfrom 10.9.0.0/16 lookup 100\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n", "", 0)
    out = run(lab, "ip -d rule show table 100")[0]
    assert out == "32765:\tfrom 10.9.0.0/16 lookup 100 proto unspec\n"
    assert run(lab, "ip -6 rule")[0] == "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n"


def test_errors_are_iproute2s():
    lab = Lab()
    cases = {
        "ip rule add table x": ('Error: argument "x" is wrong: invalid table ID\n\n', 255),
        "ip rule add bogus": ('Error: argument "bogus" is wrong: Failed to parse rule type\n', 255),
        "ip rule add goto 5": ("Error: Backward goto not supported.\n", 2),
        "ip rule del pref 99": ("RTNETLINK answers: No such file or directory\n", 2),
        "ip rule add": ('"ip rule add" requires arguments.\n', 1),
        "ip rule del": ('"ip rule del" requires arguments.\n', 1),
        "ip rule add from x table 5": ('Error: any valid prefix is expected rather than "x".\n', 1),
        "ip rule bogus": ('Command "bogus" is unknown, try "ip rule help".\n', 255),
        "ip route show table 100": ("Error: ipv4: FIB table does not exist.\nDump terminated\n", 2),
    }
    for line, (err, rc) in cases.items():
        out, got, code = run(lab, line)
        assert (got, code) == (err, rc), line


def test_table_names_from_rt_tables():
    lab = Lab()
    lab.run("ip link add d0 type veth peer name d1\nip link set d0 up\nip link set d1 up\n"
            "ip addr add 10.9.0.1/24 dev d0\necho 200 blue >> /etc/iproute2/rt_tables\n"
            "ip route add 10.5.0.0/16 dev d0 table blue\nip rule add from 10.9.0.0/16 table blue")
    assert run(lab, "ip route show table blue")[0] == "10.5.0.0/16 dev d0 scope link \n"
    assert "10.5.0.0/16 dev d0 table blue scope link" in run(lab, "ip route show table all")[0]
    assert run(lab, "ip route get 10.5.0.1 from 10.9.0.1")[0] == \
        "10.5.0.1 from 10.9.0.1 dev d0 table blue uid 0 \n    cache \n"
    assert run(lab, "ip rule show table blue")[0] == "32765:\tfrom 10.9.0.0/16 lookup blue\n"


WORDS = ("ip rule add del flush show list from to iif oif fwmark tos pref priority order table lookup not "
         "ipproto sport dport suppress_prefixlength goto nop blackhole unreachable prohibit type realms uidrange "
         "l3mdev protocol all default 10.0.0.0/8 10.0.0.1 ::1 2001:db8::/32 x 0 1 5 100 0x1 0x1/0xff 80 "
         "1000-2000 20-10 tcp udp 4294967296 main local blue eth0 lo -6 -4 -d help").split()


def test_random_rule_lines_never_raise_and_failures_change_nothing():
    rng = random.Random(7)
    lab = Lab()
    ns = lab.network.machines["host"].root
    for _ in range(1500):
        line = "ip " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 7)))
        before = None if ns.rules is None else {f: [(r.pref, r.key()) for r in rs]
                                                 for f, rs in ns.rules.by_family.items()}
        result = lab.run(line)
        assert "Traceback" not in result.stderr, line
        if result.returncode != 0:
            after = None if ns.rules is None else {f: [(r.pref, r.key()) for r in rs]
                                                    for f, rs in ns.rules.by_family.items()}
            assert after == before, line
