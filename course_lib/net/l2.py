"""Ethernet frames on the model's wires: veth to its peer, a NIC to its switch, a learning switch.

`transmit(link, frame)` puts a frame on a link's wire; it arrives `WIRE_DELAY` of model time later at
the other end (`receive`), which hands it to a bridge (bridging.py) when the link is a bridge port, or
to the netns's stack (ARP or IPv4) when the frame is addressed to the link.
"""
from __future__ import annotations

from heapq import heappush
from typing import TYPE_CHECKING, Any, Optional

from course_lib.net.events import scheduler
from course_lib.net.link import BRIDGE, ETHER, LOOPBACK, VETH

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS
    from course_lib.net.switch import Switch

BROADCAST = "ff:ff:ff:ff:ff:ff"
WIRE_DELAY = 0.000009        # seconds of model time per wire crossing
LOOPBACK_DELAY = 0.000008    # lo: through the stack twice, no wire
MAX_L2_HOPS = 32             # a frame crossing more wires than this is in a loop: dropped
ARP, IPV4 = "arp", "ipv4"
ARP_FRAME_BYTES = 14 + 28     # Ethernet header + an ARP message


class Frame:
    """One Ethernet frame: MACs, ethertype ("arp"/"ipv4"), payload (ArpMessage or Packet), hop count."""

    __slots__ = ("src", "dst", "ethertype", "payload", "hops")

    def __init__(self, src: str, dst: str, ethertype: str, payload: Any, hops: int = 0) -> None:
        self.src = src
        self.dst = dst
        self.ethertype = ethertype
        self.payload = payload
        self.hops = hops

    def copy(self) -> "Frame":
        """A frame for another branch of a flood (an IP payload is copied: NAT may rewrite it)."""
        payload = self.payload.copy() if self.ethertype == IPV4 else self.payload
        return Frame(self.src, self.dst, self.ethertype, payload, self.hops)


def count(link: "Link", key: str) -> None:
    """Add one to a link's counter (`ip -s link`), when the link keeps counters."""
    stats = link.stats
    if stats is None:
        stats = link.stats = {}
    stats[key] = stats.get(key, 0) + 1


def counted(link: "Link", key: str, amount: int) -> dict:
    """Add `amount` to a link's counter `key`, making the counters (`ip -s link`) first if the link has none;
    the counters returned (the `+=` fast paths' way out: tx in veth_tx, rx in course_lib.net.express)."""
    stats = link.stats
    if stats is None:
        stats = link.stats = {}
    stats[key] = stats.get(key, 0) + amount
    return stats


def frame_bytes(frame: Frame) -> int:
    """The frame's size as the link counters see it: Ethernet header + ARP (28) or the IP packet."""
    return 14 + frame.payload.length if frame.ethertype == IPV4 else ARP_FRAME_BYTES


def node_name(netns: "NetNS") -> str:
    """How a trace names a netns: `machine` or `machine/netns`."""
    return netns.machine.name if not netns.name else f"{netns.machine.name}/{netns.name}"


def trace_of(frame: Frame) -> Any:
    if frame.ethertype == IPV4:
        return frame.payload.trace
    return getattr(frame.payload, "trace", None)


def drop(frame: Frame, node: str, why: str) -> None:
    """A frame is lost here; the trace says why."""
    tr = trace_of(frame)
    if tr is not None:
        tr.add(node, "drop", why)


def transmit(link: "Link", frame: Frame) -> None:
    """Send `frame` out of `link` (a NIC, a veth, a bridge device or lo)."""
    if not link.admin_up:
        drop(frame, node_name(link.netns), f"{link.name} is down")
        return
    kind = link.kind
    stats = link.stats
    if kind == VETH:                      # the common case, first
        veth_xmit(link, frame)
        return
    if kind == BRIDGE:
        _bridging.bridge_xmit(link, frame)
        return
    if kind == "vxlan":                  # hook: VXLAN encapsulation to the remote VTEP (course_lib.net.vxlan)
        _vxlan.xmit(link, frame)
        return
    if kind == "macvlan":                # hook: out of the lower device, or to a bridge-mode sibling (net.macvlan)
        _macvlan.xmit(link, frame)
        return
    if stats is None:
        stats = link.stats = {}
    stats["tx_packets"] = stats.get("tx_packets", 0) + 1
    stats["tx_bytes"] = stats.get("tx_bytes", 0) + (      # lo counts the packet without its header
        (frame.payload.length if kind == LOOPBACK else 14 + frame.payload.length)
        if frame.ethertype == IPV4 else ARP_FRAME_BYTES)
    if kind == ETHER:
        switch = link.switch
        if switch is None:
            drop(frame, node_name(link.netns), f"{link.name}: NO-CARRIER (no cable)")
            return
        scheduler(link.netns.machine.network).after(WIRE_DELAY, switch_receive, switch, link, frame)
    elif kind == LOOPBACK:
        scheduler(link.netns.machine.network).after(LOOPBACK_DELAY, receive, link, frame)


