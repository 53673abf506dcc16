"""The neighbour (ARP) table of a netns: lookups and updates for the datapath, edits for `ip neigh`.

The datapath's ARP code calls `neigh_update(netns, ip, link, mac, state)` when a resolution happens
(REACHABLE with a MAC, INCOMPLETE/FAILED without) and `neigh_lookup(netns, ip, link)` before sending.
PERMANENT entries (from `ip neigh add`) are never overwritten by the datapath.
"""
from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Optional

from course_lib.net import neigh_cache
from course_lib.net import neigh_index as _neigh_index
from course_lib.net.link import LOOPBACK
from course_lib.net.netns import Neighbour
from course_lib.result import CommandError

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS

LOOPBACK_KEY = ipaddress.IPv4Address(0)       # the key of every IPv4 neighbour entry of a loopback device
STATES = ("PERMANENT", "NOARP", "REACHABLE", "STALE", "NONE", "INCOMPLETE", "DELAY", "PROBE", "FAILED")


def _ip(value):
    return ipaddress.ip_address(value) if isinstance(value, str) else value


def neigh_lookup(netns: "NetNS", ip, link: Optional["Link"] = None) -> Optional[Neighbour]:
    """The entry for `ip` (on `link` if given), or None."""
    ip = _ip(ip)
    if link is not None and ip._version == 4:       # the first entry for it on the link (indexed when long)
        return _neigh_index.find(netns, link, ip._ip)
    for n in netns.neighbours:
        if n.ip == ip and (link is None or n.link is link):
            return n
    return None


def neigh_update(netns: "NetNS", ip, link: "Link", mac: Optional[str], state: str = "REACHABLE",
                 router: bool = False) -> Neighbour:
    """Create or refresh an entry as the ARP code learns it; returns the entry."""
    ip = _ip(ip)
    entry = neigh_lookup(netns, ip, link)
    now = netns.machine.network.clock
    if entry is None:
        entry = Neighbour(ip=ip, link=link, mac=mac, state=state, router=router, updated=now)
        netns.neighbours.append(entry)
        return entry
    if entry.state in ("PERMANENT", "NOARP"):
        return entry
    if mac is not None:
        entry.mac = mac
    elif state in ("INCOMPLETE", "FAILED"):
        entry.mac = None
    entry.state = state
    entry.router = router or entry.router
    entry.updated = now
    return entry


def neigh_set(netns: "NetNS", ip, link: "Link", mac: Optional[str], state: str, how: str,
              router: bool = False) -> None:
    """`ip neigh add|replace|change`: add refuses an existing entry with `RTNETLINK answers: File exists`; on a
    loopback device, an IPv4 address other than 0.0.0.0 finds no entry but makes or updates the 0.0.0.0 one."""
    ip = _ip(ip)
    entry = neigh_lookup(netns, ip, link)
    if how == "add" and entry is not None:
        raise CommandError("RTNETLINK answers: File exists", 2)
    if how == "change" and entry is None:
        raise CommandError("RTNETLINK answers: No such file or directory", 2)
    if entry is None and link.kind == LOOPBACK and ip._version == 4:
        ip = LOOPBACK_KEY               # arp_constructor keys lo's entries 0.0.0.0: __neigh_create hands back that one
        entry = neigh_lookup(netns, ip, link)
    now = netns.machine.network.clock
    if entry is None:
        entry = Neighbour(ip=ip, link=link, mac=mac, state=state, router=router, updated=now)
        neigh_cache.born(entry, now)
        netns.neighbours.append(entry)
        return
    new_mac = mac is not None and mac != entry.mac
    if new_mac or state != entry.state:
        entry.updated = now
    if mac is not None:
        entry.mac = mac
    entry.state = state
    entry.router = router
    neigh_cache.confirm(entry, now, new_mac)


def neigh_delete(netns: "NetNS", ip, link: "Link") -> None:
    entry = neigh_lookup(netns, _ip(ip), link)
    if entry is None:
        raise CommandError("RTNETLINK answers: No such file or directory", 2)
    netns.neighbours.remove(entry)
