"""`ip link set DEV type bridge_slave OPTS`: a bridge port's settings, parsed as iplink_bridge_slave.c does.

The settings go to the same br_setport() as `bridge link set` (the stack's bridge_link_set); only the
errors' exit codes differ (ip: 2). Options are matched as abbreviations in iproute2's order ("f" is
fdb_flush), numbers read with strtoul base 0 (0x10, 010).
"""
from __future__ import annotations

from typing import Any, Callable

from course_lib.result import CommandError
from course_lib.shell.ip.options import Args, invarg, matches

USAGE = 'Usage: ... bridge_slave [ fdb_flush ]\n\t\t\t[ state STATE ]\n\t\t\t[ priority PRIO ]\n\t\t\t[ cost COST ]\n\t\t\t[ guard {on | off} ]\n\t\t\t[ hairpin {on | off} ]\n\t\t\t[ fastleave {on | off} ]\n\t\t\t[ root_block {on | off} ]\n\t\t\t[ learning {on | off} ]\n\t\t\t[ flood {on | off} ]\n\t\t\t[ proxy_arp {on | off} ]\n\t\t\t[ proxy_arp_wifi {on | off} ]\n\t\t\t[ mcast_router MULTICAST_ROUTER ]\n\t\t\t[ mcast_fast_leave {on | off} ]\n\t\t\t[ mcast_flood {on | off} ]\n\t\t\t[ bcast_flood {on | off} ]\n\t\t\t[ mcast_to_unicast {on | off} ]\n\t\t\t[ group_fwd_mask MASK ]\n\t\t\t[ neigh_suppress {on | off} ]\n\t\t\t[ vlan_tunnel {on | off} ]\n\t\t\t[ isolated {on | off} ]\n\t\t\t[ locked {on | off} ]\n\t\t\t[ backup_port DEVICE ] [ nobackup_port ]\n'
ON_OFF = (("guard", "guard"), ("hairpin", "hairpin"), ("fastleave", "fastleave"), ("root_block", "root_block"),
          ("learning", "learning"), ("flood", "flood"), ("mcast_flood", "mcast_flood"),
          ("bcast_flood", "bcast_flood"), ("mcast_to_unicast", "mcast_to_unicast"), ("proxy_arp", "proxy_arp"),
          ("proxy_arp_wifi", "proxy_arp_wifi"))
ON_OFF_LATE = (("mcast_fast_leave", "fastleave"), ("neigh_suppress", "neigh_suppress"))
ON_OFF_LAST = (("vlan_tunnel", "vlan_tunnel"), ("isolated", "isolated"), ("locked", "locked"))


def _number(text: str, bits: int, what: str) -> int:
    try:
        value = int(text, 0) if not (len(text) > 1 and text[0] == "0" and text[1:].isdigit()) else int(text, 8)
    except ValueError:
        raise invarg(what, text, blank=False) from None
    if not 0 <= value < 1 << bits:
        raise invarg(what, text, blank=False)
    return value


def _on_off(name: str, value: str) -> str:
    if value not in ("on", "off"):
        raise CommandError(f'Error: argument of "{name}" must be one of "off", "on", not "{value}"', 1)
    return value


def parse_bridge_slave(args: Args, device_exists: Callable[[str], bool]) -> dict[str, Any]:
    """The settings given, by the names `bridge link set` stores them under ("fdb_flush": True for a flush)."""
    out: dict[str, Any] = {}
    while args.more():
        word = args.take()
        if matches(word, "fdb_flush"):
            out["fdb_flush"] = True
            continue
        if matches(word, "state"):
            out["state"] = _number(args.next_arg(), 8, "state is invalid")
            continue
        if matches(word, "priority"):
            out["priority"] = _number(args.next_arg(), 16, "priority is invalid")
            continue
        if matches(word, "cost"):
            out["cost"] = _number(args.next_arg(), 32, "cost is invalid")
            continue
        found = next((key for name, key in ON_OFF if matches(word, name)), None)
        if found is None and matches(word, "mcast_router"):
            out["mcast_router"] = _number(args.next_arg(), 8, "invalid mcast_router")
            continue
        if found is None:
            found = next((key for name, key in ON_OFF_LATE if matches(word, name)), None)
        if found is None and matches(word, "group_fwd_mask"):
            out["group_fwd_mask"] = _number(args.next_arg(), 16, "invalid group_fwd_mask")
            continue
        if found is None:
            found = next((key for name, key in ON_OFF_LAST if matches(word, name)), None)
        if found is not None:
            name = next(n for n, k in ON_OFF + ON_OFF_LATE + ON_OFF_LAST if k == found and matches(word, n))
            out[found] = _on_off(name, args.next_arg())
            continue
        if matches(word, "backup_port"):
            value = args.next_arg()
            if not device_exists(value):
                raise invarg("Device does not exist\n", value, blank=False)
            continue
        if matches(word, "nobackup_port"):
            continue
        if matches(word, "help"):
            raise CommandError(USAGE.rstrip("\n"), 1)
        raise CommandError(f'bridge_slave: unknown option "{word}"?\n' + USAGE.rstrip("\n"), 1)
    return out


def apply(run: Any, dev: str, settings: dict[str, Any]) -> None:
    """br_port_slave_changelink: the port's settings through the stack (a device that is no bridge port, or a
    refused value: the kernel's error, exit code 2)."""
    setter = getattr(run.stack, "bridge_link_set", None)
    if setter is None:
        raise CommandError("RTNETLINK answers: Operation not supported", 2)
    try:
        setter(dev, settings)
    except CommandError as err:
        raise CommandError(err.message, 2) from None
