"""Local delivery in a netns: ICMP (echo, errors), UDP and TCP to listening sockets or waiting clients.

Clients (ping, udp_request, tcp_request) wait on an Endpoint keyed by (protocol, local port) -- the
echo identifier for ping -- and find what arrived in its inbox: replies, and the ICMP errors whose
quoted packet came from that port. Servers are the listening Sockets of sockets.py in netns.sockets.
Nobody listening: UDP gets ICMP port unreachable, TCP gets a reset (curl's "Connection refused").
IPv4 packets also reach dual-stack AF_INET6 listeners (socket_family.py); the datapath stays IPv4.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from course_lib.net.l2 import node_name
from course_lib.net.link import LOOPBACK
from course_lib.net.packet import ICMP, TCP, UDP, Packet

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS


class Endpoint:
    """A client's receive queue in one netns: what arrived for (proto, port); `bound`: the device of its
    SO_BINDTODEVICE (ping -I DEV), None for any."""

    __slots__ = ("netns", "proto", "port", "inbox", "bound")

    def __init__(self, netns: "NetNS", proto: str, port: int) -> None:
        self.netns, self.proto, self.port = netns, proto, port
        self.inbox: list[Packet] = []
        self.bound: Optional["Link"] = None


def bound_elsewhere(ep: Endpoint, link: "Link", pkt: Packet) -> bool:
    """A socket bound to a device takes only what came in there by inet_iif: a packet looped back through lo
    counts as coming from its local route's device (the output route's rt_iif is FIB_RES_OIF), so a ping
    bound to lo does not get the reply to an address of eth0 (raw_v4_match / ping_lookup's dif)."""
    bound = ep.bound
    if link.kind != LOOPBACK:
        return bound is not None and bound is not link
    route = _datapath.local_route(ep.netns, pkt.dst)
    return (route.dev if route is not None and route.type == "local" else link) is not bound


def endpoints(netns: "NetNS") -> dict:
    eps = netns.__dict__.get("_endpoints")
    if eps is None:
        eps = netns.__dict__["_endpoints"] = {}
    return eps


def open_endpoint(netns: "NetNS", proto: str, port: int) -> Endpoint:
    ep = Endpoint(netns, proto, port)
    endpoints(netns)[(proto, port)] = ep
    return ep


def close_endpoint(ep: Endpoint) -> None:
    eps = endpoints(ep.netns)
    if eps.get((ep.proto, ep.port)) is ep:
        del eps[(ep.proto, ep.port)]


def find_listener(netns: "NetNS", proto: str, ip: Any, port: Optional[int]) -> Any:
    """inet_lookup_listener for an IPv4 packet to ip:port: a socket bound to ip itself (AF_INET, or an
    AF_INET6 one on ::ffff:ip) first, then a wildcard -- AF_INET 0.0.0.0 scores above a dual-stack
    [::] (compute_score); a v6only socket never gets IPv4. None when nobody listens."""
    wildcard = None
    for sock in netns.sockets:
        if getattr(sock, "proto", None) != proto or sock.port != port:
            continue
        v4 = sock.v4
        if v4 is None:
            continue
        if v4 == ip:
            return sock
        if v4._ip == 0 and (wildcard is None or sock.ip.version == 4):
            wildcard = sock
    return wildcard


def deliver(netns: "NetNS", link: "Link", pkt: Packet, broadcast: bool = False) -> None:
    """Hand a packet that passed INPUT to the right socket (or answer it as the kernel does)."""
    _snmp.delivered(netns, pkt, broadcast)
    proto = pkt.proto
    eps = netns._endpoints
    if eps is None:
        eps = endpoints(netns)
    tr = pkt.trace
    if proto == ICMP:
        t = pkt.icmp_type
        if t == 8:
            if netns.sysctls.get("net.ipv4.icmp_echo_ignore_all", "0") == "1":
                if tr is not None:
                    tr.add(node_name(netns), "drop", "net.ipv4.icmp_echo_ignore_all=1: echo request ignored")
                return
            if broadcast and \
                    netns.sysctls.get("net.ipv4.icmp_echo_ignore_broadcasts", "1") == "1":
                return
            if tr is not None:
                tr.add(node_name(netns), "reply", f"echo reply to {pkt.src}")
            _icmp.echo_reply(netns, pkt, broadcast)
            return
        if t == 5:
            _redirects.receive(netns, link, pkt)
        if t == 0:
            ep = eps.get((ICMP, pkt.icmp_id))
        elif pkt.inner is not None:
            inner = pkt.inner
            key = inner.icmp_id if inner.proto == ICMP else inner.sport
            ep = eps.get((inner.proto, key))
        else:
            ep = None
        if ep is not None and ep.bound is not None and bound_elsewhere(ep, link, pkt):
            if tr is not None:
                tr.add(node_name(netns), "drop", f"the socket is bound to {ep.bound.name}: {_icmp_words(pkt)}")
            ep = None
        if ep is not None:
            if tr is not None:
                tr.add(node_name(netns), "deliver", _icmp_words(pkt))
            ep.inbox.append(pkt)
        return
    if proto == UDP:
        ep = eps.get((UDP, pkt.dport))
        if ep is not None:
            if tr is not None:
                tr.add(node_name(netns), "deliver", f"udp {pkt.src}:{pkt.sport} -> {pkt.dst}:{pkt.dport} to the waiting client")
            ep.inbox.append(pkt)
            return
        sock = find_listener(netns, UDP, pkt.dst, pkt.dport)
        if sock is None:
            if tr is not None:
                tr.add(node_name(netns), "drop", f"udp port {pkt.dport}: no listener (ICMP port unreachable)")
            if not broadcast:
                _icmp.icmp_error(netns, pkt, 3, 3, pkt.dst)     # __icmp_send: a local rt_flags RTCF_LOCAL -> saddr = daddr
            return
        if tr is not None:
            tr.add(node_name(netns), "deliver", f"udp {pkt.dst}:{pkt.dport} to {sock.process_name} (pid {sock.pid})")
        reply = _call(sock, pkt)
        if reply is not None:
            _datapath.ip_send(netns, Packet(src=pkt.dst, dst=pkt.src, proto=UDP, sport=pkt.dport, dport=pkt.sport,
                                  payload=reply, length=28 + _size(reply), trace=tr), error_reply=True)
        return
    if proto == TCP:
        ep = eps.get((TCP, pkt.dport))
        if ep is not None:
            ep.inbox.append(pkt)
            return
        flags = pkt.tcp_flags
        if "R" in flags:
            return
        sock = find_listener(netns, TCP, pkt.dst, pkt.dport)
        if sock is None:
            if tr is not None:
                tr.add(node_name(netns), "drop", f"tcp port {pkt.dport}: no listener (reset: Connection refused)")
            send_rst(netns, pkt)
            return
        if flags == "S":
            if tr is not None:
                tr.add(node_name(netns), "deliver", f"tcp SYN to {pkt.dst}:{pkt.dport} ({sock.process_name}): SYN-ACK")
            _tcp_answer(netns, pkt, "SA", None)
        elif "F" in flags:
            _tcp_answer(netns, pkt, "FA", None)
        elif "P" in flags:
            if tr is not None:
                tr.add(node_name(netns), "deliver", f"tcp data to {pkt.dst}:{pkt.dport} ({sock.process_name})")
            reply = _call(sock, pkt)
            if reply is None:
                _tcp_answer(netns, pkt, "FA", None)
            else:
                _tcp_answer(netns, pkt, "PA", reply)


def _icmp_words(pkt: Packet) -> str:
    if pkt.icmp_type == 0:
        return f"echo reply from {pkt.src} icmp_seq={pkt.icmp_seq}"
    return f"From {pkt.src}: {_icmp.describe(pkt.icmp_type or 0, pkt.icmp_code or 0)}"


def _size(payload: Any) -> int:
    try:
        return len(payload)
    except TypeError:
        return 64


def _call(sock: Any, pkt: Packet) -> Any:
    try:
        return sock.handler(pkt.payload, pkt.src, pkt.sport, pkt.dst)
    except Exception:          # a server bug must not become a learner's traceback
        return None


def _tcp_answer(netns: "NetNS", pkt: Packet, flags: str, payload: Any) -> None:
    _datapath.ip_send(netns, Packet(src=pkt.dst, dst=pkt.src, proto=TCP, sport=pkt.dport, dport=pkt.sport,
                          tcp_flags=flags, payload=payload,     # a reset carries no options (timestamps)
                          length=40 if "R" in flags else 52 + (_size(payload) if payload else 0),
                          trace=pkt.trace), error_reply=True)


def send_rst(netns: "NetNS", pkt: Packet) -> None:
    """Answer a TCP segment nobody wants with a reset."""
    if "R" in pkt.tcp_flags:
        return
    _tcp_answer(netns, pkt, "RA", None)


# the datapath's modules call each other; bound here, after every definition
from course_lib.net import datapath as _datapath  # noqa: E402
from course_lib.net import icmp as _icmp  # noqa: E402
from course_lib.net import redirects as _redirects  # noqa: E402
from course_lib.net import snmp as _snmp  # noqa: E402
