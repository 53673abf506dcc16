"""Kernel STP on the model clock: listening, learning, forwarding after forward_delay each; carrier follows."""
from __future__ import annotations

from course_lib import Lab
from course_lib.net import stp

SETUP = """ip netns add sw
ip netns add a
ip netns add b
ip -n sw link add br0 type bridge stp_state 1 forward_delay 200
ip -n a link add e-a type veth peer name p-a netns sw
ip -n b link add e-b type veth peer name p-b netns sw
ip -n sw link set p-a master br0
ip -n sw link set p-b master br0
ip -n a addr add 10.0.0.1/24 dev e-a
ip -n b addr add 10.0.0.2/24 dev e-b
ip -n a link set e-a up
ip -n b link set e-b up
ip -n sw link set br0 up
ip -n sw link set p-a up
ip -n sw link set p-b up
"""


def _states(lab: Lab) -> list[str]:
    return [line.split(" state ")[1].split()[0] for line in lab.run("ip netns exec sw bridge link").stdout.splitlines()]


def _pings(lab: Lab) -> bool:
    return "1 received" in lab.run("ip netns exec a ping -c 1 -W 1 10.0.0.2").stdout


def test_ports_listen_learn_then_forward_and_the_bridge_gets_carrier():
    lab = Lab()
    lab.run(SETUP)
    assert _states(lab) == ["listening", "listening"]
    assert "NO-CARRIER" in lab.run("ip -n sw link show br0").stdout
    assert not _pings(lab)
    lab.run("sleep 1.5")
    assert _states(lab) == ["learning", "learning"]
    lab.run("sleep 2.2")
    assert _states(lab) == ["forwarding", "forwarding"]
    assert "LOWER_UP" in lab.run("ip -n sw link show br0").stdout
    assert _pings(lab)


def test_a_port_looked_at_late_still_counts_from_when_it_came_up():
    lab = Lab()
    lab.run(SETUP)
    lab.run("sleep 10")
    assert _states(lab) == ["forwarding", "forwarding"]
    lab.run("ip -n sw link set p-a down; ip -n sw link set p-a up; sleep 2.5")
    assert _states(lab) == ["learning", "forwarding"]


def test_turning_stp_on_keeps_forwarding_ports_and_refuses_manual_states():
    lab = Lab()
    lab.run(SETUP.replace(" stp_state 1 forward_delay 200", ""))
    lab.run("ip -n sw link set br0 type bridge stp_state 1")
    assert _states(lab) == ["forwarding", "forwarding"]
    out = lab.run("ip netns exec sw bridge link set dev p-a state 1")
    assert (out.stderr, out.returncode) == ("RTNETLINK answers: Device or resource busy\n", 255)
    br = lab.network.machines["host"].netns["sw"].link_by_name("br0")
    assert stp.on(br) and stp.carrier(br)
