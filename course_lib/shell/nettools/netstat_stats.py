"""`netstat -s` and `netstat -g` (net-tools 2.10): the protocol statistics and the multicast group memberships.

-s reads /proc/net/snmp then /proc/net/netstat (course_lib.net.snmp makes both from the model's
counters) and prints them as statistics.c does: known keys with their text (bsearch over its tables,
see netstat_tables), unknown non-zero keys as "Key: value", unknown tables with their title always,
and the protocol flags (-t: Tcp and TcpExt, -u: Udp, -w: Ip and Icmp; none: all) selecting the known
ones. -g lists each device's IPv4 groups (/proc/net/igmp), then its IPv6 groups (/proc/net/igmp6).
"""
from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any, Optional

from course_lib.net import snmp
from course_lib.shell.nettools.netstat_tables import SNMP_TABS

if TYPE_CHECKING:
    from course_lib.net.netns import NetNS

SOLICITED = bytes.fromhex("ff0200000000000000000001ff")     # ff02::1:ff00:0/104
# state -> indent, histogram title
_STATES = {"N": (4, None), "O": (4, None), "F": (4, None), "I": (8, "ICMP input histogram:"),
           "P": (8, "ICMP output histogram:")}


def _bsearch(table: list, key: str) -> Optional[tuple]:
    """glibc bsearch with strcmp over a table that is not always sorted."""
    lo, hi = 0, len(table)
    raw = key.encode()
    while lo < hi:
        mid = (lo + hi) // 2
        other = table[mid][0].encode()
        if raw < other:
            hi = mid
        elif raw > other:
            lo = mid + 1
        else:
            return table[mid]
    return None


class _Printer:
    def __init__(self, shown: set[str]) -> None:
        self.shown = shown
        self.state = "N"
        self.out: list[str] = []

    def table(self, title: str) -> Optional[tuple[list, bool]]:
        """newtable(): a known table prints its title when its flag is on; an unknown one always does."""
        known = SNMP_TABS.get(title)
        if known is not None:
            on = known[1] in self.shown
            if on:
                self.out.append(f"{title}:\n")
            self.state = "N"
            return known[0], on
        self.out.append(f"{title}:\n")
        return [], True

    def value(self, table: list, key: str, val: int) -> None:
        """printval()."""
        entry = _bsearch(table, key) if table else None
        if entry is None:
            if val:
                self.out.append(f"{' ' * _STATES[self.state][0]}{key}: {val}\n")
            return
        _, text, kind = entry
        if kind in ("S", "F", "R") or not text:
            return
        if kind in ("I", "P") and self.state != kind:
            self.out.append(f"{' ' * _STATES[self.state][0]}{_STATES[kind][1]}\n")
        if (kind == "O" and val == 0) or (kind in ("I", "P") and val <= 0):
            line = ""
        else:
            line = text.replace("%llu", str(val))
        if line:
            self.out.append(f"{' ' * _STATES[kind][0]}{line}\n")
        self.state = kind


def _process(printer: _Printer, text: str) -> None:
    lines = text.splitlines()
    for i in range(0, len(lines) - 1, 2):
        title, _, keys = lines[i].partition(":")
        vals = lines[i + 1].partition(":")[2].split()
        table, on = printer.table(title)  # type: ignore[misc]
        if not on:
            continue
        for key, val in zip(keys.split(), vals):
            printer.value(table, key, int(val))


def statistics(netns: "NetNS", flags: set[str]) -> str:
    """netstat -s [-t] [-u] [-w]."""
    shown = {name for flag, name in (("t", "tcp"), ("u", "udp"), ("w", "raw")) if flag in flags}
    if not shown:
        shown = {"tcp", "udp", "raw", "sctp"}
    printer = _Printer(shown)
    _process(printer, snmp.proc_net_snmp(netns))
    _process(printer, snmp.proc_net_netstat(netns))
    return "".join(printer.out)


def v4_groups(link: Any) -> list[str]:
    """ip_mc_up: all-hosts on an UP device; a bridge with snooping adds the snoopers' 224.0.0.106."""
    if not link.admin_up:
        return []
    groups = ["224.0.0.1"]
    if link.kind == "bridge":
        from course_lib.net.bridge_opts import options
        if options(link)["mcast_snooping"]:
            groups.append("224.0.0.106")
    return groups


def v6_groups(netns: "NetNS", link: Any) -> list[str]:
    """The device's IPv6 groups, newest first: solicited-node ones, the bridge's ff02::6a, all-nodes."""
    from course_lib.backends.sim_records import mc_list
    macs = mc_list(netns, link) if link.kind != "loopback" else ["33:33:00:00:00:01"]
    if "33:33:00:00:00:01" not in macs:
        return []
    groups = []
    for a in reversed([a for a in netns.addresses if a.link is link and a.family == 6]):
        if link.kind == "loopback":
            continue
        group = str(ipaddress.IPv6Address(SOLICITED + a.ip.packed[-3:]))
        if group not in groups:
            groups.append(group)
    if "33:33:00:00:00:6a" in macs:
        groups.append("ff02::6a")
    return groups + ["ff02::1", "ff01::1"]


def groups(ctx: Any, numeric: bool) -> str:
    """netstat -g: every device's IPv4 groups, then every device's IPv6 groups, in ifindex order (names
    from getnameinfo unless -n: /etc/hosts gives ff02::1 as ip6-allnodes)."""
    from course_lib.shell.nettools.common import reverse_name
    netns = ctx.netns

    def name(group: str) -> str:
        return group if numeric else reverse_name(ctx, ipaddress.ip_address(group)) or group

    out = ["IPv6/IPv4 Group Memberships\n", "Interface       RefCnt Group\n",
           "--------------- ------ ---------------------\n"]
    links = [netns.links[i] for i in sorted(netns.links)]
    for link in links:
        out += [f"{link.name:<15} {1:<6} {name(g)}\n" for g in v4_groups(link)]
    for link in links:
        out += [f"{link.name:<15} {1:<6} {name(g)}\n" for g in v6_groups(netns, link)]
    return "".join(out)
