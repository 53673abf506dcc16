"""Writes to /sys/class/net files, as the kernel's sysfs store functions take them: DEV/mtu,
tx_queue_len, ifalias; a bridge's bridge/* settings; a port's brport/* flags, cost and priority.

The text is read as kstrtoul does (base 0: 0x.., 0.. octal; one trailing newline); a bad number is
EINVAL. The change goes through the same stack calls as `ip link set` and `bridge link set`, so the
kernel's range checks answer (ERANGE for a bridge's forward_delay out of range...). The result is None
or the strerror text `echo` reports ("bash: echo: write error: Invalid argument").
"""
from __future__ import annotations

from typing import Any, Optional

from course_lib.result import CommandError
from course_lib.shell.sysfs_net import KEPT

EINVAL = "Invalid argument"
EACCES = "Permission denied"
EOPNOTSUPP = "Operation not supported"
BRIDGE_STORE = {"forward_delay": "forward_delay", "hello_time": "hello_time", "max_age": "max_age",
                "ageing_time": "ageing_time", "stp_state": "stp_state", "priority": "priority",
                "group_fwd_mask": "group_fwd_mask", "no_linklocal_learn": "no_linklocal_learn",
                "multicast_snooping": "mcast_snooping", "multicast_router": "mcast_router",
                "multicast_query_use_ifaddr": "mcast_query_use_ifaddr", "multicast_querier": "mcast_querier",
                "multicast_stats_enabled": "mcast_stats_enabled", "multicast_igmp_version": "mcast_igmp_version",
                "multicast_mld_version": "mcast_mld_version", "nf_call_iptables": "nf_call_iptables",
                "nf_call_ip6tables": "nf_call_ip6tables", "nf_call_arptables": "nf_call_arptables"}
BRPORT_FLAGS = {"hairpin_mode": "hairpin", "bpdu_guard": "guard", "root_block": "root_block",
                "learning": "learning", "unicast_flood": "flood", "multicast_flood": "mcast_flood",
                "broadcast_flood": "bcast_flood", "multicast_fast_leave": "fastleave", "proxyarp": "proxy_arp",
                "proxyarp_wifi": "proxy_arp_wifi", "neigh_suppress": "neigh_suppress", "isolated": "isolated",
                "multicast_to_unicast": "mcast_to_unicast"}
BRPORT_NUMBERS = {"path_cost": "cost", "priority": "priority", "multicast_router": "mcast_router",
                  "group_fwd_mask": "group_fwd_mask"}


def kstrtoul(text: str) -> Optional[int]:
    """The number in a sysfs write (None: the kernel's EINVAL)."""
    if text.endswith("\n"):
        text = text[:-1]
    if not text or text[0] == "-":
        return None
    body = text[1:] if text[0] == "+" else text
    try:
        if body[:2].lower() == "0x":
            return int(body[2:], 16) if body[2:] else None
        if len(body) > 1 and body[0] == "0":
            return int(body[1:], 8)
        return int(body, 10) if body.isdigit() else None
    except ValueError:
        return None


def _strerror(error: CommandError) -> str:
    text = error.message
    return text.split(": ", 1)[1] if text.startswith("RTNETLINK answers: ") else EINVAL


def store(stack: Any, link: Any, parts: list[str], text: str) -> Optional[str]:
    """Write `text` to DEV/PARTS...: None when taken, else the strerror of the failed write."""
    name = parts[-1]
    if len(parts) == 1 and name == "ifalias":
        alias = text[:-1] if text.endswith("\n") else text
        if len(alias) >= 256:
            return EINVAL
        return _call(lambda: stack.link_set(link.name, alias=alias))
    number = kstrtoul(text)
    if len(parts) == 1 and name in DEVICE_STORE:
        return DEVICE_STORE[name](stack, link, number)
    if len(parts) == 1 and name in ("mtu", "tx_queue_len"):
        if number is None:
            return EINVAL
        change = {"mtu": number} if name == "mtu" else {"txqlen": number}
        return _call(lambda: stack.link_set(link.name, **change))
    if parts[:-1] == ["bridge"] and name in BRIDGE_STORE:
        if number is None:
            return EINVAL
        return _call(lambda: stack.link_change(link.name, "bridge", {BRIDGE_STORE[name]: number}))
    port = link if parts[:-1] == ["brport"] else \
        next((p for p in link.port_list if parts[:-1] == ["brif", p.name]), None) if len(parts) == 3 else None
    if port is not None and (name in BRPORT_FLAGS or name in BRPORT_NUMBERS):
        if number is None:
            return EINVAL
        setting = {BRPORT_FLAGS[name]: "on" if number else "off"} if name in BRPORT_FLAGS else \
            {BRPORT_NUMBERS[name]: number}
        return _call(lambda: stack.bridge_link_set(port.name, setting))
    return EACCES


def _flags(stack: Any, link: Any, number: Optional[int]) -> Optional[str]:
    """dev_change_flags: IFF_UP brings the device up or down; PROMISC, ALLMULTI, NOARP and MULTICAST are
    the user's flags (as `ip link set ... promisc on`)."""
    if number is None:
        return EINVAL
    user = {name: bool(number & bit) for name, bit in USER_FLAGS.items()}
    return _call(lambda: stack.link_set(link.name, flags=user, up=bool(number & 0x1)))


def _kept(name: str) -> Any:
    def keep(stack: Any, link: Any, number: Optional[int]) -> Optional[str]:
        if number is None:
            return EINVAL
        link.__dict__.setdefault(KEPT, {})[name] = number
        return None
    return keep


def _no_op(stack: Any, link: Any, number: Optional[int]) -> Optional[str]:
    return EOPNOTSUPP if number is not None else EINVAL


def _group(stack: Any, link: Any, number: Optional[int]) -> Optional[str]:
    return EINVAL if number is None else _call(lambda: stack.link_set(link.name, group=number))


USER_FLAGS = {"NOARP": 0x80, "PROMISC": 0x100, "ALLMULTI": 0x200, "MULTICAST": 0x1000}
# carrier, proto_down, threaded: veth and bridge have no ndo for them (EOPNOTSUPP); uevent takes anything
DEVICE_STORE = {"flags": _flags, "netdev_group": _group, "gro_flush_timeout": _kept("gro_flush_timeout"),
                "napi_defer_hard_irqs": _kept("napi_defer_hard_irqs"), "carrier": _no_op, "proto_down": _no_op,
                "threaded": _no_op, "uevent": lambda stack, link, number: None}


def _call(change: Any) -> Optional[str]:
    try:
        change()
    except CommandError as error:
        return _strerror(error)
    return None
