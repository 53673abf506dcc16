"""The direct delivery of a resolver's queries to a nameserver on its own machine (lo), without the packet walk.

transport.exchange and the stub resolver (ressearch) take a DirectPath when nothing on the way can act on
the datagrams, and get what the datapath would give: ports, source address, model time and lo's counters.
"""
from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any, Optional

from course_lib.dns.message import Message
from course_lib.net.l2 import LOOPBACK_DELAY

_ROUND_TRIP = 2 * LOOPBACK_DELAY
_new, _query = object.__new__, Message.query

# Handlers (a listening socket's) that answer a stub resolver's query (Message.query, AD set or not) from its
# question alone -- qname, qtype, EDNS and AD, not its id, client or the time -- with Message.response's
# attributes only and nothing else changed: their module adds them (internet's stub). DirectPath.ask keeps
# their replies by question, (sizes of the query and reply, records, other fields); the records stay shared.
PURE_HANDLERS: list[Any] = []
_REPLIES: dict[tuple[Any, ...], tuple[Any, ...]] = {}


class DirectPath:
    """Queries to one local nameserver, delivered as the datapath delivers them over lo, for one resolver call.

    Made by direct_path() only when nothing on the way can act on the datagram: the route to the
    server is a `local` one (looked up through the datapath's route cache), lo is up, no netfilter
    table is active (no rule, conntrack or NAT) and a UDP socket listens there. Each query then
    gets what the packet walk would give it: the next ephemeral port (ports in use skipped), the
    source address the route selects, the listening socket's handler, the model time of the two
    trips through lo, and lo's TX/RX counters (added up by flush(), which the caller runs before
    anything can read them). Valid while nothing in the lab changes (see direct_path).
    """

    __slots__ = ("handler", "src", "dst", "state", "low", "high", "taken", "skip", "network", "lo", "octets", "packets",
                 "route", "port_range", "listener", "port", "pure")

    elapsed = _ROUND_TRIP        # model seconds per exchange: the query and its reply through lo

    def deliver(self, query: Message, sport: Optional[int] = None) -> Optional[Message]:
        """The server's reply to `query` (sent from `sport`, a socket the client keeps; else a new one: the
        port is left in self.port), or None when it stays silent."""
        port = self.port = self._source_port(sport)
        try:
            reply = self.handler(query, self.src, port, self.dst)
        except Exception:           # a server bug must not become a learner's traceback (delivery._call)
            reply = None
        # lo counts each IP packet without a link header (as the kernel's lo does): IP + UDP + DNS message
        if reply is None:
            self.packets += 1
            self.octets += 28 + len(query)
            self.network.clock += LOOPBACK_DELAY
            return None
        self.packets += 2                                  # the query, then the reply, each sent and received on lo
        self.network.clock += _ROUND_TRIP
        if reply.__class__ is not Message:
            self.octets += 56 + len(query) + 64            # the datapath's nominal size for other payloads
            return None
        self.octets += 56 + len(query) + len(reply)
        return reply

    def ask(self, qid: int, qname: str, qtype: str, edns: Optional[int], ad: bool, sport: Optional[int],
            keep: bool = True) -> Optional[Message]:
        """deliver(Message.query(qid, qname, qtype, edns), sport), with AD set when `ad`: the stub resolver's
        queries. A server in PURE_HANDLERS answers such a query from its question alone, so its reply is made
        again from the first one's fields, with the same records and the datagrams' sizes worked out once
        (`keep` False: not kept, for a caller that keeps the outcome itself)."""
        if keep and self.pure:
            known = _REPLIES.get((self.handler, qname, qtype, edns, ad))
            if known is not None:
                self.port = self._source_port(sport)
                self.packets += 2
                self.network.clock += _ROUND_TRIP
                self.octets += known[0]
                msg = _new(Message)             # the attributes in Message.response's order (the same layout)
                msg.id = qid
                msg.qname = qname
                msg.qtype = qtype
                msg.answer = [*known[1]]
                msg.authority = [*known[2]]
                msg.additional = [*known[3]]
                msg.qclass, msg.qr, msg.rd, msg.ra, msg.cd, msg.rcode, msg.edns = known[4]
                return msg
        query = _query(qid, qname, qtype, edns)
        if ad:
            query.ad = True
        octets = self.octets
        reply = self.deliver(query, sport)
        if keep and self.pure and reply is not None and reply.__class__ is Message:
            if len(_REPLIES) > 4096:
                _REPLIES.clear()
            _REPLIES[(self.handler, qname, qtype, edns, ad)] = (
                self.octets - octets, tuple(reply.answer), tuple(reply.authority), tuple(reply.additional),
                (reply.qclass, reply.qr, reply.rd, reply.ra, reply.cd, reply.rcode, reply.edns))
        return reply

    def _source_port(self, sport: Optional[int]) -> int:
        """The query's source port: `sport`, or a new socket's (sockets.ephemeral_port's counter, ports in use
        and the one past the range skipped)."""
        if sport is not None:
            return sport
        state = self.state
        port = state.get("_next_port", self.low + 7)
        if port in self.skip:
            port = self._free_port(port)
        state["_next_port"] = port + 1
        return port

    def start(self) -> None:
        """Before a lookup: a port counter outside the range starts again at its low end, as
        ephemeral_port would take it (within the lookup it can only reach the range's end + 1: `skip`)."""
        port = self.state.get("_next_port")
        if port is not None and not self.low <= port <= self.high:
            self.state["_next_port"] = self.low

    def wait_out(self, timeout: float) -> None:
        """The client waits for a reply that never comes: model time runs on to its timeout (timers fire)."""
        self.network.advance(max(timeout - LOOPBACK_DELAY, 0.0))

    def flush(self) -> None:
        """Add the datagrams delivered so far to lo's counters (ip -s link)."""
        packets = self.packets
        if packets:
            size = self.octets
            self.packets = self.octets = 0
            stats = self.lo.stats
            if stats is None:
                stats = self.lo.stats = {}
            stats["tx_packets"] = stats.get("tx_packets", 0) + packets
            stats["tx_bytes"] = stats.get("tx_bytes", 0) + size
            stats["rx_packets"] = stats.get("rx_packets", 0) + packets
            stats["rx_bytes"] = stats.get("rx_bytes", 0) + size

    def _free_port(self, port: int) -> int:
        """The next port from `port` on, within the range, that no UDP socket holds (ephemeral_port's walk)."""
        low, high = self.low, self.high
        for _ in range(high - low + 1):
            if not low <= port <= high:
                port = low
            if port not in self.taken:
                return port
            port += 1
        return port


