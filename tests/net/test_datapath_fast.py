"""The datapath's fast paths leave exactly what the general path leaves.

- bridging.FAST: a plain unicast frame crosses a bridge in one step (bridging.unicast_out); with FAST = False
  every frame takes the general bridge_input. Random scenarios (tests/net/datapath_scenarios.py: pings,
  link, port-flag, FDB, neighbour, sysctl and iptables changes, model time passing) give the same text.
- snmp.Mib: the hot counters wait in int slots and are added before any read, so a read, a copy or a
  pickle sees every count exactly once.
- RouteTable.lookups: the datapath's route cache is emptied by every edit of the route list.
"""
from __future__ import annotations

import copy
import dataclasses
import ipaddress
import pickle

import pytest

from course_lib import Lab
from course_lib.net import bridging, icmp, snmp
from course_lib.net.datapath import lookup_route
from course_lib.net.netns import Route
from course_lib.net.packet import ICMP, Packet

try:
    from tests.net.datapath_scenarios import scenario
except ImportError:                                 # run from tests/net
    from datapath_scenarios import scenario  # type: ignore[no-redef]


def _both(seed: int, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, int]:
    """The scenario with the general path, then with the fast path, and how many frames took the fast one."""
    taken = []
    unicast = bridging.unicast_out

    def counted(*args):  # type: ignore[no-untyped-def]
        out = unicast(*args)
        taken.append(out is not None)
        return out
    monkeypatch.setattr(bridging, "unicast_out", counted)
    monkeypatch.setattr(bridging, "FAST", False)
    general = scenario(seed)
    monkeypatch.setattr(bridging, "FAST", True)
    fast = scenario(seed)
    return general, fast, sum(taken)


@pytest.mark.parametrize("seed", range(5))
def test_bridge_fast_path_same_outputs_as_the_general_path(seed, monkeypatch):
    general, fast, taken = _both(seed, monkeypatch)
    assert fast == general
    assert taken > 0


def _pinged_lab() -> tuple[Lab, object]:
    lab = Lab()
    lab.run("ip netns add x; ip -n x link set lo up; ip netns exec x ping -c 2 -i 0.2 127.0.0.1")
    return lab, lab.network.machines["host"].netns["x"]


def test_mib_slots_are_added_once_before_any_read():
    lab, ns = _pinged_lab()
    counters = ns._snmp
    assert isinstance(counters, snmp.Mib) and any(counters.pend)
    assert counters["Ip.InReceives"] == 4 and not any(counters.pend)      # the read settled the slots
    assert snmp.values(ns, "Ip", ["InReceives", "InDelivers", "OutRequests", "OutTransmits"]) == [4, 4, 4, 4]
    assert counters.get("IcmpMsg.OutType8") == 2 and counters["IpExt.InNoECTPkts"] == 4
    assert dict(counters)["IpExt.InOctets"] == 336


def test_mib_copies_and_pickles_count_once():
    lab, ns = _pinged_lab()
    before = snmp.proc_net_snmp(ns)
    lab.run("ip netns exec x ping -c 1 127.0.0.1")          # slots waiting again
    twin = copy.deepcopy(ns)
    pickled = pickle.loads(pickle.dumps(ns._snmp))          # a plain dict of the settled counters
    assert type(pickled) is dict and pickled == dict(ns._snmp)
    assert snmp.proc_net_snmp(twin) == snmp.proc_net_snmp(ns) != before
    assert snmp.values(twin, "Ip", ["InReceives"]) == [6]
    snmp.inc(twin, "Ip", "InReceives")                     # the copy's Mib counts on its own
    assert snmp.values(twin, "Ip", ["InReceives"]) == [7] and snmp.values(ns, "Ip", ["InReceives"]) == [6]


def test_route_cache_emptied_by_route_edits():
    lab = Lab()
    assert lab.run("ip netns add x; ip -n x link add d0 type veth peer name d1; ip -n x link set d0 up; "
                   "ip -n x link set d1 up; ip -n x addr add 10.1.0.1/24 dev d0").returncode == 0
    ns = lab.network.machines["host"].netns["x"]
    dst = ipaddress.IPv4Address("10.2.0.9")
    assert lookup_route(ns, dst) is None and ns.routes.lookups
    assert lab.run("ip -n x route add 10.2.0.0/16 via 10.1.0.254").returncode == 0
    assert not ns.routes.lookups
    assert str(lookup_route(ns, dst).dst) == "10.2.0.0/16"
    ns.routes.append(Route(dst=ipaddress.IPv4Network("10.2.0.0/24"), dev=ns.link_by_name("d0"), scope="link"))
    assert str(lookup_route(ns, dst).dst) == "10.2.0.0/24"
    del ns.routes[-1]
    assert str(lookup_route(ns, dst).dst) == "10.2.0.0/16"
    lab.run("ip -n x route del 10.2.0.0/16")
    assert lookup_route(ns, dst) is None


def test_echo_reply_fields_in_packet_order():
    """icmp.echo_reply builds its Packet with positional arguments: they follow the dataclass's field order."""
    assert [f.name for f in dataclasses.fields(Packet)] == [
        "src", "dst", "proto", "ttl", "sport", "dport", "tcp_flags", "icmp_type", "icmp_code", "icmp_id",
        "icmp_seq", "inner", "payload", "length", "mark", "src_mac", "tos", "ct", "ct_state", "trace"]
    req = Packet(src=ipaddress.IPv4Address("10.0.0.1"), dst=ipaddress.IPv4Address("10.0.0.2"), proto=ICMP,
                 ttl=9, icmp_type=8, icmp_code=0, icmp_id=7, icmp_seq=3, payload=b"x", length=90, mark=5, tos=0x10)
    sent = []
    lab = Lab()
    ns = lab.network.machines["host"].root
    original = icmp._datapath.ip_send
    try:
        icmp._datapath.ip_send = lambda netns, pkt, oif=None, error_reply=False: sent.append((pkt, oif, error_reply))
        icmp.echo_reply(ns, req)
    finally:
        icmp._datapath.ip_send = original
    assert sent == [(Packet(src=req.dst, dst=req.src, proto=ICMP, icmp_type=0, icmp_code=0, icmp_id=7, icmp_seq=3,
                            payload=b"x", length=90, tos=0x10), None, True)]
