"""The datapath's express lane: an untraced unicast packet over veths, bridges and routers, hop after hop in one go.

The common walk of a ping -- a local send out of a veth to a neighbour the table holds, a bridge port
forwarding to a learned address (bridging.unicast_out), a netns receiving an echo request for itself and
answering it, the reply reaching the waiting socket -- and a netns forwarding a packet that came in on a
veth (ip_forward on, a unicast route, TTL above 1) runs here with the general path's effects, in its
order: the same counters (link stats, SNMP slots), FDB and neighbour times, TTLs, model times. Nothing is
cached: every condition the general path tests is tested again on the live model, and the first one
that leads elsewhere hands the packet to the general function at the place it would have been called
(l2.receive, l2.transmit, datapath.ip_receive, datapath.ip_send, delivery.deliver, arp.resolve_and_send),
before anything of that step was done. Traced packets, netfilter with tables, policy rules, redirects,
IPVS, loopback, NICs, macvlans, bridge devices as the way in or out of IP and anything else take the
general path.

Hops are chained: when a frame leaves a veth and the scheduler would run its arrival next anyway --
nothing else due before or at that model time, and the time within the running pump's `until` -- the
arrival is handled at once (the clock set to its time) instead of going through the event queue. The
pump's `done()` is not asked in between: the waiting code's conditions look at endpoint inboxes (and
the queue, where the next arrival would be due within the limit), which only the end of a chain fills.

ON = False turns the lane off (tests/net/test_express.py runs random scenarios both ways).
"""
from __future__ import annotations

from heapq import heappush
from typing import TYPE_CHECKING, Any, Optional

from course_lib.net.l2 import IPV4, MAX_L2_HOPS, WIRE_DELAY, Frame
from course_lib.net.link import BRIDGE, VETH
from course_lib.net.packet import ICMP
from course_lib.net.snmp import ICMP_IN, ICMP_OUT, IN_ECN, IN_OCTETS, OUT_OCTETS, TRANSMITS, Mib, inc

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS
    from course_lib.net.packet import Packet

ON = True
_NO: Any = False             # _send's "not taken, nothing done"
_MULTICAST = 0xE0000000     # 224.0.0.0 and above
_MISS = (None,)
_PLAIN = ("0", "1")


def _route(netns: "NetNS", value: int, rtype: str, checked: bool = False) -> Any:
    """The route of type `rtype` datapath._cached_lookup would return from its cache for the IPv4 destination
    `value` (no oif) in a netns without netfilter tables, policy rules or redirects, when the destination
    counts as a plain unicast in snmp (its broadcast cache up to date); else None. `checked`: the netns's own
    conditions were found true for this packet's walk already (nothing ran since)."""
    cached = netns._broadcasts
    if not checked:
        if netns.rules is not None or netns._redirects:
            return None
        nf = netns.netfilter
        if nf is not None and nf.active:
            return None
        if cached is None or cached[0] != netns.addresses:
            return None
    if value in cached[1] or value >= _MULTICAST:     # multicast, class E and 255.255.255.255: not here
        return None
    try:
        hit = netns.routes.lookups.get(value, _MISS)
    except AttributeError:
        return None
    route = hit[0]
    if route is None or route.type != rtype:
        return None
    dev = route.dev
    if dev is not None and not dev.admin_up:
        return None
    return route


