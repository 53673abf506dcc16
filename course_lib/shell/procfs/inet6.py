"""/proc/net/if_inet6: the netns's IPv6 addresses as if6_seq_show prints them -- the address in 32 hex
digits, ifindex, prefix length, scope (0x00 global, 0x20 link, 0x10 host) and the low byte of the
address flags (0x80 permanent, 0x40 tentative, 0x20 deprecated, 0x08 dadfailed, 0x02 nodad), then the
device right-aligned in 8 columns. The kernel's order is its address hash (random per netns); the
simulation lists them as `ip -6 addr` does."""
from __future__ import annotations

import ipaddress
from typing import Any

SCOPES = {"global": 0x00, "link": 0x20, "host": 0x10, "site": 0x40}
FLAGS = {"nodad": 0x02, "optimistic": 0x04, "dadfailed": 0x08, "home": 0x10, "deprecated": 0x20,
         "tentative": 0x40}
IFA_F_PERMANENT = 0x80


def proc_net_if_inet6(netns: Any) -> str:
    from course_lib.backends.sim_stack import SimStack
    out = []
    for rec in SimStack(netns).addresses():
        if rec.family != 6:
            continue
        flags = sum(FLAGS.get(f, 0) for f in rec.flags) | (IFA_F_PERMANENT if rec.valid_lft is None else 0)
        addr = ipaddress.IPv6Address(rec.local).packed.hex()
        out.append(f"{addr} {rec.ifindex:02x} {rec.prefixlen:02x} {SCOPES.get(rec.scope, 0):02x} {flags:02x} "
                   f"{rec.dev:>8}\n")
    return "".join(out)
