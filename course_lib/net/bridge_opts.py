"""A Linux bridge's own settings (`ip link add|set ... type bridge OPTS`) as br_changelink() applies them.

Times are in centiseconds (USER_HZ), as iproute2 sends and prints them. The checks are the kernel's:
hello_time 1-10 s and max_age 6-40 s always, forward_delay 2-30 s while STP is on (turning STP on
clamps it into that range), and this kernel has no VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING off):
any vlan_filtering/vlan_protocol/vlan_default_pvid request is refused.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from course_lib.result import CommandError

if TYPE_CHECKING:
    from course_lib.net.link import Link

DEFAULTS = {"forward_delay": 1500, "hello_time": 200, "max_age": 2000, "ageing_time": 30000, "stp_state": 0,
            "priority": 32768, "group_fwd_mask": 0, "no_linklocal_learn": 0, "mcast_snooping": 1,
            "mcast_router": 1, "mcast_query_use_ifaddr": 0, "mcast_querier": 0, "mcast_stats_enabled": 0,
            "mcast_igmp_version": 2, "mcast_mld_version": 1, "nf_call_iptables": 0, "nf_call_ip6tables": 0,
            "nf_call_arptables": 0}
ERANGE = CommandError("RTNETLINK answers: Numerical result out of range", 2)
NOT_SUPPORTED = CommandError("RTNETLINK answers: Operation not supported", 2)
_NO_VLAN = ("vlan_filtering", "vlan_protocol", "vlan_default_pvid", "vlan_stats_enabled", "vlan_stats_per_port",
            "mcast_vlan_snooping")


def options(link: "Link") -> dict[str, int]:
    """Every setting of a bridge (the defaults, then what was changed)."""
    return {**DEFAULTS, **(link.bridge_opts or {})}


def change(link: "Link", given: dict[str, int]) -> None:
    """br_changelink(): each setting in the kernel's order; the first refusal stops (earlier ones stay)."""
    opts = dict(link.bridge_opts or {})
    stp_before = {**DEFAULTS, **opts}["stp_state"]
    try:
        for name in ("forward_delay", "hello_time", "max_age", "ageing_time", "stp_state", "priority"):
            if name in given:
                _set(opts, name, given[name])
        for name in _NO_VLAN:
            if name in given:
                raise NOT_SUPPORTED
        if given.get("group_fwd_mask", 0) & 0x0007:             # BR_GROUPFWD_RESTRICTED
            raise CommandError("RTNETLINK answers: Invalid argument", 2)
        for name, value in given.items():
            if name not in opts and name in DEFAULTS:
                opts[name] = value
    finally:
        link.bridge_opts = opts
        if opts.get("stp_state") and not stp_before:
            from course_lib.net import stp
            stp.started(link)


def _set(opts: dict, name: str, value: int) -> None:
    stp = {**DEFAULTS, **opts}["stp_state"]
    if name == "forward_delay" and stp and not 200 <= value <= 3000:
        raise ERANGE
    if name == "hello_time" and not 100 <= value <= 1000:
        raise ERANGE
    if name == "max_age" and not 600 <= value <= 4000:
        raise ERANGE
    if name == "stp_state":
        value = 1 if value else 0
        if value and not stp:                                    # br_stp_start() clamps the forward delay
            delay = {**DEFAULTS, **opts}["forward_delay"]
            opts["forward_delay"] = min(max(delay, 200), 3000)
    opts[name] = value
