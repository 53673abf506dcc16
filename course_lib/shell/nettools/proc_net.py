"""/proc/net files made from the current netns's model: snmp and netstat (the protocol counters, net.snmp), dev."""
from __future__ import annotations

from typing import Any, Callable, Optional

from course_lib.net import snmp
from course_lib.shell.nettools.netstat_iface import proc_net_dev

FILES: dict[str, Callable[[Any], str]] = {"/proc/net/snmp": snmp.proc_net_snmp,
                                          "/proc/net/netstat": snmp.proc_net_netstat,
                                          "/proc/net/dev": proc_net_dev}


def proc_net_text(ctx: Any, full: str) -> Optional[str]:
    """The file's text for a simulated netns, or the kernel's on a backend that reads it (None: not one of
    these files, or no such backend)."""
    make = FILES.get(full)
    netns = ctx.netns
    if make is not None and getattr(ctx, "backend", "sim") != "sim":
        reader = getattr(ctx.stack, "proc_net_text", None)     # the real backend: the kernel's own file
        return reader(full[len("/proc/net/"):]) if reader is not None else None
    if make is None or getattr(ctx, "backend", "sim") != "sim" or not hasattr(netns, "addresses"):
        return None
    return make(netns)
