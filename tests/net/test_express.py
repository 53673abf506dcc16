"""The express lane (course_lib.net.express) leaves exactly what the general datapath leaves.

Random scenarios (tests/net/express_scenarios.py: pings both ways with requests in flight and waits
shorter than a round trip, neighbour states and timers, static FDB entries, route, address, link and
netns changes, iptables, traces, sleeps) run with express.ON off and on must give the same text: every
output, counters, neighbours, FDB, SNMP, iptables counters, conntrack, trace, model clock and queue.
"""
from __future__ import annotations

import ipaddress

import pytest

from course_lib import Lab
from course_lib.net import express
from course_lib.net.delivery import open_endpoint
from course_lib.net.events import scheduler
from course_lib.net.packet import ICMP, Packet

try:
    from tests.net.express_scenarios import scenario
except ImportError:                                 # run from tests/net
    from express_scenarios import scenario  # type: ignore[no-redef]

SEEDS = 300


def _both(seed: int, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.setattr(express, "ON", False)
    general = scenario(seed)
    monkeypatch.setattr(express, "ON", True)
    return general, scenario(seed)


@pytest.mark.parametrize("block", range(10))
def test_express_lane_same_text_as_the_general_path(block, monkeypatch):
    for seed in range(block, SEEDS, 10):
        general, fast = _both(seed, monkeypatch)
        assert fast == general, f"seed {seed}"


def _bridged(n: int = 2) -> tuple[Lab, object]:
    lab = Lab()
    lines = ["ip netns add r", "ip -n r link add br0 type bridge", "ip -n r link set br0 up"]
    for i in range(1, n + 1):
        lines += [f"ip netns add h{i}", f"ip -n h{i} link add eth0 type veth peer name p{i} netns r",
                  f"ip -n r link set p{i} master br0", f"ip -n r link set p{i} up", f"ip -n h{i} link set eth0 up",
                  f"ip -n h{i} addr add 10.5.0.{i}/24 dev eth0"]
    assert lab.run("\n".join(lines)).returncode == 0
    assert lab.run("ip netns exec h1 ping -c 1 10.5.0.2").returncode == 0
    return lab, lab.network.machines["host"].netns["h1"]


def test_a_warm_exchange_is_one_event_and_takes_the_lane(monkeypatch):
    """After the first ping (ARP, FDB learnt), an echo request and its reply cross the bridge twice in one
    event of the scheduler, every hop in the lane."""
    lab, h1 = _bridged()
    start = lab.network.clock
    inbox, general, calls = _lane_walk(lab, h1, "10.5.0.1", "10.5.0.2", 77, monkeypatch)
    assert [p.icmp_type for p in inbox] == [0] and not general
    assert len(calls) == 2                          # before the event and after it: one event
    assert lab.network.clock == pytest.approx(start + 4 * express._l2.WIRE_DELAY)


def _lane_walk(lab: Lab, netns: object, src: str, dst: str, ident: int, monkeypatch: pytest.MonkeyPatch
               ) -> tuple[list, list, list]:
    """An echo request from `netns` and the pump until its reply: (the endpoint's inbox, the calls of the general
    receive functions, the pump's calls of done()). The links' own chatter is cleared first (not part of it)."""
    sched = scheduler(lab.network)
    sched.clear()
    ep = open_endpoint(netns, ICMP, ident)
    general: list = []
    monkeypatch.setattr(express._l2, "receive", lambda *a: general.append(a))
    monkeypatch.setattr(express._datapath, "ip_receive", lambda *a: general.append(a))
    pkt = Packet(src=ipaddress.IPv4Address(src), dst=ipaddress.IPv4Address(dst), proto=ICMP, icmp_type=8, icmp_code=0,
                 icmp_id=ident, icmp_seq=1)
    assert express._datapath.ip_send(netns, pkt) is None and len(sched.heap) == 1
    calls: list = []
    assert sched.pump(lab.network.clock + 1.0, lambda: calls.append(1) or bool(ep.inbox))
    return ep.inbox, general, calls


def test_a_chain_stops_at_the_pumps_limit():
    """A pump whose `until` comes before the reply's arrival leaves the rest of the walk queued, as the
    general path would: the reply arrives in the next pump."""
    lab, h1 = _bridged()
    sched = scheduler(lab.network)
    sched.clear()
    ep = open_endpoint(h1, ICMP, 78)
    pkt = Packet(src=ipaddress.IPv4Address("10.5.0.1"), dst=ipaddress.IPv4Address("10.5.0.2"), proto=ICMP,
                 icmp_type=8, icmp_code=0, icmp_id=78, icmp_seq=1)
    start = lab.network.clock
    express._datapath.ip_send(h1, pkt)
    wire = express._l2.WIRE_DELAY
    assert not sched.pump(start + 2.5 * wire, lambda: bool(ep.inbox))
    assert [when for when, *_ in sched.heap] == [pytest.approx(start + 3 * wire)]
    assert sched.pump(start + 1.0, lambda: bool(ep.inbox)) and lab.network.clock == pytest.approx(start + 4 * wire)


def test_echo_reply_packet_is_the_packet_it_stands_for(monkeypatch):
    """icmp.echo_reply_packet fills every field without the class call: the Packet(...) of the reply, traced or not
    (a command under lab.trace gives a new packet the active trace, as Packet.__post_init__ does)."""
    from dataclasses import fields

    from course_lib.net import icmp, trace
    req = Packet(src=ipaddress.IPv4Address("10.5.0.1"), dst=ipaddress.IPv4Address("10.5.0.2"), proto=ICMP,
                 icmp_type=8, icmp_code=0, icmp_id=7, icmp_seq=3, payload=b"x" * 8, length=92, tos=0x10)
    for broadcast in (False, True):
        for active in (None, object()):
            monkeypatch.setattr(trace, "ACTIVE", active)
            rep = icmp.echo_reply_packet(req, broadcast)
            want = Packet(src=None if broadcast else req.dst, dst=req.src, proto=ICMP, icmp_type=0, icmp_code=0,
                          icmp_id=7, icmp_seq=3, payload=req.payload, length=92, tos=0x10)
            assert [getattr(rep, f.name) for f in fields(Packet)] == [getattr(want, f.name) for f in fields(Packet)]
            assert rep.trace is active


def test_a_routed_exchange_takes_the_lane(monkeypatch):
    """h1 -- r -- h2 over veths, r forwarding: once the neighbours are known, the echo request and its reply are
    forwarded by r in the lane (TTL 64 - 1 at h1), in one event, without the general receive functions."""
    lab = Lab()
    assert lab.run("""ip netns add r; ip netns add h1; ip netns add h2
ip -n h1 link add eth0 type veth peer name a0 netns r; ip -n h2 link add eth0 type veth peer name b0 netns r
ip -n r addr add 10.1.0.1/24 dev a0; ip -n r addr add 10.2.0.1/24 dev b0; ip -n r link set a0 up; ip -n r link set b0 up
ip -n h1 addr add 10.1.0.2/24 dev eth0; ip -n h1 link set eth0 up; ip -n h1 route add default via 10.1.0.1
ip -n h2 addr add 10.2.0.2/24 dev eth0; ip -n h2 link set eth0 up; ip -n h2 route add default via 10.2.0.1
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec h1 ping -c 1 10.2.0.2""").returncode == 0
    inbox, general, calls = _lane_walk(lab, lab.network.machines["host"].netns["h1"], "10.1.0.2", "10.2.0.2", 79,
                                       monkeypatch)
    assert [(p.icmp_type, p.ttl) for p in inbox] == [(0, 63)] and not general
    assert len(calls) == 2