def _send(netns: "NetNS", pkt: "Packet", frame: Optional["Frame"] = None, checked: bool = False) -> Any:
    """datapath.ip_send for an untraced ICMP packet without oif, routed unicast out of a device that is up:
    _NO (nothing done), None (sent: done), or (veth, frame): the frame to send out of that veth (up) --
    `frame`, when given (a received frame nobody holds any more), made into it; `checked`: as _route's."""
    counters = netns._snmp
    if pkt.proto != ICMP or type(counters) is not Mib:
        return _NO
    dst = pkt.dst
    route = _route(netns, dst._ip, "unicast", checked)
    if route is None:
        return _NO
    out = route.dev
    if out is None:
        return _NO
    if pkt.src is None:
        pkt.src = _datapath.select_src(netns, route, dst)
    pend = counters.pend
    pend[ICMP_OUT + (pkt.icmp_type or 0)] += 1          # snmp.ip_local_out
    pend[TRANSMITS] += 1                                # snmp.ip_transmit
    pend[OUT_OCTETS] += pkt.length
    nexthop = route.gateway or dst
    mac = _arp.valid_mac(netns, out, nexthop._ip) if out.kind == VETH else None
    if mac is None:
        _arp.resolve_and_send(netns, out, nexthop, pkt)
        return None
    if frame is None:
        return out, Frame(out.mac, mac, IPV4, pkt)
    frame.src, frame.dst, frame.payload, frame.hops = out.mac, mac, pkt, 0
    return out, frame


def send(netns: "NetNS", pkt: "Packet") -> bool:
    """ip_send's express lane (untraced, no oif). False: not taken, nothing done."""
    nxt = _send(netns, pkt)
    if nxt is _NO:
        return False
    if nxt is not None:
        _l2.veth_xmit(*nxt)
    return True


def arrive(link: "Link", frame: "Frame") -> None:
    """A frame arrives at a veth end from its wire (the event l2.veth_xmit queues): l2.receive's work, and
    the hops it leads to. The frame's own conditions (lane on, IPv4, untraced) are tested once: a chain
    runs no outside code, and the replies it makes are untraced IPv4 frames."""
    pkt = frame.payload
    if not ON or frame.ethertype != IPV4 or pkt.trace is not None:
        _l2.receive(link, frame)
        return
    net = link.netns.machine.network
    sched = net._scheduler or _events.scheduler(net)
    heap = sched.heap
    while True:
        hops = frame.hops + 1
        if hops > MAX_L2_HOPS or not link.admin_up or link.kind != VETH:
            break
        master = link.master
        if master is not None:
            out = _bridging.unicast_out(master, link, frame) if master.kind == BRIDGE and _bridging.FAST else None
            if out is None:
                break
        elif link.macvlan_port is not None or frame.dst != link.mac:
            break
        frame.hops = hops
        stats = link.stats
        try:                                    # as l2.veth_tx counts
            stats["rx_packets"] += 1
        except (KeyError, TypeError):
            stats = _l2.counted(link, "rx_packets", 1)
        pkt.src_mac = frame.src
        size = 14 + pkt.length
        try:
            stats["rx_bytes"] += size
        except KeyError:
            stats["rx_bytes"] = size
        if master is None:
            nxt = _local_in(link.netns, link, pkt, frame)
            if nxt is None:
                return
            out, frame = nxt
            pkt = frame.payload
        else:
            _bridging.learn_plain(master.fdb, link, frame.src, net.clock)
            if out.kind != VETH or not out.admin_up:
                _l2.transmit(out, frame)
                return
        link = _l2.veth_tx(out, frame)                  # the frame leaves `out` (a veth, up)
        if link is None:
            return
        when = net.clock + WIRE_DELAY
        if when > sched.limit or (heap and heap[0][0] <= when):
            heappush(heap, (when, next(sched.seq), arrive, (link, frame)))
            return
        net.clock = when
    _l2.receive(link, frame)


