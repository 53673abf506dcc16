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

# A server handler: the query and the client (address, port) -> the response, or None to stay silent.
Handler = Callable[[Message, tuple[str, int]], Optional[Message]]

OK, TIMEOUT, REFUSED, UNREACHABLE = "ok", "timeout", "refused", "unreachable"
HOST_UNREACHABLE, NOT_PERMITTED = "host-unreachable", "not-permitted"
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


def exchange(ctx: Any, server: str, port: int, query: Message, timeout: float) -> Exchange:
    """Send `query` from the netns of `ctx` to server:port over UDP and wait up to `timeout` seconds."""
    if getattr(ctx, "backend", "sim") == "real":
        return real_exchange(server, port, query, timeout)
    if port == 53 and server == "127.0.0.53" and not ctx.netns.__dict__.get("_dns_stub_checked"):
        from course_lib.dns import internet
        internet.ensure_stub(ctx.netns, server, port)
    sockets = _datapath_sockets()
    if sockets is not None and hasattr(sockets, "udp_request"):
        if ":" in server:
            return Exchange(UNREACHABLE)          # the datapath is IPv4-only
        fast = _loopback_fast_path(sockets, ctx.netns, server, port, query)
        if fast is not None:
            return fast
        result = sockets.udp_request(ctx.netns, server, port, query, timeout)
        status = _STATUS.get(result.error, UNREACHABLE)
        reply = result.reply if isinstance(result.reply, Message) else None
        if status == OK and reply is None:
            status = TIMEOUT
        return Exchange(status, reply, result.elapsed)
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


def direct_path(ctx: Any, server: str, port: int) -> Optional[Callable[[Message], Optional[Message]]]:
    """A delivery function for many queries to one local server within one lookup, or None.

    The same conditions as the loopback fast path are checked once; the caller uses the function
    only for the duration of one resolver call (nothing in the lab changes meanwhile). It returns
    the server's reply, or None when the server stays silent; each exchange takes `.elapsed` model seconds.
    """
    if getattr(ctx, "backend", "sim") == "real" or ":" in server:
        return None
    if port == 53 and server == "127.0.0.53" and not ctx.netns.__dict__.get("_dns_stub_checked"):
        from course_lib.dns import internet
        internet.ensure_stub(ctx.netns, server, port)
    sockets = _datapath_sockets()
    if sockets is None:
        return None
    netns = ctx.netns
    nf = getattr(netns, "netfilter", None)
    if nf is not None and getattr(nf, "active", True):
        return None
    dst = _parse_ip(server)
    if dst is None or dst.version != 4 or not (server.startswith("127.") or any(a.ip == dst for a in netns.addresses)):
        return None
    lo = netns.links.get(1)
    if lo is None or not lo.is_loopback:
        lo = next((l for l in netns.links.values() if l.is_loopback), None)
    if lo is None or not lo.admin_up:
        return None
    listener = _find_listener()(netns, "udp", dst, port)
    if listener is None:
        return None
    handler, network = listener.handler, netns.machine.network
    elapsed = getattr(sockets, "SERVER_TIME", 0.00002)
    low, high = _port_range(netns.sysctls.get("net.ipv4.ip_local_port_range", "32768\t60999"))
    state = netns.__dict__

    def deliver(query: Message) -> Optional[Message]:
        port = state.get("_next_port", low + 7)      # _next_client_port, inlined (the range is fixed meanwhile)
        if not low <= port <= high:
            port = low
        state["_next_port"] = port + 1
        reply = handler(query, dst, port, dst)
        network.clock += elapsed
        return reply if reply.__class__ is Message else None
    deliver.elapsed = elapsed       # type: ignore[attr-defined]
    return deliver


def _loopback_fast_path(sockets: Any, netns: Any, server: str, port: int, query: Message) -> Optional[Exchange]:
    """Local delivery with netfilter inactive: what the datapath would do over lo, without the packet walk.

    Taken only when nothing can differ: the destination is on this netns (127/8 or one of its
    addresses), lo is up, and no netfilter table is active (no rule, no conntrack, no NAT).
    """
    nf = getattr(netns, "netfilter", None)
    if nf is not None and getattr(nf, "active", True):
        return None
    dst = _parse_ip(server)
    if dst is None or dst.version != 4:
        return None
    if not (server.startswith("127.") or any(a.ip == dst for a in netns.addresses)):
        return None
    lo = netns.links.get(1)
    if lo is None or not lo.is_loopback:
        lo = next((l for l in netns.links.values() if l.is_loopback), None)
    if lo is None or not lo.admin_up:
        return None
    listener = _find_listener()(netns, "udp", dst, port)
    if listener is None:
        return Exchange(REFUSED)
    client_port = _next_client_port(netns)
    reply = listener.handler(query, dst, client_port, dst)
    network = netns.machine.network
    elapsed = getattr(sockets, "SERVER_TIME", 0.00002)
    network.clock += elapsed
    if not isinstance(reply, Message):
        return Exchange(TIMEOUT, elapsed=elapsed)
    return Exchange(OK, reply, elapsed)


_FIND: list[Any] = []


def _find_listener() -> Any:
    if not _FIND:
        from course_lib.net.delivery import find_listener
        _FIND.append(find_listener)
    return _FIND[0]


@lru_cache(maxsize=64)
def _port_range(text: str) -> tuple[int, int]:
    try:
        low, high = (int(x) for x in text.split())
        return low, high
    except ValueError:
        return 32768, 60999


def _next_client_port(netns: Any) -> int:
    """The next ephemeral port, advancing the same per-netns counter the datapath's sockets use."""
    low, high = _port_range(netns.sysctls.get("net.ipv4.ip_local_port_range", "32768\t60999"))
    port = netns.__dict__.get("_next_port", low + 7)
    if not low <= port <= high:
        port = low
    netns.__dict__["_next_port"] = port + 1
    return port


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
