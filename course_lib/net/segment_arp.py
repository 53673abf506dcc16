"""ARP at the quiet nodes of a switch's log (course_lib.net.segment) whose netns hold an entry for the sender.

A logged broadcast is quiet for a node, but the netns behind it that hold a neighbour entry for the
sender still hand the message to ARP when the copy would have reached them: `hear` queues that.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from course_lib.net.events import scheduler

if TYPE_CHECKING:
    from course_lib.net.l2 import Frame
    from course_lib.net.link import Link
    from course_lib.net.segment import Node


def hear(nodes: list["Node"], spa: int, frame: "Frame", arrival: float) -> None:
    """Quiet nodes whose netns hold entries for the sender: the message reaches ARP there when the copy
    would have -- the bridges' (or NICs') netns at the arrival, the pods one crossing later (arp_receive
    decides, with the entries as they are then). One event per crossing for all of them, in node order:
    the same order as one event per node (they were queued one after the other at the same times), and
    a broadcast costs no heap entry per node that talked to the sender before (a client that had talked
    to k pods or nodes paid k queue entries and pump turns per ARP broadcast)."""
    tops: list[tuple[Node, int, list["Link"]]] = []
    pods: list[tuple[Node, int, list["Link"]]] = []
    for node in nodes:
        links = node.hears[spa]
        top = node.bridge if node.bridge is not None else node.nic
        if links[0] is top:
            tops.append((node, node.looks, [top]))
            links = links[1:]
        if links:                           # the pods' links, in port order
            pods.append((node, node.looks, links))
    if not tops and not pods:
        return
    seg = nodes[0].segment
    sched = scheduler(nodes[0].nic.netns.machine.network)
    if tops:
        sched.at(arrival, _arp, tops, frame)
    if pods:
        sched.at(arrival + seg.wire, _arp, pods, frame)


def _arp(heard: list[tuple[Node, int, list["Link"]]], frame: "Frame") -> None:
    """arp_receive on each link, in order -- but a request heard on a link that cannot proxy, by a node
    nothing changed behind since the broadcast (no look since, not marked for one: its addresses, entry
    lists and sysctls are as they were, so it still does not own the target), where the entry for the
    sender already holds the sender's MAC, is skipped: arp_process would leave that entry as it is
    (neigh_update keeps a valid entry's state for a STALE update with the same address) and do nothing
    else. Such a node then costs a few lookups per broadcast, not a walk through arp_receive."""
    from course_lib.net.arp import REQUEST, arp_receive, find
    msg = frame.payload
    request = msg.op == REQUEST and msg.trace is None
    for node, looks, links in heard:
        if not node.alive:                  # it left: the copies went the general way
            continue
        steady = request and node.looks == looks and node not in node.segment.dirty
        for link in links:
            netns = link.netns
            if steady and link in node.calm and not netns.__dict__.get("proxy_neigh"):
                n = find(netns, link, msg.spa)
                if n is not None and n.mac == msg.sha:
                    continue
            arp_receive(netns, link, msg)
