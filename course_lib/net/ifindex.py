"""Per-netns device numbers: the ifindex counter (next free, an index asked for) and the ids a netns gives its peers."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from course_lib.result import CommandError

if TYPE_CHECKING:
    from course_lib.net.netns import NetNS

BUSY = CommandError("RTNETLINK answers: Device or resource busy", 2)


def alloc_ifindex(netns: "NetNS", wanted: Optional[int] = None) -> int:
    """The kernel's per-netns ifindex: keep `wanted` when free, else the next one of the counter."""
    if wanted is not None and wanted not in netns.links:
        return wanted
    index = next_free(netns)
    netns.next_ifindex = index + 1
    return index


def next_free(netns: "NetNS") -> int:
    """The ifindex alloc_ifindex would give now without one asked for."""
    index = netns.next_ifindex
    while index in netns.links:
        index += 1
    return index


def reserve_index(netns: "NetNS", ifindex: int) -> None:
    """register_netdevice's dev_index_reserve for an ifindex asked for: taken in `netns` is EBUSY."""
    if ifindex in netns.links:
        raise BUSY


def nsid_alloc(netns: "NetNS", other: "NetNS") -> int:
    """The id `netns` uses for `other` (allocated, lowest free, on first need like peernet2id_alloc)."""
    nsid = netns.nsid.id_of(other)
    if nsid is None:
        nsid = netns.nsid.lowest_free()
        netns.nsid[nsid] = other
    return nsid


def nsid_of(netns: "NetNS", other: "NetNS") -> Optional[int]:
    return netns.nsid.id_of(other)
