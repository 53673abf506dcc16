"""Learned FDB entries live for the bridge's ageing_time (ip link ... type bridge ageing_time CS).

a and b have IPv6 off, as in the conformance script bridge_ageing.sh: on the kernel their own frames
(DAD, MLD reports, router solicitations) would refresh the entries."""
from __future__ import annotations

from course_lib import Lab
from course_lib.net.bridging import hold_time

SETUP = """ip link add br0 type bridge ageing_time 200
ip link add e-a type veth peer name p-a
ip link add e-b type veth peer name p-b
ip netns add a
ip netns add b
ip netns exec a sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec b sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip link set e-a netns a
ip link set e-b netns b
ip link set p-a master br0
ip link set p-b master br0
ip link set p-a up
ip link set p-b up
ip link set br0 up
ip -n a addr add 10.0.0.1/24 dev e-a
ip -n b addr add 10.0.0.2/24 dev e-b
ip -n a link set e-a up
ip -n b link set e-b up
"""


def _learned(lab: Lab) -> int:
    return sum(1 for line in lab.run("bridge fdb show br br0").stdout.splitlines()
               if "permanent" not in line and ("p-a" in line or "p-b" in line))


def test_entries_leave_after_ageing_time():
    lab = Lab()
    lab.run(SETUP)
    br = lab.network.machines["host"].root.link_by_name("br0")
    assert hold_time(br) == 2.0
    lab.run("ip netns exec a ping -c 1 10.0.0.2")
    assert _learned(lab) == 2
    lab.run("sleep 1.5")
    assert _learned(lab) == 2
    lab.run("sleep 1")
    assert _learned(lab) == 0


def test_ageing_time_zero_keeps_nothing_and_the_default_is_300_s():
    lab = Lab()
    lab.run(SETUP + "ip link set br0 type bridge ageing_time 0")
    lab.run("ip netns exec a ping -c 1 10.0.0.2")
    assert _learned(lab) == 0
    lab.run("ip link add br1 type bridge")
    assert hold_time(lab.network.machines["host"].root.link_by_name("br1")) == 300.0
