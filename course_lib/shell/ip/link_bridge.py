"""`ip link add|set ... type bridge OPTS`: iplink_bridge.c's bridge_parse_opt() (abbreviations, value checks)."""
from __future__ import annotations

from course_lib.result import CommandError
from course_lib.shell.ip.options import Args, invarg, lladdr_bytes, matches, parse_u32, usage

_U8, _U16, _U32, _U64 = 0xFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF
# in the parser's order (the first name a word abbreviates wins): name -> largest value (None: no number)
_OPTIONS: list[tuple[str, object]] = [
    ("fdb_flush", "flag"), ("forward_delay", _U32), ("hello_time", _U32), ("max_age", _U32),
    ("ageing_time", _U32), ("stp_state", _U32), ("priority", _U16), ("vlan_filtering", _U8),
    ("vlan_protocol", "proto"), ("group_fwd_mask", _U16), ("group_address", "lladdr"),
    ("no_linklocal_learn", _U8), ("vlan_default_pvid", _U16), ("vlan_stats_enabled", _U8),
    ("vlan_stats_per_port", _U8), ("mcast_router", _U8), ("mcast_snooping", _U8),
    ("mcast_vlan_snooping", _U8), ("mcast_query_use_ifaddr", _U8), ("mcast_querier", _U8),
    ("mcast_hash_elasticity", _U32), ("mcast_hash_max", _U32), ("mcast_last_member_count", _U32),
    ("mcast_startup_query_count", _U32), ("mcast_last_member_interval", _U64),
    ("mcast_membership_interval", _U64), ("mcast_querier_interval", _U64), ("mcast_query_interval", _U64),
    ("mcast_query_response_interval", _U64), ("mcast_startup_query_interval", _U64),
    ("mcast_stats_enabled", _U8), ("mcast_igmp_version", _U8), ("mcast_mld_version", _U8),
    ("nf_call_iptables", _U8), ("nf_call_ip6tables", _U8), ("nf_call_arptables", _U8),
]


def parse_bridge(args: Args) -> dict:
    """The settings a bridge request carries: name -> number (flags and addresses as given)."""
    out: dict = {}
    while args.more():
        word = args.take()
        name, limit = next(((n, lim) for n, lim in _OPTIONS if matches(word, n)), (None, None))
        if name is None:
            if matches(word, "help"):
                raise usage("ip link bridge")
            raise CommandError(f'bridge: unknown command "{word}"?\n' + usage("ip link bridge").message, 1)
        if limit == "flag":
            out[name] = 1
            continue
        value = args.next_arg()
        if limit == "proto":
            if value not in ("802.1Q", "802.1ad", "802.1q"):
                raise invarg("invalid vlan_protocol", value, blank=False)
            out[name] = value
        elif limit == "lladdr":
            try:
                if len(lladdr_bytes(value)) != 6:
                    raise CommandError("", 1)
            except CommandError:
                raise invarg("invalid group address", value, blank=False) from None
            out[name] = value
        else:
            number = _unsigned(value)
            if number is None or number > limit:
                raise invarg(f"invalid {name}", value, blank=False)
            out[name] = number
    return out


def _unsigned(text: str):
    """get_u8/u16/u32/u64: strtoul with base 0."""
    if len(text) > 2 and text[:2].lower() == "0x" or len(text) > 1 and text.startswith("0"):
        return parse_u32(text)
    return int(text) if text.isdigit() else None
