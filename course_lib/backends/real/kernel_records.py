"""Kernel netlink messages -> the NetStack records (LinkRecord, AddrRecord, RouteRecord, ...).

The names and orders follow iproute2 6.1 (`ip link` flag order, `proto`/`scope`/`type` names,
IFA_F_* and NUD_* names), so the shared formatter prints kernel state exactly as it prints the model.
"""
from __future__ import annotations

import os
import socket
from typing import Any, Optional

from course_lib.backends.stack import AddrRecord, FdbRecord, LinkRecord, NeighRecord, RouteRecord
from course_lib.result import CommandError

ARPHRD_LOOPBACK = 772
# IFF_* in the order iproute2's print_link_flags prints them (RUNNING kept for the formatter)
IFF_ORDER = [("LOOPBACK", 0x8), ("BROADCAST", 0x2), ("POINTOPOINT", 0x10), ("MULTICAST", 0x1000),
             ("NOARP", 0x80), ("ALLMULTI", 0x200), ("PROMISC", 0x100), ("MASTER", 0x400),
             ("SLAVE", 0x800), ("DEBUG", 0x4), ("DYNAMIC", 0x8000), ("AUTOMEDIA", 0x4000),
             ("PORTSEL", 0x2000), ("NOTRAILERS", 0x20), ("UP", 0x1), ("RUNNING", 0x40),
             ("LOWER_UP", 0x10000), ("DORMANT", 0x20000), ("ECHO", 0x40000)]
SCOPES = {0: "global", 200: "site", 253: "link", 254: "host", 255: "nowhere"}
SCOPE_IDS = {v: k for k, v in SCOPES.items()} | {"universe": 0}
PROTOS = {0: "unspec", 1: "redirect", 2: "kernel", 3: "boot", 4: "static", 8: "gated", 9: "ra",
          10: "mrt", 11: "zebra", 12: "bird", 13: "dnrouted", 14: "xorp", 15: "ntk", 16: "dhcp",
          42: "babel", 186: "bgp", 187: "isis", 188: "ospf", 189: "rip", 192: "eigrp"}
PROTO_IDS = {v: k for k, v in PROTOS.items()}
RTN_TYPES = {0: "unspec", 1: "unicast", 2: "local", 3: "broadcast", 4: "anycast", 5: "multicast",
             6: "blackhole", 7: "unreachable", 8: "prohibit", 9: "throw", 10: "nat", 11: "xresolve"}
RTN_IDS = {v: k for k, v in RTN_TYPES.items()}
IFA_FLAGS = [("secondary", 0x01), ("nodad", 0x02), ("optimistic", 0x04), ("dadfailed", 0x08),
             ("home", 0x10), ("deprecated", 0x20), ("tentative", 0x40), ("mngtmpaddr", 0x100),
             ("noprefixroute", 0x200), ("autojoin", 0x400), ("stable-privacy", 0x800)]
IFA_F_PERMANENT = 0x80
NUD = [("INCOMPLETE", 0x01), ("REACHABLE", 0x02), ("STALE", 0x04), ("DELAY", 0x08), ("PROBE", 0x10),
       ("FAILED", 0x20), ("NOARP", 0x40), ("PERMANENT", 0x80)]
NUD_IDS = dict(NUD) | {"NONE": 0}
RTNH_F = [("dead", 1), ("onlink", 4), ("linkdown", 16)]
FOREVER = 0xFFFFFFFF


def family_of(msg: Any) -> int:
    return 6 if msg["family"] == socket.AF_INET6 else 4


def netlink_error(exc: Exception) -> CommandError:
    """What iproute2 prints for a kernel refusal: the extack text, or RTNETLINK answers: strerror."""
    code = getattr(exc, "code", 0) or 0
    text = str(exc.args[1]) if len(getattr(exc, "args", ())) > 1 else ""
    strerror = os.strerror(code) if code else "Unknown error"
    if text and text != strerror:
        return CommandError(f"Error: {text}{'' if text.endswith('.') else '.'}", 2)
    return CommandError(f"RTNETLINK answers: {strerror}", 2)


