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

from course_lib.net.snmp_keys import NETSTAT_KEYS, SNMP_KEYS

if TYPE_CHECKING:
    from course_lib.net.netns import NetNS

ICMP_NAMES = {0: "EchoReps", 3: "DestUnreachs", 4: "SrcQuenchs", 5: "Redirects", 8: "Echos", 11: "TimeExcds",
              12: "ParmProbs", 13: "Timestamps", 14: "TimestampReps", 17: "AddrMasks", 18: "AddrMaskReps"}
_LIMITED_BROADCAST = 0xFFFFFFFF


def mib(netns: "NetNS") -> dict[str, int]:
    """The netns's counters by "Table.Key" (made on first use)."""
    counters = netns.__dict__.get("_snmp")
    if counters is None:
        counters = netns.__dict__["_snmp"] = {}
    return counters


def inc(netns: "NetNS", table: str, key: str, amount: int = 1) -> None:
    counters = mib(netns)
    name = table + "." + key
    counters[name] = counters.get(name, 0) + amount


_ECN = ("IpExt.InNoECTPkts", "IpExt.InECT1Pkts", "IpExt.InECT0Pkts", "IpExt.InCEPkts")
# (way, ICMP type) -> the counters one message adds to
_ICMP_KEYS = {(way, t): (f"Icmp.{way}Msgs",) + ((f"Icmp.{way}{ICMP_NAMES[t]}",) if t in ICMP_NAMES else ())
              + (f"IcmpMsg.{way}Type{t}",) for way in ("In", "Out") for t in range(256)}


def _cast(netns: "NetNS", pkt: Any) -> str:
    """"Bcast", "Mcast" or "" for the packet's destination as this netns sees it."""
    dst = pkt.dst
    value = dst._ip
    if value >> 28 == 0xE:
        return "Mcast"
    return "Bcast" if value == _LIMITED_BROADCAST or _datapath.is_broadcast(netns, dst) else ""


def ip_in(netns: "NetNS", pkt: Any) -> None:
    counters = netns.__dict__.get("_snmp") or mib(netns)
    get = counters.get
    length = pkt.length
    counters["Ip.InReceives"] = get("Ip.InReceives", 0) + 1
    counters["IpExt.InOctets"] = get("IpExt.InOctets", 0) + length
    kind = _ECN[(pkt.tos or 0) & 3]
    counters[kind] = get(kind, 0) + 1
    cast = _cast(netns, pkt)
    if cast:
        inc(netns, "IpExt", f"In{cast}Pkts")
        inc(netns, "IpExt", f"In{cast}Octets", length)


def _icmp(netns: "NetNS", way: str, pkt: Any) -> None:
    counters = netns.__dict__.get("_snmp") or mib(netns)
    for key in _ICMP_KEYS.get((way, pkt.icmp_type or 0), ()):
        counters[key] = counters.get(key, 0) + 1


def ip_local_out(netns: "NetNS", pkt: Any) -> None:
    counters = netns.__dict__.get("_snmp") or mib(netns)
    counters["Ip.OutRequests"] = counters.get("Ip.OutRequests", 0) + 1
    proto = pkt.proto
    if proto == "icmp":
        _icmp(netns, "Out", pkt)
    elif proto == "udp":
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
    counters = netns.__dict__.get("_snmp") or mib(netns)
    counters["Ip.OutTransmits"] = counters.get("Ip.OutTransmits", 0) + 1
    counters["IpExt.OutOctets"] = counters.get("IpExt.OutOctets", 0) + pkt.length
    cast = _cast(netns, pkt)
    if cast:
        inc(netns, "IpExt", f"Out{cast}Pkts")
        inc(netns, "IpExt", f"Out{cast}Octets", pkt.length)


def forwarded(netns: "NetNS", pkt: Any) -> None:
    inc(netns, "Ip", "ForwDatagrams")


def delivered(netns: "NetNS", pkt: Any, broadcast: bool) -> None:
    """ip_local_deliver and the protocol's receive: what a packet that passed INPUT counts."""
    counters = netns.__dict__.get("_snmp") or mib(netns)
    counters["Ip.InDelivers"] = counters.get("Ip.InDelivers", 0) + 1
    proto = pkt.proto
    if proto == "icmp":
        _icmp(netns, "In", pkt)
    elif proto == "udp":
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
