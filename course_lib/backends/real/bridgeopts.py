"""A bridge's own options on the kernel: IFLA_BR_* as iplink_bridge.c sends them, and read back for `ip -d link`.

`ip link add|set BR type bridge OPTS` carries the options the command line gave, in its order, inside
IFLA_INFO_DATA (no_linklocal_learn and mcast_vlan_snooping as one IFLA_BR_MULTI_BOOLOPT at the end);
the kernel's br_changelink() checks and applies them. The link dump's IFLA_BR_* give the values back.
"""
from __future__ import annotations

import struct
from typing import Any

from pyroute2.netlink import nla
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg

_BASE = ifinfmsg.ifinfo.bridge_data


class bridge_data(_BASE):
    """pyroute2's IFLA_BR_* map with the two attributes it stops short of (45, 46)."""

    nla_map = _BASE.nla_map + (("IFLA_BR_VLAN_STATS_PER_PORT", "uint8"), ("IFLA_BR_MULTI_BOOLOPT", "boolopt"))
    _nlmsg_base__compiled_nla = False

    class boolopt(nla):                     # struct br_boolopt_multi
        fields = (("optval", "I"), ("optmask", "I"))


class _ifinfo(ifinfmsg.ifinfo):
    data_map = {**ifinfmsg.ifinfo.data_map, "bridge": bridge_data}
    _nlmsg_base__compiled_nla = False


class linkmsg(ifinfmsg):
    """ifinfmsg whose bridge IFLA_INFO_DATA knows every IFLA_BR_* iproute2 6.1 sends."""

    ifinfo = _ifinfo
    _nlmsg_base__compiled_nla = False


_BOOLOPTS = {"no_linklocal_learn": 0, "mcast_vlan_snooping": 1}     # BR_BOOLOPT_* bits
_NAMES = {"mcast_last_member_count": "MCAST_LAST_MEMBER_CNT", "mcast_startup_query_count": "MCAST_STARTUP_QUERY_CNT",
          "mcast_last_member_interval": "MCAST_LAST_MEMBER_INTVL",
          "mcast_membership_interval": "MCAST_MEMBERSHIP_INTVL", "mcast_querier_interval": "MCAST_QUERIER_INTVL",
          "mcast_query_interval": "MCAST_QUERY_INTVL", "mcast_query_response_interval": "MCAST_QUERY_RESPONSE_INTVL",
          "mcast_startup_query_interval": "MCAST_STARTUP_QUERY_INTVL", "group_address": "GROUP_ADDR"}


def data(info: dict[str, Any]) -> list[tuple[str, Any]]:
    """The IFLA_INFO_DATA attributes of a parsed `type bridge OPTS` (course_lib.shell.ip.link_bridge)."""
    out: list[tuple[str, Any]] = []
    optval = optmask = 0
    for name, value in info.items():
        if name in _BOOLOPTS:
            bit = 1 << _BOOLOPTS[name]
            optmask |= bit
            optval = optval | bit if value else optval & ~bit
            continue
        attr = "IFLA_BR_" + _NAMES.get(name, name.upper())
        if name == "fdb_flush":
            out.append((attr, True))
        elif name == "vlan_protocol":
            out.append((attr, 0x88A8 if value == "802.1ad" else 0x8100))
        else:
            out.append((attr, value))
    if optmask:
        out.append(("IFLA_BR_MULTI_BOOLOPT", {"optval": optval, "optmask": optmask}))
    return out


# IFLA_BR_* number -> (the `ip -d link` name, width in bytes)
_READ = {1: ("forward_delay", 4), 2: ("hello_time", 4), 3: ("max_age", 4), 4: ("ageing_time", 4),
         5: ("stp_state", 4), 6: ("priority", 2), 7: ("vlan_filtering", 1), 9: ("group_fwd_mask", 2),
         22: ("mcast_router", 1), 23: ("mcast_snooping", 1), 24: ("mcast_query_use_ifaddr", 1),
         25: ("mcast_querier", 1), 36: ("nf_call_iptables", 1), 37: ("nf_call_ip6tables", 1),
         38: ("nf_call_arptables", 1), 42: ("mcast_stats_enabled", 1), 43: ("mcast_igmp_version", 1),
         44: ("mcast_mld_version", 1)}


_TIMERS = {16: "hello_timer", 17: "tcn_timer", 18: "topology_change_timer", 19: "gc_timer"}


def bridge_id(raw: bytes) -> str:
    """struct ifla_bridge_id as br_dump_bridge_id() prints it: prio bytes in hex, ether_ntoa's address."""
    raw = bytes(raw)
    return f"{raw[0]:02x}{raw[1]:02x}." + ":".join(f"{b:x}" for b in raw[2:8])


def read(info_data: dict[int, bytes]) -> dict[str, Any]:
    """A bridge's IFLA_INFO_DATA (attribute number -> payload) -> the settings `ip -d link` prints."""
    out: dict[str, Any] = {}
    for number, (name, width) in _READ.items():
        raw = info_data.get(number)
        if raw is not None and len(raw) >= width:
            out[name] = int.from_bytes(bytes(raw[:width]), "little")
    for number, name in _TIMERS.items():                # u64 in USER_HZ ticks (clock_t): seconds
        raw = info_data.get(number)
        if raw is not None and len(raw) >= 8:
            out[name] = int.from_bytes(bytes(raw[:8]), "little") / 100
    if len(info_data.get(11, b"")) >= 8:                # IFLA_BR_BRIDGE_ID
        out["bridge_id"] = bridge_id(info_data[11])
    boolopt = info_data.get(46)
    if boolopt is not None and len(boolopt) >= 8:
        optval, _mask = struct.unpack_from("=II", boolopt)
        out["no_linklocal_learn"] = optval >> _BOOLOPTS["no_linklocal_learn"] & 1
    return out
