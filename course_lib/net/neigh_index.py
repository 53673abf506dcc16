"""A netns's IPv4 neighbour entries by (address, link), for tables too long to look through per packet.

Flannel gives every node a permanent entry per other node on flannel.1; a packet sent or an ARP
message received there would look through all of them (course_lib.net.arp). `find` answers what a
walk of the list in order would (the first entry for the address on the link); the index is made
again after any change of the list (flood.Watched tells). Short tables are still walked.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from course_lib.net import flood

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS, Neighbour

SHORT = 16


class Index:
    """The table of one netns, dropped when its neighbour (or address) list changes."""

    __slots__ = ("listed", "table")

    def __init__(self) -> None:
        self.listed: Any = None          # the watched list the table was made from
        self.table: Optional[dict] = None

    def touch(self, pos: int) -> None:
        self.table = None

    def __reduce__(self) -> Any:         # a copy makes its own
        return (flood.gone, ())


def find(netns: "NetNS", link: "Link", key: int) -> Optional["Neighbour"]:
    """The IPv4 entry for the address `key` (an int) on `link`, or None."""
    entries = netns.neighbours
    if len(entries) <= SHORT:
        for n in entries:
            if n.link is link and n.ip._ip == key and n.ip._version == 4:
                return n
        return None
    index = netns.__dict__.get("_neigh_index")
    if index is None or index.listed is not entries:
        index = netns.__dict__["_neigh_index"] = Index()
        flood.watch(netns, index, 0)
        index.listed = netns.neighbours
    table = index.table
    if table is None:
        table = {}
        for n in netns.neighbours:
            if n.ip._version == 4:
                table.setdefault((n.ip._ip, n.link), n)
        index.table = table
    return table.get((key, link))
