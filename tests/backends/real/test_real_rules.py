"""ip rule on Lab(backend="real"): the kernel's rules of the lab's own netns, never the machine's."""
from __future__ import annotations

import subprocess

import pytest

from course_lib import Lab

pytestmark = pytest.mark.real


@pytest.fixture
def lab():
    with Lab(backend="real") as made:
        yield made


def _root_rules() -> str:
    return subprocess.run(["ip", "rule"], capture_output=True, text=True, check=False).stdout


def test_rules_are_the_lab_netns_own_and_steer_route_get(lab):
    before = _root_rules()
    a, b = lab.add_host("A"), lab.add_host("B")
    setup = ("ip link add d0 type veth peer name d1 && ip link set d0 up && ip link set d1 up && "
             "ip addr add 10.9.0.1/24 dev d0 && ip route add 10.99.0.0/16 dev d0 table 100")
    assert a.run(setup).returncode == 0
    assert a.run("ip rule add ipproto tcp dport 80 fwmark 0x2/0xff table 100 pref 7").returncode == 0
    assert a.run("ip rule show pref 7").stdout == "7:\tfrom all fwmark 0x2/0xff ipproto tcp dport 80 lookup 100\n"
    got = a.run("ip route get 10.99.0.7 ipproto tcp dport 80 mark 2")
    assert got.stdout.startswith("10.99.0.7 dev d0 table 100 src 10.9.0.1 mark 2 uid 0"), got.stdout + got.stderr
    assert a.run("ip route get 10.99.0.7 ipproto udp dport 80 mark 2").returncode == 2
    # the other machine and the machine's root netns keep the kernel's default rules
    assert b.run("ip rule").stdout == "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n" \
                                      "32767:\tfrom all lookup default\n"
    assert _root_rules() == before
    again = a.run("ip rule add ipproto tcp dport 80 fwmark 0x2/0xff table 100 pref 7")
    assert (again.stderr, again.returncode) == ("RTNETLINK answers: File exists\n", 2)
    assert a.run("ip rule del pref 7").returncode == 0
    gone = a.run("ip rule del pref 7")
    assert (gone.stderr, gone.returncode) == ("RTNETLINK answers: No such file or directory\n", 2)
    assert a.run("ip rule add from 10.9.0.0/16 table 5 && ip rule add to 1.2.3.4 prohibit").returncode == 0
    assert a.run("ip rule flush && ip rule").stdout == "0:\tfrom all lookup local\n"
    missing = a.run("ip route show table 300")
    assert (missing.stderr, missing.returncode) == ("Error: ipv4: FIB table does not exist.\nDump terminated\n", 2)
    assert a.run("ip route show table 100").returncode == 0


def test_rule_save_restore_replays_the_kernels_rules(lab):
    before = _root_rules()
    assert lab.run("ip rule add from 10.0.0.0/8 table 100 pref 100").returncode == 0
    dump = lab.run("ip rule save")
    assert dump.returncode == 0 and dump.stdout.startswith("\x24\x12\x31\x45")
    assert lab.run("ip rule flush").returncode == 0
    assert lab.run("ip rule restore", stdin=dump.stdout).returncode == 0
    # the flushed rules come back; local (preference 0, dumped without one) gets the kernel's default, 0
    # again as the first rule has 0 (fib_default_rule_pref), and the kept one is duplicated (no NLM_F_EXCL)
    assert lab.run("ip rule").stdout == ("0:\tfrom all lookup local\n0:\tfrom all lookup local\n"
                                         "100:\tfrom 10.0.0.0/8 lookup 100\n32766:\tfrom all lookup main\n"
                                         "32767:\tfrom all lookup default\n")
    bad = lab.run("ip rule restore", stdin="garbage\n")
    assert bad.returncode == 255 and bad.stderr.startswith("Magic mismatch")
    assert _root_rules() == before
