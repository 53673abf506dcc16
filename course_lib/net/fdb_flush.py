"""`bridge fdb flush`: a bridge's forwarding entries removed in bulk (br_fdb_delete_bulk)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from course_lib.net.link import BRIDGE
from course_lib.result import CommandError

if TYPE_CHECKING:
    from course_lib.net.link import Link


def flush(link: "Link", *, master: bool) -> None:
    """On the bridge: every entry but the ports' own addresses; `dev PORT master`: that port's entries
    (again but its own address). A port without `master` has no fdb of its own to flush."""
    if link.kind == BRIDGE:
        bridge, port = link, None
    elif master and link.master is not None:
        bridge, port = link.master, link
    else:
        raise CommandError("RTNETLINK answers: Operation not supported", 255)
    for mac, entry in list(bridge.fdb.items()):
        own = entry.local and entry.port is not None and entry.port.mac == mac
        if not own and (port is None or entry.port is port):
            del bridge.fdb[mac]