def veth_xmit(link: "Link", frame: Frame) -> None:
    """transmit() out of a veth that is up: counted, then at the peer WIRE_DELAY later (the express lane's
    arrive, which hands anything but its own cases to receive)."""
    peer = veth_tx(link, frame)
    if peer is not None:
        net = link.netns.machine.network
        sched = net._scheduler or scheduler(net)
        heappush(sched.heap, (net.clock + WIRE_DELAY, next(sched.seq), _express.arrive, (peer, frame)))


def veth_tx(link: "Link", frame: Frame) -> Optional["Link"]:
    """A frame leaves a veth that is up: counted; the peer it goes to, or None when the peer is down or gone."""
    stats = link.stats
    try:                                        # `+=` on the counters the link has (no dict.get call)
        stats["tx_packets"] += 1
    except (KeyError, TypeError):               # the link's first frame out
        stats = counted(link, "tx_packets", 1)
    size = 14 + frame.payload.length if frame.ethertype == IPV4 else ARP_FRAME_BYTES
    try:
        stats["tx_bytes"] += size
    except KeyError:
        stats["tx_bytes"] = size
    peer = link.peer
    if peer is None or not peer.admin_up:
        drop(frame, node_name(link.netns), f"{link.name}: NO-CARRIER (peer is down)")
        return None
    return peer


def receive(link: "Link", frame: Frame) -> None:
    """A frame arrives at `link` from its wire."""
    hops = frame.hops = frame.hops + 1
    if hops > MAX_L2_HOPS:
        drop(frame, node_name(link.netns), "frame looped (L2 hop limit)")
        return
    if not link.admin_up:
        if frame.dst == BROADCAST:           # one copy of a flood: the packet itself goes on elsewhere
            tr = trace_of(frame)
            if tr is not None:
                tr.add(node_name(link.netns), "receive", f"{link.name} is down: broadcast copy lost")
        else:
            drop(frame, node_name(link.netns), f"{link.name} is down")
        return
    stats = link.stats
    if stats is None:
        stats = link.stats = {}
    stats["rx_packets"] = stats.get("rx_packets", 0) + 1
    if frame.ethertype == IPV4:
        pkt = frame.payload
        pkt.src_mac = frame.src            # the Ethernet source, as -m mac reads it from the skb
        stats["rx_bytes"] = stats.get("rx_bytes", 0) + (pkt.length if link.kind == LOOPBACK else 14 + pkt.length)
    else:
        pkt = None
        stats["rx_bytes"] = stats.get("rx_bytes", 0) + ARP_FRAME_BYTES
    master = link.master
    if master is not None and master.kind == BRIDGE:
        _bridging.bridge_input(master, link, frame)
        return
    if link.macvlan_port is not None and _macvlan.handle_frame(link, frame):   # hook: a macvlan's frame
        return
    dst = frame.dst
    if dst != link.mac and dst != BROADCAST:     # (lo too: a neighbour entry of another MAC is OTHERHOST there)
        tr = trace_of(frame)
        if tr is not None:              # a flooded copy: not a drop of the packet itself
            tr.add(node_name(link.netns), "receive", f"{link.name}: frame for {dst} ignored (not our MAC)")
        return
    if pkt is not None:
        _datapath.ip_receive(link.netns, link, pkt)
    else:
        _arp.arp_receive(link.netns, link, frame.payload)


