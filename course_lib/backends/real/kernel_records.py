"""Kernel netlink messages -> the NetStack records (LinkRecord, AddrRecord, RouteRecord, ...).

The names and orders follow iproute2 6.1 (`ip link` flag order, `proto`/`scope`/`type` names,
IFA_F_* and NUD_* names), so the shared formatter prints kernel state exactly as it prints the model.
"""
from __future__ import annotations

import os
import socket
import struct
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
          18: "keepalived", 42: "babel", 99: "openr", 186: "bgp", 187: "isis", 188: "ospf", 189: "rip", 192: "eigrp"}
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
# `ip route` metric name -> pyroute2's RTAX_* name; RTAX ids from 2 (RTAX_LOCK is 1)
RTAX_NAMES = {"mtu": "RTAX_MTU", "window": "RTAX_WINDOW", "rtt": "RTAX_RTT", "rttvar": "RTAX_RTTVAR",
              "ssthresh": "RTAX_SSTHRESH", "cwnd": "RTAX_CWND", "advmss": "RTAX_ADVMSS",
              "reordering": "RTAX_REORDERING", "hoplimit": "RTAX_HOPLIMIT", "initcwnd": "RTAX_INITCWND",
              "features": "RTAX_FEATURES", "rto_min": "RTAX_RTO_MIN", "initrwnd": "RTAX_INITRWND",
              "quickack": "RTAX_QUICKACK", "congctl": "RTAX_CC_ALGO", "fastopen_no_cookie": "RTAX_FASTOPEN_NO_COOKIE"}
RTAX_IDS = {name: i + 2 for i, name in enumerate(RTAX_NAMES)}


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


OPERSTATES = ["UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"]
STATS64 = ["rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors", "rx_dropped",
           "tx_dropped", "multicast", "collisions", "rx_length_errors", "rx_over_errors", "rx_crc_errors",
           "rx_frame_errors", "rx_fifo_errors", "rx_missed_errors", "tx_aborted_errors", "tx_carrier_errors",
           "tx_fifo_errors", "tx_heartbeat_errors", "tx_window_errors", "rx_compressed", "tx_compressed"]
_U32 = struct.Struct("=I")
_ATTR = struct.Struct("=HH")
_IFI = struct.Struct("=BxHiII")
# IFLA_* number -> (key, decoder)
_STR = lambda b: bytes(b).split(b"\0", 1)[0].decode(errors="replace")   # noqa: E731
_MAC = lambda b: ":".join(f"{x:02x}" for x in bytes(b))                    # noqa: E731
_NUM = lambda b: _U32.unpack_from(b)[0] if len(b) >= 4 else 0             # noqa: E731
_SNUM = lambda b: struct.unpack_from("=i", b)[0] if len(b) >= 4 else 0    # noqa: E731
_LINK_ATTRS = {1: ("address", _MAC), 2: ("broadcast", _MAC), 3: ("ifname", _STR), 4: ("mtu", _NUM),
               5: ("link", _NUM), 6: ("qdisc", _STR), 10: ("master", _NUM), 13: ("txqlen", _NUM),
               16: ("operstate", lambda b: OPERSTATES[b[0]] if b and b[0] < len(OPERSTATES) else "UNKNOWN"),
               17: ("linkmode", lambda b: b[0] if b else 0), 18: ("linkinfo", bytes), 20: ("alias", _STR),
               23: ("stats64", bytes), 27: ("group", _NUM), 30: ("promiscuity", _NUM),
               35: ("carrier_changes", _NUM),
               37: ("link_netnsid", _SNUM), 50: ("min_mtu", _NUM), 51: ("max_mtu", _NUM),
               52: ("altnames", lambda b: [_STR(v) for k, v in nl_attrs(b, 0, len(b)) if k == 53]),
               59: ("tso_max_size", _NUM), 61: ("allmulti", _NUM)}


def nl_attrs(data: bytes, pos: int, end: int):
    """(type, payload) of each netlink attribute in data[pos:end] (flags stripped from the type)."""
    while pos + 4 <= end:
        length, kind = _ATTR.unpack_from(data, pos)
        if length < 4:
            return
        yield kind & 0x3FFF, data[pos + 4:pos + length]
        pos += (length + 3) & ~3


