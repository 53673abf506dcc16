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
