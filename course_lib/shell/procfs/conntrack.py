"""/proc/net/nf_conntrack: the netns's tracked flows as ct_seq_show prints them.

Each line is `conntrack -L -o extended`'s (layer-3 name and number, protocol, seconds left, state, the
two tuples, [UNREPLIED]/[ASSURED], mark) with the zone always printed and the entry's reference count
(2: the table's and the reader's) where conntrack prints use=1. The kernel's order is its hash order,
random per boot; the simulation lists flows as `conntrack -L` does.
"""
from __future__ import annotations

import ipaddress
import re
from typing import Any

from course_lib.net.netfilter.conntrack import conntrack_of
from course_lib.shell.conntrack_cmd import entry_text

_TAIL = re.compile(r"mark=(\d+) (?:zone=(\d+) )?use=1$")


def _proc_line(conn: Any, now: float) -> str:
    text = entry_text(conn, now, extended=True)
    if ipaddress.ip_address(str(conn.orig[1])).version == 6:
        text = "ipv6     10 " + text[len("ipv4     2 "):]
    return _TAIL.sub(lambda m: f"mark={m.group(1)} zone={m.group(2) or 0} use=2", text) + "\n"


def proc_net_nf_conntrack(netns: Any) -> str:
    now = float(getattr(getattr(netns.machine, "network", None), "clock", 0.0) or 0.0)
    return "".join(_proc_line(c, now) for c in reversed(conntrack_of(netns).entries(now)))
