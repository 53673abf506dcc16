"""A netns's IPv4 neighbour entries by (address, link), for tables too long to look through per packet.

Flannel gives every node a permanent entry per other node on flannel.1; a packet sent or an ARP
message received there would look through all of them (course_lib.net.arp). `find` answers what a
walk of the list in order would (the first entry for the address on the link). The index watches the
neighbour list (flood.Watched): an appended entry goes into it (so learning one more neighbour costs
O(1), not a rebuild of the whole table); any other change of the list drops it, and it is made again
at the next lookup. Short tables are still walked.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from course_lib.net import flood

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS, Neighbour

SHORT = 16


class Index:
    """The table of one netns: kept up to date through appends, dropped when its neighbour list changes
    otherwise."""

    __slots__ = ("listed", "table")

    def __init__(self) -> None:
        self.listed: Any = None          # the watched list the table was made from
        self.table: Optional[dict] = None

    def touch(self, pos: int) -> None:
        self.table = None

    def appended(self, pos: int, n: "Neighbour") -> None:
        table = self.table
        if table is not None and n.ip._version == 4:
            table.setdefault((n.ip._ip, n.link), n)

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
        index.listed = flood._watch(netns, "neighbours", index, 0)
    table = index.table
    if table is None:
        table = {}
        for n in index.listed:
            if n.ip._version == 4:
                table.setdefault((n.ip._ip, n.link), n)
        index.table = table
    return table.get((key, link))
