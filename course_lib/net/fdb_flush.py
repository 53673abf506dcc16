"""`bridge fdb flush`: a bridge's forwarding entries removed in bulk (br_fdb_delete_bulk)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from course_lib.net.link import BRIDGE
from course_lib.result import CommandError

if TYPE_CHECKING:
    from course_lib.net.link import Link


def flush(link: "Link", *, master: bool, port: Optional["Link"] = None, vlan: int = 0) -> None:
    """On the bridge: every entry but the ports' own addresses; `dev PORT master`: that port's entries
    (again but its own address). A port without `master` has no fdb of its own to flush. `brport` must be
    a port of the same bridge (or that bridge: its own entries) and flushes only its entries; a VLAN matches no entry here."""
    if link.kind == BRIDGE and not master:
        bridge, only = link, None
    elif master and link.master is not None:
        bridge, only = link.master, link
    else:
        raise CommandError("RTNETLINK answers: Operation not supported", 255)
    if port is not None:
        if port.kind == BRIDGE:
            if port is not bridge:
                raise CommandError("Error: bridge: Flush bridge device does not match target bridge device.", 255)
        elif port.master is None or port.master.kind != BRIDGE:
            raise CommandError("Error: bridge: Flush device is not a bridge or bridge port.", 255)
        elif port.master is not bridge:
            raise CommandError("Error: bridge: Port belongs to a different bridge device.", 255)
        only = port                             # the bridge itself: its own (self) entries

    if vlan:
        return
    for mac, entry in list(bridge.fdb.items()):
        own = entry.local and entry.port is not None and entry.port.mac == mac
        if not own and (only is None or (entry.port or bridge) is only):
            del bridge.fdb[mac]
