"""Routing table names of `ip ... table NAME`: rtnl_rttable_a2n/n2a over /etc/iproute2/rt_tables."""
from __future__ import annotations

from typing import Optional

from course_lib.shell.ip.options import parse_u32

BUILTIN_TABLES = {"unspec": 0, "default": 253, "main": 254, "local": 255}


def table_names(run) -> dict[str, int]:
    """The names iproute2 knows: the built-in ones, then `ID NAME` lines of /etc/iproute2/rt_tables."""
    names = dict(BUILTIN_TABLES)
    try:
        from course_lib.shell.fs import read_file
        text = read_file(run.ctx, "/etc/iproute2/rt_tables")
    except Exception:        # noqa: BLE001 - no file (or no file system): the built-in names only
        return names
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 2 and not fields[0].startswith("#"):
            number = parse_u32(fields[0])
            if number is not None:
                names.setdefault(fields[1], number)
    return names


def table_id(run, text: str) -> Optional[int]:
    """A table name or number (None when it is neither)."""
    if text in BUILTIN_TABLES:
        return BUILTIN_TABLES[text]
    number = parse_u32(text)
    if number is not None:
        return number
    return table_names(run).get(text)


def number_names(run) -> dict[int, str]:
    """id -> name for printing (the first name of an id wins)."""
    out: dict[int, str] = {}
    for name, number in table_names(run).items():
        if name != "unspec":
            out.setdefault(number, name)
    return out


def table_text(run, table: int) -> str:
    if table in (253, 254, 255):
        return {253: "default", 254: "main", 255: "local"}[table]
    return number_names(run).get(table, str(table))


# Routing protocol names: iproute2 6.1's /etc/iproute2/rt_protos as Debian ships it (rtnl_rtprot_*)
RT_PROTOS = {0: "unspec", 1: "redirect", 2: "kernel", 3: "boot", 4: "static", 8: "gated", 9: "ra", 10: "mrt",
             11: "zebra", 12: "bird", 13: "dnrouted", 14: "xorp", 15: "ntk", 16: "dhcp", 18: "keepalived",
             42: "babel", 99: "openr", 186: "bgp", 187: "isis", 188: "ospf", 189: "rip", 192: "eigrp"}
_PROTO_IDS = {name: number for number, name in RT_PROTOS.items()}


def proto_id(text: str) -> Optional[int]:
    """rtnl_rtprot_a2n(): a protocol name or a number up to 255 (None when it is neither)."""
    if text in _PROTO_IDS:
        return _PROTO_IDS[text]
    number = parse_u32(text)
    return number if number is not None and number <= 255 else None


def proto_name(number: int) -> str:
    """rtnl_rtprot_n2a(): the name of a protocol number, or the number."""
    return RT_PROTOS.get(number, str(number))