def _local_in(netns: "NetNS", link: "Link", pkt: "Packet", frame: "Frame") -> Optional[tuple["Link", "Frame"]]:
    """datapath.ip_receive for a packet that came in on a veth: one to a local address delivered (an echo
    request answered -- the reply's first hop returned, in `frame` --, an echo reply to the waiting socket),
    one for elsewhere forwarded (_forward)."""
    counters = netns._snmp
    if type(counters) is not Mib or netns.ipvs is not None:
        _datapath.ip_receive(netns, link, pkt)
        return None
    if _route(netns, pkt.dst._ip, "local") is None:
        return _forward(netns, link, pkt, frame, counters.pend)
    if pkt.proto != ICMP:
        _datapath.ip_receive(netns, link, pkt)
        return None
    pend = counters.pend
    pend[IN_OCTETS] += pkt.length                       # snmp.ip_in
    pend[IN_ECN + ((pkt.tos or 0) & 3)] += 1
    kind = pkt.icmp_type
    if kind == 8:
        pend[ICMP_IN + 8] += 1                          # snmp.delivered
        if netns.sysctls.get("net.ipv4.icmp_echo_ignore_all", "0") == "1":
            return None
        rep = _icmp.echo_reply_packet(pkt)
        if rep.trace is None:
            nxt = _send(netns, rep, frame, True)
            if nxt is not _NO:
                return nxt
        _datapath.ip_send(netns, rep, None, True)
        return None
    if kind == 0:
        pend[ICMP_IN] += 1
        eps = netns._endpoints
        ep = eps.get((ICMP, pkt.icmp_id)) if eps is not None else None
        if ep is not None and (ep.bound is None or ep.bound is link):     # delivery.bound_elsewhere
            ep.inbox.append(pkt)
        return None
    _delivery.deliver(netns, link, pkt, False)
    return None


def _forward(netns: "NetNS", link: "Link", pkt: "Packet", frame: "Frame", pend: list) -> Optional[tuple["Link", "Frame"]]:
    """datapath.ip_receive for a packet that is not for this netns (no netfilter tables, policy rules,
    redirects or IPVS, a Mib: the caller's tests), then ip_forward and output_finish: forwarding on for the
    input device, no strict rp_filter, a unicast route out of another device that is up, TTL above 1. The
    frame's next hop returned (in `frame`) when it leaves by a veth to a neighbour the table holds; any
    other case is the general function's, from ip_receive on, before anything was done."""
    dst = pkt.dst
    value = dst._ip
    route = _route(netns, value, "unicast")              # ip_receive's lookup: not local, not a broadcast
    out = route.dev if route is not None else None
    if out is None or out is link or pkt.ttl <= 1 or not _datapath.forwarding(netns, link) or _strict(netns, link):
        _datapath.ip_receive(netns, link, pkt)
        return None
    length = pkt.length
    pend[IN_OCTETS] += length                           # snmp.ip_in
    pend[IN_ECN + ((pkt.tos or 0) & 3)] += 1
    pkt.ttl -= 1
    inc(netns, "Ip", "ForwDatagrams")                   # snmp.forwarded
    pend[TRANSMITS] += 1                                # snmp.ip_transmit
    pend[OUT_OCTETS] += length
    nexthop = route.gateway or dst
    mac = _arp.valid_mac(netns, out, nexthop._ip) if out.kind == VETH else None
    if mac is None:
        _arp.resolve_and_send(netns, out, nexthop, pkt)
        return None
    frame.src, frame.dst, frame.hops = out.mac, mac, 0
    return out, frame


def _strict(netns: "NetNS", link: "Link") -> bool:
    """datapath._rp_filter(netns, link) == 1, read without its parsing when both settings are plain 0 or 1."""
    sysctls = netns.sysctls
    on = sysctls.get("net.ipv4.conf.all.rp_filter", "0")
    dev = _devconf.raw(netns, link, "rp_filter")
    if on in _PLAIN and dev in _PLAIN:
        return on == "1" or dev == "1"
    return _datapath._rp_filter(netns, link) == 1


# the datapath's modules call each other; bound here, after every definition
from course_lib.net import arp as _arp  # noqa: E402
from course_lib.net import bridging as _bridging  # noqa: E402
from course_lib.net import datapath as _datapath  # noqa: E402
from course_lib.net import devconf as _devconf  # noqa: E402
from course_lib.net import delivery as _delivery  # noqa: E402
from course_lib.net import events as _events  # noqa: E402
from course_lib.net import icmp as _icmp  # noqa: E402
from course_lib.net import l2 as _l2  # noqa: E402
