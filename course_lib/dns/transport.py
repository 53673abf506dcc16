"""How a DNS message reaches a server: UDP listeners in a netns and the client-side exchange.

The simulated datapath (course_lib.net.sockets, by DATAPATH) moves UDP packets hop by hop; when it
is available the exchange goes through it, so a missing route or a DROP rule breaks resolution.
Without it, a small built-in delivery stands in: loopback and local addresses, a route check in the
sender's netns, and the listener lookup in the netns owning the server address.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Optional

from course_lib.dns.message import Message
from course_lib.net.l2 import LOOPBACK_DELAY

# A server handler: the query and the client (address, port) -> the response, or None to stay silent.
Handler = Callable[[Message, tuple[str, int]], Optional[Message]]

OK, TIMEOUT, REFUSED, UNREACHABLE = "ok", "timeout", "refused", "unreachable"
HOST_UNREACHABLE, NOT_PERMITTED, NET_UNREACHABLE = "host-unreachable", "not-permitted", "net-unreachable"
# sockets.py error -> exchange status
_STATUS = {None: OK, "timeout": TIMEOUT, "refused": REFUSED, "network-unreachable": UNREACHABLE,
           "unreachable": HOST_UNREACHABLE, "no-route": HOST_UNREACHABLE, "not-permitted": NOT_PERMITTED}


@dataclass(eq=False)
class UdpListener:
    """A bound UDP socket of a server daemon (kept in NetNS.sockets)."""

    address: str          # "0.0.0.0" for any local address
    port: int
    handler: Handler
    owner: str = "dns"    # the process name ss/netstat show
    proto: str = "udp"

    def accepts(self, address: str, port: int) -> bool:
        return self.port == port and self.address in ("0.0.0.0", "::", address)


@dataclass(slots=True)
class Exchange:
    """The outcome of one query sent to one server."""

    status: str                         # ok, timeout, refused (ICMP port unreachable), unreachable (no route)
    response: Optional[Message] = None
    elapsed: float = 0.0                # model seconds (the timeout when nothing came back)
    sport: Optional[int] = None         # the client's source port (its socket), when the datapath chose one


def bind_udp(netns: Any, address: str, port: int, handler: Handler, owner: str = "dns",
             pid: Optional[int] = None) -> UdpListener:
    """Bind a UDP listener in `netns`. Raises OSError(98) when the port is taken, as bind() does."""
    sockets = _datapath_sockets()
    if sockets is not None and hasattr(sockets, "udp_bind"):
        def on_datagram(payload: Any, src_ip: Any, src_port: int, dst_ip: Any) -> Any:
            if not isinstance(payload, Message):
                return None            # not DNS: a DNS server ignores garbage
            return handler(payload, (str(src_ip), src_port))
        try:
            return sockets.udp_bind(netns, address, port, on_datagram, process_name=owner, pid=pid)
        except sockets.SocketError as exc:
            raise OSError(98 if exc.errno_name == "EADDRINUSE" else 99, str(exc)) from None
    for other in netns.sockets:
        if getattr(other, "proto", "") == "udp" and getattr(other, "port", None) == port and (
                address in ("0.0.0.0", "::") or other.address in ("0.0.0.0", "::", address)):
            raise OSError(98, "Address already in use")
    listener = UdpListener(address, port, handler, owner)
    netns.sockets.append(listener)
    return listener


def unbind(netns: Any, listener: Any) -> None:
    """Close a listener made by bind_udp."""
    if listener in netns.sockets:
        netns.sockets.remove(listener)


def exchange(ctx: Any, server: str, port: int, query: Message, timeout: float,
             sport: Optional[int] = None) -> Exchange:
    """Send `query` from the netns of `ctx` to server:port over UDP and wait up to `timeout` seconds
    (from source port `sport`: a socket the client keeps open; else a new one)."""
    if getattr(ctx, "backend", "sim") == "real":
        return real_exchange(server, port, query, timeout)
    if port == 53 and server == "127.0.0.53" and not ctx.netns.__dict__.get("_dns_stub_checked"):
        from course_lib.dns import internet
        internet.ensure_stub(ctx.netns, server, port)
    sockets = _datapath_sockets()
    if sockets is not None and hasattr(sockets, "udp_request"):
        if ":" in server:
            return Exchange(UNREACHABLE)          # the datapath is IPv4-only
        path = direct_path(ctx, server, port)
        if path is not None:
            reply = path.deliver(query, sport)
            path.flush()
            return Exchange(OK if reply is not None else TIMEOUT, reply, path.elapsed, path.port)
        if sport is None and hasattr(sockets, "ephemeral_port"):
            sport = sockets.ephemeral_port(ctx.netns, sockets.UDP)
        result = sockets.udp_request(ctx.netns, server, port, query, timeout, sport=sport)
        status = _STATUS.get(result.error, UNREACHABLE)
        if status == UNREACHABLE and result.server is not None:
            status = NET_UNREACHABLE            # an ICMP error came back (ENETUNREACH after the send)
        reply = result.reply if isinstance(result.reply, Message) else None
        if status == OK and reply is None:
            status = TIMEOUT
        return Exchange(status, reply, result.elapsed, sport)
    return _builtin_exchange(ctx.netns, server, port, query, timeout)


_SOCKETS: list[Any] = []


def real_exchange(server: str, port: int, query: Message, timeout: float) -> Exchange:
    """A real UDP exchange from the current (real) netns, for the CoreDNS daemon on the real backend."""
    import errno
    import socket
    import time
    family = socket.AF_INET6 if ":" in server else socket.AF_INET
    start = time.monotonic()
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.settimeout(timeout)
            sock.connect((server, port))
            sock.send(query.to_wire())
            while True:
                data = sock.recv(65535)
                try:
                    response = Message.from_wire(data)
                except Exception:
                    continue
                if response.id == query.id:
                    return Exchange(OK, response, time.monotonic() - start)
    except socket.timeout:
        return Exchange(TIMEOUT, elapsed=timeout)
    except OSError as exc:
        if exc.errno == errno.ECONNREFUSED:
            return Exchange(REFUSED, elapsed=time.monotonic() - start)
        return Exchange(UNREACHABLE, elapsed=time.monotonic() - start)


def _datapath_sockets() -> Any:
    """course_lib.net.sockets when the datapath provides it (looked up once), else None."""
    if not _SOCKETS:
        try:
            from course_lib.net import sockets   # type: ignore[attr-defined]
        except ImportError:
            sockets = None
        _SOCKETS.append(sockets)
    return _SOCKETS[0]


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
    dst = _parse_ip(server)
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


# ---- built-in delivery (until the datapath's sockets land) ------------------------------------
def _builtin_exchange(netns: Any, server: str, port: int, query: Message, timeout: float) -> Exchange:
    dst = _parse_ip(server)
    if dst is None:
        return Exchange(UNREACHABLE)
    target = None
    source = "127.0.0.1"
    if dst.is_loopback:
        lo = next((l for l in netns.links.values() if l.is_loopback), None)
        if lo is None or not lo.admin_up:
            return Exchange(UNREACHABLE)
        target = netns
    elif any(a.ip == dst for a in netns.addresses):
        target, source = netns, server
    else:
        route = _route_to(netns, dst)
        if route is None:
            return Exchange(UNREACHABLE)
        source = _source_address(netns, route, dst)
        target = _netns_owning(netns, dst)
        if target is None:
            from course_lib.dns import internet
            if internet.is_public_resolver(server) and port == 53:
                return Exchange(OK, internet.answer(query))
            return Exchange(TIMEOUT, elapsed=timeout)
    for listener in list(target.sockets):
        if getattr(listener, "proto", "") == "udp" and listener.accepts(server, port):
            response = listener.handler(query, (source, 40000 + query.id % 20000))
            if response is None:
                return Exchange(TIMEOUT, elapsed=timeout)
            return Exchange(OK, response)
    return Exchange(REFUSED)


@lru_cache(maxsize=1024)
def _parse_ip(text: str) -> Any:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _route_to(netns: Any, dst: Any) -> Any:
    best = None
    for route in netns.routes:
        if route.family != dst.version or route.type not in ("unicast", "local"):
            continue
        if dst in route.dst and (route.dev is None or route.dev.admin_up):
            if best is None or route.dst.prefixlen > best.dst.prefixlen:
                best = route
    return best


def _source_address(netns: Any, route: Any, dst: Any) -> str:
    if route.src is not None:
        return str(route.src)
    for address in netns.addresses:
        if address.link is route.dev and address.family == dst.version:
            return str(address.ip)
    return "0.0.0.0"


def _netns_owning(netns: Any, dst: Any) -> Any:
    network = getattr(getattr(netns, "machine", None), "network", None)
    if network is None:
        return None
    for machine in network.machines.values():
        for candidate in [machine.root, *machine.netns.values()]:
            for address in candidate.addresses:
                if address.ip == dst and address.link.admin_up:
                    return candidate
    return None
