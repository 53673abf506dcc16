"""The kernel's own link chatter (net.chatter) on the model clock, with TIMELINE on.

The figures are the kernel's (6.18 here, in `unshare --net`): read 9 s after the links came up, when
every random delay has passed (between the 2nd and 3rd router solicitation), a veth end has sent one
DAD solicitation (86 bytes), four MLDv2 reports (90) and two router solicitations (70): 586 bytes in
7 frames; a snooping bridge's reports carry a second record (110) and it joins 224.0.0.106 (IGMP, 54).
"""
from __future__ import annotations

import re

import pytest

from course_lib import Lab
from course_lib.net import chatter


@pytest.fixture
def timeline(monkeypatch):
    monkeypatch.setattr(chatter, "TIMELINE", True)


def counters(lab: Lab, cmd: str) -> tuple[int, int, int, int]:
    """(rx bytes, rx packets, tx bytes, tx packets) of `ip -s link` output."""
    lines = lab.run(cmd).stdout.splitlines()
    rx = lines[3].split()
    tx = lines[5].split()
    return int(rx[0]), int(rx[1]), int(tx[0]), int(tx[1])


def veth_pair(lab: Lab) -> None:
    lab.run("ip link add va type veth peer name vb; ip link set va up; ip link set vb up")


def test_a_veth_pair_after_9_s(timeline):
    lab = Lab()
    veth_pair(lab)
    lab.run("sleep 9")
    assert counters(lab, "ip -s link show va") == (586, 7, 586, 7)
    assert counters(lab, "ip -s link show vb") == (586, 7, 586, 7)


def test_before_the_second_router_solicitation(timeline):
    lab = Lab()
    veth_pair(lab)
    lab.run("sleep 3.5")                # NS, 4 MLD reports, 1 RS
    assert counters(lab, "ip -s link show va")[2:] == (86 + 4 * 90 + 70, 6)


def test_the_bridge_v_net_0(timeline):
    lab = Lab()
    lab.run("""ip netns add red
ip netns add blue
ip link add v-net-0 type bridge
ip link set v-net-0 up
ip link add veth-red type veth peer name veth-red-br
ip link add veth-blue type veth peer name veth-blue-br
ip link set veth-red netns red
ip link set veth-blue netns blue
ip link set veth-red-br master v-net-0
ip link set veth-blue-br master v-net-0
ip -n red link set veth-red up
ip -n blue link set veth-blue up
ip link set veth-red-br up
ip link set veth-blue-br up
sleep 9""")
    out = lab.run("ip -s link show v-net-0").stdout
    assert re.search(r"RX:.*\n\s+976\s+14\s+0\s+0\s+0\s+14 \n\s+TX:.*\n\s+884\s+10 ", out), out
    assert counters(lab, "ip -n red -s link show veth-red")[2:] == (586, 7)
    assert counters(lab, "ip -s link show veth-red-br")[:2] == (586, 7)


def test_ipv6_off_leaves_only_the_bridges_igmp_join(timeline):
    lab = Lab()
    lab.run("sysctl -qw net.ipv6.conf.all.disable_ipv6=1")
    veth_pair(lab)
    lab.run("ip link add br0 type bridge; ip link add br1 type bridge mcast_snooping 0; "
            "ip link set br0 up; ip link set br1 up; sleep 9")
    assert counters(lab, "ip -s link show va") == (0, 0, 0, 0)
    assert counters(lab, "ip -s link show br0") == (0, 0, 2 * 54, 2)
    assert counters(lab, "ip -s link show br1") == (0, 0, 0, 0)


def test_down_stops_the_frames_and_up_starts_them_again(timeline):
    lab = Lab()
    veth_pair(lab)
    lab.run("sleep 9; ip link set va down")
    before = counters(lab, "ip -s link show vb")
    lab.run("sleep 25")                 # vb lost its carrier, not its address: its RS are dropped (as measured)
    assert counters(lab, "ip -s link show vb") == before
    assert lab.run("ip -s link show vb").stdout.splitlines()[5].split()[3] == "2"
    lab.run("ip link set va up; sleep 9")
    assert counters(lab, "ip -s link show va")[2:] == (2 * 586, 2 * 7)        # a new sequence


def test_on_by_default():
    assert chatter.TIMELINE is True


def test_off_a_link_only_makes_the_bridge_learn_it(monkeypatch):
    monkeypatch.setattr(chatter, "TIMELINE", False)
    lab = Lab()
    lab.run("ip link add br0 type bridge; ip link add p1 type veth peer name e1; ip link set p1 master br0; "
            "ip link set br0 up; ip link set p1 up; ip link set e1 up; sleep 9")
    assert counters(lab, "ip -s link show e1") == (0, 0, 0, 0)
    mac = lab.run("cat /sys/class/net/e1/address").stdout.strip()
    assert mac in lab.run("bridge fdb show br br0").stdout


def test_a_macvlan_speaks_through_its_lower_device(timeline):
    lab = Lab()
    lab.run("ip link add va type veth peer name vb; ip link add mv0 link va type macvlan mode bridge; "
            "ip link set va up; ip link set vb up; sleep 9; ip link set mv0 up; sleep 9")
    assert counters(lab, "ip -s link show mv0") == (0, 0, 586, 7)     # its own frames, counted on it ...
    # ... and on the lower device, whose own are 656 / 8 by now (a third RS): the kernel's figures
    assert counters(lab, "ip -s link show va")[2:] == (656 + 586, 8 + 7)
