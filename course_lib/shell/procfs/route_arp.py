"""/proc/net/route and /proc/net/arp of a netns, as fib_route_seq_show and arp_seq_show print them.

route: the main table's IPv4 routes in trie (address) order, each line padded to 127 columns; no title
at all while the netns never made its main table. Addresses are the raw big-endian words printed as
`%08X` on a little-endian machine (10.0.0.0 -> 0000000A). arp: the IPv4 neighbour cache (NOARP entries
skipped, as the kernel's seq walk does), then the IPv4 proxy entries (`arp -s ... pub`).
"""
from __future__ import annotations

import ipaddress
from typing import Any

from course_lib.net import proxy_arp
from course_lib.net.arp import refresh
from course_lib.net.route_table import routes_of
from course_lib.shell.nettools.route import REJECT, kernel_routes

RTF_UP, RTF_GATEWAY, RTF_HOST, RTF_REJECT = 0x1, 0x2, 0x4, 0x200
ROUTE_TITLE = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"
ARP_TITLE = "IP address       HW type     Flags       HW address            Mask     Device\n"
ATF_COM, ATF_PERM, ATF_PUBL = 0x2, 0x4, 0x8
VALID = ("REACHABLE", "STALE", "DELAY", "PROBE", "PERMANENT", "NOARP")
ARPHRD_ETHER, ARPHRD_LOOPBACK = 1, 772


def le_hex(addr: Any) -> str:
    """An IPv4 address as /proc/net/route prints it: the network-order word read as a little-endian int."""
    return f"{int.from_bytes(ipaddress.IPv4Address(addr).packed, 'little'):08X}"


def _metric(route: Any, name: str) -> int:
    return int((route.metrics or {}).get(name, 0) or 0)


def _route_line(r: Any) -> str:
    flags = RTF_UP | (RTF_REJECT if r.type in REJECT else 0)
    if r.gateway is not None:
        flags |= RTF_GATEWAY
    if r.dst.prefixlen == 32:
        flags |= RTF_HOST
    advmss = _metric(r, "advmss")
    line = (f"{r.dev.name if r.dev is not None else '*'}\t{le_hex(r.dst.network_address)}\t"
            f"{le_hex(r.gateway or '0.0.0.0')}\t{flags:04X}\t0\t0\t{r.metric}\t{le_hex(r.dst.netmask)}\t"
            f"{advmss + 40 if advmss else 0}\t{_metric(r, 'window')}\t{_metric(r, 'rtt') >> 3}")
    return f"{line:<127}\n"


def proc_net_route(netns: Any) -> str:
    """/proc/net/route: the title (127 columns) and the main table's routes; empty before the main table."""
    if not routes_of(netns).main_made:
        return ""
    return f"{ROUTE_TITLE:<127}\n" + "".join(_route_line(r) for r in kernel_routes(netns))


def _arp_flags(state: str) -> int:
    if state == "PERMANENT":
        return ATF_PERM | ATF_COM
    return ATF_COM if state in VALID else 0


def proc_net_arp(netns: Any) -> str:
    """/proc/net/arp: neighbours then proxy entries, `%-16s 0x%-10x0x%-10x%-17s     *        %s`."""
    refresh(netns)
    out = [ARP_TITLE]
    rows = [n for n in netns.neighbours if n.ip.version == 4 and n.state != "NOARP"]
    for n in reversed(rows):
        hw = ARPHRD_LOOPBACK if n.link.is_loopback else ARPHRD_ETHER
        mac = n.mac or "00:00:00:00:00:00"
        out.append(f"{str(n.ip):<16} 0x{hw:<10x}0x{_arp_flags(n.state):<10x}{mac:<17}     *        {n.link.name}\n")
    for p in proxy_arp.entries(netns):
        if p.ip.version != 4:
            continue
        hw, dev = (ARPHRD_ETHER, p.link.name) if p.link is not None else (0, "*")
        out.append(f"{str(p.ip):<16} 0x{hw:<10x}0x{ATF_PUBL | ATF_PERM:<10x}00:00:00:00:00:00     *        {dev}\n")
    return "".join(out)
