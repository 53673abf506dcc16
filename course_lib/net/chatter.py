"""The frames a Linux link sends by itself when it comes up (IPv6 DAD, MLD reports, router solicitations).

They matter for what learners see: a bridge learns the MAC of every interface that came up behind one of
its ports, so `bridge fdb show` lists it even before any ping. `announce(link)` records that learning
(one flood through the bridges the frames reach); the packet walk itself is the datapath's job.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from course_lib.net.link import BRIDGE, VETH, FdbEntry

if TYPE_CHECKING:
    from course_lib.net.link import Link


def port_forwarding(port: "Link") -> bool:
    """A bridge port forwards when it is up with carrier and its bridge is up (STP off)."""
    bridge = port.master
    return bridge is not None and bridge.admin_up and port.admin_up and port.carrier()


def _egress(link: "Link") -> list["Link"]:
    """Where frames sent by `link` itself arrive: the veth peer, or for a bridge the peers of its ports."""
    if link.kind == BRIDGE:
        return [p.peer for p in link.ports() if port_forwarding(p) and p.peer is not None and p.peer.admin_up]
    if link.kind == VETH and link.peer is not None and link.peer.admin_up:
        return [link.peer]
    if link.macvlan is not None:              # a macvlan's frames leave by its lower device
        return _egress(link.macvlan.lower)
    return []


def announce(link: "Link") -> None:
    """Bridges reached by `link`'s own frames learn its MAC on the receiving port."""
    clock = link.netns.machine.network.clock
    seen: set[int] = set()
    todo = _egress(link)
    while todo:
        port = todo.pop()
        bridge = port.master
        if bridge is None or id(bridge) in seen or not port_forwarding(port):
            continue
        seen.add(id(bridge))
        entry = bridge.fdb.get(link.mac)
        if entry is None or not (entry.local or entry.static):
            bridge.fdb.pop(link.mac, None)
            bridge.fdb[link.mac] = FdbEntry(mac=link.mac, port=port, age=clock)
        for other in bridge.port_list:
            peer = other.peer
            if peer is not None and peer.master is not None and other is not port and peer.admin_up \
                    and port_forwarding(other):
                todo.append(peer)