def parse_link(data: bytes) -> dict[str, Any]:
    """The fields of one raw RTM_NEWLINK message that `ip link` needs (fast: no full decode)."""
    end = min(_U32.unpack_from(data)[0], len(data))
    _family, ifi_type, index, flags, _change = _IFI.unpack_from(data, 16)
    out: dict[str, Any] = {"index": index, "ifi_type": ifi_type, "flags": flags}
    attrs = _LINK_ATTRS
    unpack = _ATTR.unpack_from
    pos = 32
    while pos + 4 <= end:
        length, kind = unpack(data, pos)
        if length < 4:
            break
        spec = attrs.get(kind & 0x3FFF)
        if spec is not None:
            out[spec[0]] = spec[1](data[pos + 4:pos + length])
        pos += (length + 3) & ~3
    info = out.pop("linkinfo", None)
    if info:
        for kind, value in nl_attrs(info, 0, len(info)):
            if kind == 1:
                out["kind"] = _STR(value)
            elif kind == 2:                                 # IFLA_INFO_DATA: the kind's own attributes
                out["info_data"] = {k: v for k, v in nl_attrs(value, 0, len(value))}
            elif kind == 5:                                 # IFLA_INFO_SLAVE_DATA: a bridge port's settings
                out["slave_data"] = value
    stats = out.pop("stats64", None)
    if stats:
        count = min(len(stats) // 8, len(STATS64))
        out["stats"] = dict(zip(STATS64, struct.unpack_from(f"={count}Q", stats)))
    return out


def link_name(data: bytes) -> tuple[int, str]:
    """(ifindex, name) of one raw RTM_NEWLINK message."""
    index = _IFI.unpack_from(data, 16)[2]
    end = min(_U32.unpack_from(data)[0], len(data))
    pos = 32
    while pos + 4 <= end:
        length, kind = _ATTR.unpack_from(data, pos)
        if length < 4:
            break
        if kind & 0x3FFF == 3:
            return index, _STR(data[pos + 4:pos + length])
        pos += (length + 3) & ~3
    return index, ""


def link_record(link: dict[str, Any], names: dict[int, str], cable: bool, nsid_names: dict[int, str]) -> LinkRecord:
    kind = link.get("kind")
    if link["ifi_type"] == ARPHRD_LOOPBACK:
        kind = "loopback"
    elif cable or kind is None:
        kind = "ether"
    flags = link["flags"]
    rec = LinkRecord(
        ifindex=link["index"], name=link.get("ifname", ""), kind=kind,
        flags=[n for n, bit in IFF_ORDER if flags & bit], mtu=link.get("mtu", 0),
        qdisc=link.get("qdisc", "noop"), operstate=link.get("operstate", "UNKNOWN"),
        mac=link.get("address", "00:00:00:00:00:00"), brd=link.get("broadcast", "00:00:00:00:00:00"),
        link_type="loopback" if kind == "loopback" else "ether",
        master=names.get(link["master"]) if link.get("master") else None,
        txqlen=link.get("txqlen", 0), group="default" if not link.get("group") else str(link["group"]),
        mode="DORMANT" if link.get("linkmode") == 1 else "DEFAULT", alias=link.get("alias") or None,
        promiscuity=link.get("promiscuity", 0), allmulti=link.get("allmulti"), minmtu=link.get("min_mtu", 0), maxmtu=link.get("max_mtu", 0),
        stats=link.get("stats", {}), altnames=link.get("altnames", []))
    if "carrier_changes" in link:                   # `ip -s -s link`'s transns
        rec.stats["tx_transns"] = link["carrier_changes"]
    if link.get("slave_data") is not None and link.get("master"):
        from course_lib.backends.real.bridgeport import protinfo
        rec.bridge_info.update(protinfo(link["slave_data"]))
    data = link.get("info_data")
    if kind == "macvlan" and data is not None:
        rec.details = macvlan_details(data)
    elif kind == "bridge" and data is not None:
        from course_lib.backends.real.bridgeopts import read
        rec.bridge_info.update(read(data), tso_max_size=str(link.get("tso_max_size", 65536)))
    elif kind == "vxlan" and data is not None:
        rec.details = vxlan_details(data, names)
        rec.bridge_info.update(tso_max_size=str(link.get("tso_max_size", 65536)), cost="100")
    if kind in ("veth", "macvlan") and link.get("link"):
        rec.peer_ifindex = link["link"]
        nsid = link.get("link_netnsid")
        if nsid is None:
            rec.peer_name = names.get(link["link"])
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
    # in bit order, "dynamic" standing at IFA_F_PERMANENT's place (printed when the bit is clear)
    flags = [n for n, bit in IFA_FLAGS if flags_value & bit and bit < IFA_F_PERMANENT]
    if not flags_value & IFA_F_PERMANENT:
        flags.append("dynamic")
    flags += [n for n, bit in IFA_FLAGS if flags_value & bit and bit > IFA_F_PERMANENT]
    if family == 6 and "secondary" in flags:
        flags[flags.index("secondary")] = "temporary"
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
    rec = RouteRecord(
        family=family, dst=dst, type=RTN_TYPES.get(msg["type"], str(msg["type"])),
        table=attr("RTA_TABLE") or msg["table"], proto=PROTOS.get(msg["proto"], str(msg["proto"])),
        scope=SCOPES.get(msg["scope"], str(msg["scope"])), gateway=attr("RTA_GATEWAY"),
        dev=names.get(oif) if oif else None, src=attr("RTA_PREFSRC"), metric=attr("RTA_PRIORITY") or 0,
        flags=[n for n, bit in RTNH_F if msg["flags"] & bit],
        pref={0: "medium", 1: "high", 3: "low"}.get(attr("RTA_PREF") or 0) if family == 6 else None,
        nexthops=[{"gateway": nh.get_attr("RTA_GATEWAY"), "dev": names.get(nh["oif"], "?"),
                   "weight": nh["hops"] + 1, "flags": [n for n, bit in RTNH_F if nh["flags"] & bit]}
                  for nh in attr("RTA_MULTIPATH")] if attr("RTA_MULTIPATH") else None,
        realms=attr("RTA_FLOW") or 0)
    metrics = attr("RTA_METRICS")
    if metrics is not None:
        rec.metrics, rec.metric_locks = route_metrics(metrics)
    return rec


def route_metrics(nested: Any) -> tuple[Optional[dict], frozenset]:
    """RTA_METRICS -> (metric name -> value in RTAX order, the locked names)."""
    by_rtax = {rtax: name for name, rtax in RTAX_NAMES.items()}
    values, locks = {}, 0
    for rtax, value in nested.get("attrs", []):
        if rtax == "RTAX_LOCK":
            locks = value
        elif rtax in by_rtax:
            values[by_rtax[rtax]] = value
    locked = frozenset(name for name, i in RTAX_IDS.items() if locks >> i & 1)
    # print_rta_metrics(): a locked metric the kernel keeps no value for shows as 0
    ordered = {name: values.get(name, 0) for name in RTAX_NAMES if name in values or name in locked}
    return ordered or None, locked


def neigh_state(state: int) -> str:
    return next((n for n, bit in NUD if state & bit), "NONE")


def neigh_record(msg: Any, names: dict[int, str]) -> NeighRecord:
    info = msg.get_attr("NDA_CACHEINFO")            # clock_t (USER_HZ 100), as print_cacheinfo divides them
    cache = None if not info else (info["ndm_refcnt"], info["ndm_used"] // 100, info["ndm_confirmed"] // 100,
                                   info["ndm_updated"] // 100)
    return NeighRecord(family=family_of(msg), ip=msg.get_attr("NDA_DST"), dev=names.get(msg["ifindex"], "?"),
                       lladdr=msg.get_attr("NDA_LLADDR"), state=neigh_state(msg["state"]),
                       router=bool(msg["flags"] & 0x80), cache=cache, probes=msg.get_attr("NDA_PROBES"))


def fdb_record(msg: Any, names: dict[int, str]) -> FdbRecord:
    flags = []
    if msg["flags"] & 0x02:
        flags.append("self")
    if msg["flags"] & 0x40:                                 # NTF_STICKY
        flags.append("sticky")
    state = msg["state"]
    if state & 0x80:
        flags.append("permanent")
    elif state & 0x40:
        flags.append("static")
    master = msg.get_attr("NDA_MASTER")
    via = msg.get_attr("NDA_IFINDEX")                       # a vxlan remote's device
    return FdbRecord(mac=msg.get_attr("NDA_LLADDR"), dev=names.get(msg["ifindex"], "?"),
                     master=names.get(master) if master else None, flags=flags, vlan=msg.get_attr("NDA_VLAN"),
                     dst=msg.get_attr("NDA_DST"), via=names.get(via) if via else None)


MACVLAN_MODES = {1: "private", 2: "vepa", 4: "bridge", 8: "passthru", 16: "source"}


def macvlan_details(data: dict[int, bytes]) -> str:
    """IFLA_MACVLAN_* -> the `ip -d link` text after `macvlan `."""
    from course_lib.net.macvlan import details_text
    mode = MACVLAN_MODES.get(_NUM(data.get(1, b"")), "vepa")
    flags = struct.unpack_from("=H", data[2])[0] if len(data.get(2, b"")) >= 2 else 0
    flag = " ".join(name for name, bit in (("nopromisc", 1), ("nodst", 2)) if flags & bit) or None
    return details_text(mode, flag, _NUM(data.get(7, b"")), _NUM(data.get(8, b"")), _NUM(data.get(6, b"")))


def vxlan_details(data: dict[int, bytes], names: dict[int, str]) -> str:
    """IFLA_VXLAN_* -> the `ip -d link` text after `vxlan ` (the model's printer, fed with kernel values)."""
    from ipaddress import IPv4Address
    from types import SimpleNamespace
    from course_lib.net import vxlan
    addr = data.get(2)
    group = IPv4Address(bytes(addr)) if addr and len(addr) == 4 else None
    local = data.get(4)
    lower = _NUM(data.get(3, b""))
    cfg = vxlan.VxlanConfig(
        vni=_NUM(data.get(1, b"")), dstport=struct.unpack_from(">H", data[15])[0] if 15 in data else 0,
        remote=group if group is not None and not group.is_multicast else None,
        group=group if group is not None and group.is_multicast else None,
        local=IPv4Address(bytes(local)) if local and len(local) == 4 and any(local) else None,
        lower=SimpleNamespace(name=names.get(lower, f"if{lower}")) if lower else None,   # type: ignore[arg-type]
        learning=bool(data.get(7, b"\1")[0]), ageing=_NUM(data.get(8, b"")))
    return vxlan.details(SimpleNamespace(vxlan=cfg))     # type: ignore[arg-type]
