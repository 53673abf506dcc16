"""How a DNS message reaches a server: UDP listeners in a netns and the client-side exchange.

The simulated datapath (course_lib.net.sockets, by DATAPATH) moves UDP packets hop by hop; when it
is available the exchange goes through it, so a missing route or a DROP rule breaks resolution.
Without it, a small built-in delivery stands in: loopback and local addresses, a route check in the
sender's netns, and the listener lookup in the netns owning the server address.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from course_lib.dns.directpath import direct_path, parse_ip
from course_lib.dns.message import Message

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
             sport: Optional[int] = None, recverr: bool = False) -> Exchange:
    """Send `query` from the netns of `ctx` to server:port over UDP and wait up to `timeout` seconds
    (from source port `sport`: a socket the client keeps open; else a new one). `recverr`: a socket with
    IP_RECVERR, as glibc's res_send makes (__res_enable_icmp): soft ICMP errors end the wait too."""
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
        result = sockets.udp_request(ctx.netns, server, port, query, timeout, sport=sport, recverr=recverr)
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


# ---- built-in delivery (until the datapath's sockets land) ------------------------------------
def _builtin_exchange(netns: Any, server: str, port: int, query: Message, timeout: float) -> Exchange:
    dst = parse_ip(server)
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
