"""A netns's protocol counters (the kernel's SNMP MIBs) as the datapath counts them, and /proc/net/snmp and netstat.

The datapath calls one function per place where the kernel counts:
- `ip_in` in ip_rcv (InReceives, InOctets, the ECN and broadcast/multicast kinds), for every packet
  that reaches IP, forwarded or not;
- `ip_local_out` when a locally made packet has its route (OutRequests; Icmp/IcmpMsg out, Udp
  OutDatagrams, Tcp OutSegs/OutRsts/ActiveOpens); `no_route` when it has none (OutNoRoutes);
- `ip_transmit` in ip_finish_output2 (OutTransmits, OutOctets), for sent and forwarded packets;
- `forwarded` in ip_forward_finish (ForwDatagrams);
- `delivered` in ip_local_deliver (InDelivers; Icmp/IcmpMsg in, Udp InDatagrams/NoPorts/IgnoredMulti,
  Tcp InSegs/PassiveOpens);
- `inc(netns, "Ip", "InAddrErrors")` and the like for the drops the kernel counts.
Counters nobody counts stay 0, as in a fresh netns. Tcp follows the segments the model sends (its TCP
has fewer segments than a real handshake and close, so Tcp's numbers are the model's).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from course_lib.net.settled import SettledDict
from course_lib.net.snmp_keys import NETSTAT_KEYS, SNMP_KEYS

if TYPE_CHECKING:
    from course_lib.net.netns import NetNS

ICMP_NAMES = {0: "EchoReps", 3: "DestUnreachs", 4: "SrcQuenchs", 5: "Redirects", 8: "Echos", 11: "TimeExcds",
              12: "ParmProbs", 13: "Timestamps", 14: "TimestampReps", 17: "AddrMasks", 18: "AddrMaskReps"}
_LIMITED_BROADCAST = 0xFFFFFFFF

# The datapath's counts go first into slots of a list (one int per kind of event), which the MIB adds to
# its "Table.Key" counters before anything reads it: an int bump per packet instead of dict updates.
IN_OCTETS, IN_ECN, TRANSMITS, OUT_OCTETS = 0, 1, 5, 6   # IN_ECN: 4 slots by the ECN bits (InReceives too)
ICMP_OUT, ICMP_IN = 7, 7 + 256           # + ICMP type: a local ICMP message out / delivered (all its counters)
_SLOTS = ICMP_IN + 256
_ECN = ("IpExt.InNoECTPkts", "IpExt.InECT1Pkts", "IpExt.InECT0Pkts", "IpExt.InCEPkts")
# (way, ICMP type) -> the counters one message adds to
_ICMP_KEYS = {(way, t): (f"Icmp.{way}Msgs",) + ((f"Icmp.{way}{ICMP_NAMES[t]}",) if t in ICMP_NAMES else ())
              + (f"IcmpMsg.{way}Type{t}",) for way in ("In", "Out") for t in range(256)}
# slot -> the counters it stands for (each adds the slot's value)
_SLOT_KEYS: list[tuple[str, ...]] = [("IpExt.InOctets",)] + [("Ip.InReceives", k) for k in _ECN] + [
    ("Ip.OutTransmits",), ("IpExt.OutOctets",)] + [
    ("Ip.OutRequests",) + _ICMP_KEYS[("Out", t)] for t in range(256)] + [
    ("Ip.InDelivers",) + _ICMP_KEYS[("In", t)] for t in range(256)]
assert len(_SLOT_KEYS) == _SLOTS


class Mib(SettledDict):
    """A netns's counters by "Table.Key"; `pend` holds the slot counts not yet added (settled before reads)."""

    __slots__ = ("pend",)

    def __init__(self, counts: Any = ()) -> None:
        super().__init__(counts)
        self.pend = [0] * _SLOTS

    def _settle(self) -> None:
        pend = self.pend
        if not any(pend):
            return
        get, put = dict.get, dict.__setitem__
        for slot, amount in enumerate(pend):
            if amount:
                for key in _SLOT_KEYS[slot]:
                    put(self, key, get(self, key, 0) + amount)
        pend[:] = [0] * _SLOTS


def mib(netns: "NetNS") -> Mib:
    """The netns's counters by "Table.Key" (made on first use; a copied lab's plain dict becomes a Mib)."""
    counters = netns._snmp
    if type(counters) is not Mib:
        counters = netns.__dict__["_snmp"] = Mib(counters or ())
    return counters


def inc(netns: "NetNS", table: str, key: str, amount: int = 1) -> None:
    counters = mib(netns)
    name = table + "." + key
    dict.__setitem__(counters, name, dict.get(counters, name, 0) + amount)


def _cast(netns: "NetNS", pkt: Any) -> str:
    """"Bcast", "Mcast" or "" for the packet's destination as this netns sees it."""
    dst = pkt.dst
    value = dst._ip
    if value >> 28 == 0xE:
        return "Mcast"
    if value == _LIMITED_BROADCAST:
        return "Bcast"
    cached = netns._broadcasts         # datapath.is_broadcast's cache, read inline
    if cached is not None and cached[0] == netns.addresses and dst._version == 4:
        return "Bcast" if value in cached[1] else ""
    return "Bcast" if _datapath.is_broadcast(netns, dst) else ""


def ip_in(netns: "NetNS", pkt: Any) -> None:
    counters = netns._snmp
    if type(counters) is not Mib:
        counters = mib(netns)
    pend = counters.pend
    length = pkt.length
    pend[IN_OCTETS] += length
    pend[IN_ECN + ((pkt.tos or 0) & 3)] += 1
    value = pkt.dst._ip
    cached = netns._broadcasts         # datapath.is_broadcast's cache: a plain unicast?
    if cached is not None and value not in cached[1] and value >> 28 != 0xE and value != _LIMITED_BROADCAST \
            and cached[0] == netns.addresses:
        return
    cast = _cast(netns, pkt)
    if cast:
        inc(netns, "IpExt", f"In{cast}Pkts")
        inc(netns, "IpExt", f"In{cast}Octets", length)