def receive_arp_flood(links: list["Link"], frame: Frame) -> None:
    """Copies of one untraced ARP broadcast arrive, in order, at veth ends that belong to no bridge.

    Exactly what one `receive` per link would do at this model time (the flood's copies are due
    together): count, then hand the message to ARP where it can matter -- a request for one of the
    netns's addresses, or a netns with neighbour entries (arp_receive decides). One event for the run."""
    hops = frame.hops + 1
    if hops > MAX_L2_HOPS:
        return                                  # untraced: nothing to record
    msg = frame.payload
    owns_v4, arp_receive = _arp.owns_v4, _arp.arp_receive
    tpa = msg.tpa._ip if msg.op == _arp.REQUEST else None
    for link in links:
        if link.master is not None or link.kind == LOOPBACK or link.macvlan_port is not None:
            receive(link, frame.copy())         # its role changed since the flood: the general path
            continue
        if not link.admin_up:
            continue
        stats = link.stats
        if stats is None:
            stats = link.stats = {}
        stats["rx_packets"] = stats.get("rx_packets", 0) + 1
        stats["rx_bytes"] = stats.get("rx_bytes", 0) + ARP_FRAME_BYTES
        netns = link.netns
        if netns.neighbours or (tpa is not None and owns_v4(netns, tpa)) or _proxy_arp.may_answer(netns, link):
            arp_receive(netns, link, msg)


def deliver_up(netns: "NetNS", link: "Link", frame: Frame, skip_prerouting: bool = False) -> None:
    """Hand a frame addressed to this host to the right protocol."""
    if frame.ethertype == ARP:
        _arp.arp_receive(netns, link, frame.payload)
    else:
        _datapath.ip_receive(netns, link, frame.payload, skip_prerouting)


def switch_receive(switch: "Switch", port: "Link", frame: Frame) -> None:
    """A Lab switch: learn the source MAC on the port, forward to the known port or flood."""
    frame.hops += 1
    if frame.hops > MAX_L2_HOPS:
        drop(frame, switch.name, "frame looped (L2 hop limit)")
        return
    table = switch.mac_table
    if not frame.src.startswith("ff"):
        table[frame.src] = port
    out: Optional["Link"] = table.get(frame.dst) if frame.dst != BROADCAST else None
    tr = trace_of(frame)
    sched = scheduler(port.netns.machine.network)
    if out is not None and out in switch.ports:
        if out is port:
            drop(frame, switch.name, f"{frame.dst} is on the port it came from")
            return
        if tr is not None:
            tr.add(switch.name, "switch", f"{frame.dst} learned on port {_port_name(out)}: forward")
        sched.after(WIRE_DELAY, receive, out, frame)
        return
    if tr is not None:
        what = "broadcast" if frame.dst == BROADCAST else f"{frame.dst} unknown"
        tr.add(switch.name, "switch", f"{what}: flood to {len(switch.ports) - 1} port(s)")
    elif frame.ethertype == ARP and frame.dst == BROADCAST and _flood.LAZY:
        if frame.hops + 1 > MAX_L2_HOPS:
            return                              # untraced: nothing to record
        now = _segment.broadcast(switch, port, frame, port.netns.machine.network.clock + WIRE_DELAY)
        if now:                                 # the others caught up when looked at (course_lib.net.segment)
            sched.after(WIRE_DELAY, receive_arp_flood, now, frame)     # one event, port order
        return
    first = True
    for other in switch.ports:
        if other is port:
            continue
        sched.after(WIRE_DELAY, receive, other, frame if first else frame.copy())
        first = False


def _port_name(link: "Link") -> str:
    return f"{link.netns.machine.name}:{link.name}"


# the datapath's modules call each other; bound here, after every definition
from course_lib.net import arp as _arp  # noqa: E402
from course_lib.net import bridging as _bridging  # noqa: E402
from course_lib.net import datapath as _datapath  # noqa: E402
from course_lib.net import express as _express  # noqa: E402
from course_lib.net import flood as _flood  # noqa: E402
from course_lib.net import segment as _segment  # noqa: E402
from course_lib.net import macvlan as _macvlan  # noqa: E402
from course_lib.net import vxlan as _vxlan  # noqa: E402
from course_lib.net import proxy_arp as _proxy_arp  # noqa: E402
