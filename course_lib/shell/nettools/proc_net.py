"""/proc/net files made from the current netns's model: snmp and netstat (the protocol counters, net.snmp)."""
from __future__ import annotations

from typing import Any, Callable, Optional

from course_lib.net import snmp

FILES: dict[str, Callable[[Any], str]] = {"/proc/net/snmp": snmp.proc_net_snmp,
                                          "/proc/net/netstat": snmp.proc_net_netstat}


def proc_net_text(netns: Any, full: str) -> Optional[str]:
    """The file's text for a model netns (None: not one of these files, or no model behind the shell)."""
    make = FILES.get(full)
    if make is None or not hasattr(netns, "sysctls") or not hasattr(netns, "addresses"):
        return None
    return make(netns)