def direct_path(ctx: Any, server: str, port: int) -> Optional[DirectPath]:
    """A DirectPath for many queries to one local server within one lookup, or None (then use exchange()).

    The path is kept on the netns for the next lookup and taken again only while everything it was made
    from holds: no netfilter table, the same routes and no policy rule or redirect (so the same `local`
    route; a new path asks the datapath's route lookup), lo up, the same sockets (the list only grows at
    its end: same length and last socket), no client waiting, the same port range."""
    if getattr(ctx, "backend", "sim") == "real" or ":" in server:
        return None
    netns = ctx.netns
    attrs = netns.__dict__
    if port == 53 and server == "127.0.0.53" and not attrs.get("_dns_stub_checked"):
        from course_lib.dns import internet
        internet.ensure_stub(netns, server, port)
    nf = netns.netfilter
    if nf is not None and nf.active:
        return None
    net = _datapath()
    if net is None:
        return None
    kept = attrs.get("_dns_direct_paths")
    if kept is None:
        kept = attrs["_dns_direct_paths"] = {}
    entry = kept.get((server, port))
    socks = netns.sockets
    if entry is not None:
        path, routes, held, count, last, port_range = entry
        # a `local` route comes from the routes alone (the local table, whatever the device's state):
        # the same routes (compared one by one, by identity), no policy rules and no redirect give it again
        if held is socks and len(socks) == count and socks[-1] is last and path.lo.admin_up \
                and not attrs.get("_endpoints") and netns.rules is None and not attrs.get("_redirects") \
                and routes == netns.routes and netns.sysctls.get(_PORT_RANGE, _DEFAULT_RANGE) == port_range:
            handler = path.listener.handler
            if handler is not path.handler:     # (PURE_HANDLERS fills at import, before any stub listens)
                path.handler, path.pure = handler, _is_pure(handler)
            if path.route.src is None:
                path.src = net.select_src(netns, path.route, path.dst)
            path.start()
            return path
    path = _make_path(net, netns, server, port)
    if path is not None and socks:
        kept[(server, port)] = (path, list(netns.routes), socks, len(socks), socks[-1], path.port_range)
    return path


def _is_pure(handler: Any) -> bool:
    """Whether `handler` is one of PURE_HANDLERS (by identity: a handler need not be hashable)."""
    return any(handler is pure for pure in PURE_HANDLERS)


_PORT_RANGE, _DEFAULT_RANGE = "net.ipv4.ip_local_port_range", "32768\t60999"


def _make_path(net: Any, netns: Any, server: str, port: int) -> Optional[DirectPath]:
    dst = parse_ip(server)
    if dst is None or dst.version != 4:
        return None
    route = net.lookup_route(netns, dst)
    if route is None or route.type != "local":
        return None
    lo = netns.links.get(1)
    if lo is None or not lo.is_loopback:
        lo = next((link for link in netns.links.values() if link.is_loopback), None)
    if lo is None or not lo.admin_up:
        return None
    listener = net.find_listener(netns, "udp", dst, port)
    if listener is None:
        return None
    path = DirectPath()
    path.listener, path.handler, path.dst = listener, listener.handler, dst
    path.pure = _is_pure(listener.handler)
    path.src = net.select_src(netns, route, dst)
    path.route, path.port_range = route, netns.sysctls.get(_PORT_RANGE, _DEFAULT_RANGE)
    path.low, path.high = _port_range(path.port_range)
    path.taken = {s.port for s in netns.sockets if getattr(s, "proto", None) == "udp"}
    path.taken.update(p for proto, p in netns.__dict__.get("_endpoints", ()) if proto == "udp")
    path.skip = path.taken | {path.high + 1}
    path.state, path.network = netns.__dict__, netns.machine.network
    path.lo, path.octets, path.packets = lo, 0, 0
    path.start()
    return path


_NET: list[Any] = []


def _datapath() -> Any:
    """The datapath functions the direct path uses (looked up once), or None without the datapath."""
    if not _NET:
        try:
            from course_lib.net import datapath, delivery, sockets
        except ImportError:
            _NET.append(None)
        else:
            import types
            _NET.append(types.SimpleNamespace(lookup_route=datapath.lookup_route, select_src=datapath.select_src,
                                              find_listener=delivery.find_listener))
    return _NET[0]


@lru_cache(maxsize=64)
def _port_range(text: str) -> tuple[int, int]:
    try:
        low, high = (int(x) for x in text.split())
        return low, high
    except ValueError:
        return 32768, 60999


@lru_cache(maxsize=1024)
def parse_ip(text: str) -> Any:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None