def ip_local_out(netns: "NetNS", pkt: Any) -> None:
    proto = pkt.proto
    if proto == "icmp":
        counters = netns._snmp
        if type(counters) is not Mib:
            counters = mib(netns)
        counters.pend[ICMP_OUT + (pkt.icmp_type or 0)] += 1
        return
    inc(netns, "Ip", "OutRequests")
    if proto == "udp":
        inc(netns, "Udp", "OutDatagrams")
    elif proto == "tcp":
        flags = pkt.tcp_flags or ""
        inc(netns, "Tcp", "OutSegs")
        if "R" in flags:
            inc(netns, "Tcp", "OutRsts")
        if flags == "S":
            inc(netns, "Tcp", "ActiveOpens")
        elif flags == "SA":
            inc(netns, "Tcp", "PassiveOpens")           # the model's handshake completes with it


def no_route(netns: "NetNS") -> None:
    inc(netns, "Ip", "OutNoRoutes")


def ip_transmit(netns: "NetNS", pkt: Any) -> None:
    counters = netns._snmp
    if type(counters) is not Mib:
        counters = mib(netns)
    pend = counters.pend
    pend[TRANSMITS] += 1
    pend[OUT_OCTETS] += pkt.length
    value = pkt.dst._ip
    cached = netns._broadcasts         # as in ip_in
    if cached is not None and value not in cached[1] and value >> 28 != 0xE and value != _LIMITED_BROADCAST \
            and cached[0] == netns.addresses:
        return
    cast = _cast(netns, pkt)
    if cast:
        inc(netns, "IpExt", f"Out{cast}Pkts")
        inc(netns, "IpExt", f"Out{cast}Octets", pkt.length)


def forwarded(netns: "NetNS", pkt: Any) -> None:
    inc(netns, "Ip", "ForwDatagrams")


def delivered(netns: "NetNS", pkt: Any, broadcast: bool) -> None:
    """ip_local_deliver and the protocol's receive: what a packet that passed INPUT counts."""
    proto = pkt.proto
    if proto == "icmp":
        counters = netns._snmp
        if type(counters) is not Mib:
            counters = mib(netns)
        counters.pend[ICMP_IN + (pkt.icmp_type or 0)] += 1
        return
    inc(netns, "Ip", "InDelivers")
    if proto == "udp":
        from course_lib.net.delivery import endpoints, find_listener
        if ("udp", pkt.dport) in endpoints(netns) or find_listener(netns, "udp", pkt.dst, pkt.dport) is not None:
            inc(netns, "Udp", "InDatagrams")
        elif broadcast or pkt.dst.is_multicast:
            inc(netns, "Udp", "IgnoredMulti")
        else:
            inc(netns, "Udp", "NoPorts")
    elif proto == "tcp":
        inc(netns, "Tcp", "InSegs")


def _forwarding(netns: "NetNS") -> int:
    return 1 if netns.sysctls.get("net.ipv4.ip_forward", "0") == "1" else 2


def values(netns: "NetNS", table: str, keys: list[str]) -> list[int]:
    counters = mib(netns)
    if table == "Ip":
        fixed = {"Forwarding": _forwarding(netns),
                 "DefaultTTL": int(netns.sysctls.get("net.ipv4.ip_default_ttl", "64"))}
        return [fixed.get(k, counters.get("Ip." + k, 0)) for k in keys]
    if table == "Tcp":
        fixed = {"RtoAlgorithm": 1, "RtoMin": 200, "RtoMax": 120000, "MaxConn": -1}
        return [fixed.get(k, counters.get("Tcp." + k, 0)) for k in keys]
    return [counters.get(table + "." + k, 0) for k in keys]


def _pair(table: str, keys: list[str], vals: list[int]) -> str:
    return f"{table}: {' '.join(keys)}\n{table}: {' '.join(str(v) for v in vals)}\n"


def proc_net_snmp(netns: "NetNS") -> str:
    """/proc/net/snmp: Ip, Icmp, IcmpMsg (only the types seen, 16 a line, In before Out), Tcp, Udp, UdpLite."""
    out = [_pair("Ip", SNMP_KEYS["Ip"], values(netns, "Ip", SNMP_KEYS["Ip"])),
           _pair("Icmp", SNMP_KEYS["Icmp"], values(netns, "Icmp", SNMP_KEYS["Icmp"]))]
    counters = mib(netns)
    seen = sorted((0 if k.startswith("IcmpMsg.In") else 1, int(k.rsplit("Type", 1)[1]), k[len("IcmpMsg."):], v)
                  for k, v in counters.items() if k.startswith("IcmpMsg.") and v)
    for start in range(0, len(seen), 16):
        chunk = seen[start:start + 16]
        out.append(_pair("IcmpMsg", [name for _, _, name, _ in chunk], [v for _, _, _, v in chunk]))
    for table in ("Tcp", "Udp", "UdpLite"):
        out.append(_pair(table, SNMP_KEYS[table], values(netns, table, SNMP_KEYS[table])))
    return "".join(out)


def proc_net_netstat(netns: "NetNS") -> str:
    """/proc/net/netstat: TcpExt, IpExt and MPTcpExt."""
    return "".join(_pair(table, keys, values(netns, table, keys)) for table, keys in NETSTAT_KEYS.items())


from course_lib.net import datapath as _datapath  # noqa: E402  (the datapath imports this module)