def link_record(msg: Any, names: dict[int, str], cable: bool, nsid_names: dict[int, str]) -> LinkRecord:
    attr = msg.get_attr
    info = attr("IFLA_LINKINFO")
    kind = info.get_attr("IFLA_INFO_KIND") if info is not None else None
    if msg["ifi_type"] == ARPHRD_LOOPBACK:
        kind = "loopback"
    elif cable or kind is None:
        kind = "ether"
    stats = attr("IFLA_STATS64") or {}
    flags = msg["flags"]
    rec = LinkRecord(
        ifindex=msg["index"], name=attr("IFLA_IFNAME"), kind=kind,
        flags=[n for n, bit in IFF_ORDER if flags & bit], mtu=attr("IFLA_MTU") or 0,
        qdisc=attr("IFLA_QDISC") or "noop", operstate=attr("IFLA_OPERSTATE") or "UNKNOWN",
        mac=attr("IFLA_ADDRESS") or "00:00:00:00:00:00", brd=attr("IFLA_BROADCAST") or "00:00:00:00:00:00",
        link_type="loopback" if kind == "loopback" else "ether",
        master=names.get(attr("IFLA_MASTER")) if attr("IFLA_MASTER") else None,
        txqlen=attr("IFLA_TXQLEN") or 0, group="default" if not attr("IFLA_GROUP") else str(attr("IFLA_GROUP")),
        mode="DORMANT" if attr("IFLA_LINKMODE") == 1 else "DEFAULT", alias=attr("IFLA_IFALIAS") or None,
        promiscuity=attr("IFLA_PROMISCUITY") or 0, minmtu=attr("IFLA_MIN_MTU") or 0,
        maxmtu=attr("IFLA_MAX_MTU") or 0, stats={k: v for k, v in dict(stats).items() if isinstance(v, int)})
    if kind == "veth":
        peer = attr("IFLA_LINK")
        nsid = attr("IFLA_LINK_NETNSID")
        if peer:
            rec.peer_ifindex = peer
            if nsid is None:
                rec.peer_name = names.get(peer)
            else:
                rec.link_netnsid = nsid
                rec.link_netns = nsid_names.get(nsid)
    return rec


def addr_record(msg: Any, names: dict[int, str]) -> AddrRecord:
    attr = msg.get_attr
    family = family_of(msg)
    flags_value = attr("IFA_FLAGS")
    flags_value = msg["flags"] if flags_value is None else flags_value
    local = attr("IFA_LOCAL") or attr("IFA_ADDRESS")
    address = attr("IFA_ADDRESS")
    cache = attr("IFA_CACHEINFO")
    valid = cache["ifa_valid"] if cache else FOREVER
    preferred = cache["ifa_preferred"] if cache else FOREVER
    flags = [n for n, bit in IFA_FLAGS if flags_value & bit]
    if family == 6 and "secondary" in flags:
        flags[flags.index("secondary")] = "temporary"
    if not flags_value & IFA_F_PERMANENT:
        flags.insert(0, "dynamic")
    return AddrRecord(
        ifindex=msg["index"], dev=names.get(msg["index"], "?"), family=family, local=local,
        prefixlen=msg["prefixlen"], scope=SCOPES.get(msg["scope"], str(msg["scope"])),
        broadcast=attr("IFA_BROADCAST"), label=attr("IFA_LABEL"),
        peer=f"{address}/{msg['prefixlen']}" if family == 4 and address and address != local else None,
        flags=flags, valid_lft=None if valid == FOREVER else valid,
        preferred_lft=None if preferred == FOREVER else preferred)


def route_record(msg: Any, names: dict[int, str], dst: Optional[str] = None) -> RouteRecord:
    attr = msg.get_attr
    family = family_of(msg)
    if dst is None:
        base = attr("RTA_DST") or ("::" if family == 6 else "0.0.0.0")
        dst = f"{base}/{msg['dst_len']}"
    oif = attr("RTA_OIF")
    return RouteRecord(
        family=family, dst=dst, type=RTN_TYPES.get(msg["type"], str(msg["type"])),
        table=attr("RTA_TABLE") or msg["table"], proto=PROTOS.get(msg["proto"], str(msg["proto"])),
        scope=SCOPES.get(msg["scope"], str(msg["scope"])), gateway=attr("RTA_GATEWAY"),
        dev=names.get(oif) if oif else None, src=attr("RTA_PREFSRC"), metric=attr("RTA_PRIORITY") or 0,
        flags=[n for n, bit in RTNH_F if msg["flags"] & bit],
        pref={0: "medium", 1: "high", 3: "low"}.get(attr("RTA_PREF") or 0) if family == 6 else None)


def neigh_state(state: int) -> str:
    return next((n for n, bit in NUD if state & bit), "NONE")


def neigh_record(msg: Any, names: dict[int, str]) -> NeighRecord:
    return NeighRecord(family=family_of(msg), ip=msg.get_attr("NDA_DST"), dev=names.get(msg["ifindex"], "?"),
                       lladdr=msg.get_attr("NDA_LLADDR"), state=neigh_state(msg["state"]),
                       router=bool(msg["flags"] & 0x80))


def fdb_record(msg: Any, names: dict[int, str]) -> FdbRecord:
    flags = []
    if msg["flags"] & 0x02:
        flags.append("self")
    state = msg["state"]
    if state & 0x80:
        flags.append("permanent")
    elif state & 0x40:
        flags.append("static")
    master = msg.get_attr("NDA_MASTER")
    return FdbRecord(mac=msg.get_attr("NDA_LLADDR"), dev=names.get(msg["ifindex"], "?"),
                     master=names.get(master) if master else None, flags=flags, vlan=msg.get_attr("NDA_VLAN"))
