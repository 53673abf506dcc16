"""`bridge fdb flush`: a bridge's forwarding entries removed in bulk (br_fdb_delete_bulk)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from course_lib.net.link import BRIDGE
from course_lib.result import CommandError

if TYPE_CHECKING:
    from course_lib.net.link import Link


def flush(link: "Link", *, master: bool, port: Optional["Link"] = None, vlan: int = 0,
          states: Optional[tuple[int, int]] = None, sticky: Optional[bool] = None) -> None:
    """On the bridge: every entry, the ports' own (local) addresses too, as br_fdb_flush does; `dev PORT
    master`: that port's entries. A port without `master` has no fdb of its own to flush. `brport` must be
    a port of the same bridge (or that bridge: its own entries) and flushes only its entries; a VLAN
    matches no entry here; `states` (ndm_state, mask over NUD_PERMANENT 0x80 / NUD_NOARP 0x40) keeps
    the entries whose local/static flags match (a permanent entry is static too); `sticky` (NTF_STICKY in the
    flags mask) those that are (True) or are not (False) sticky."""
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
        bits = (0x80 if entry.local else 0) | (0x40 if entry.static or entry.local else 0)
        if states is not None and (bits & states[1]) != (states[0] & states[1]):
            continue
        if sticky is not None and entry.sticky != sticky:
            continue
        if only is None or (entry.port or bridge) is only:
            del bridge.fdb[mac]
