"""A small L4 API on the simulated datapath: UDP and TCP servers and one-shot client requests.

Servers are listening sockets of a netns (visible to `netstat`/`ss` with process name and pid);
requests are real packets through the whole datapath -- routing, ARP, bridges, netfilter with NAT
and conntrack -- so DNAT'd services and MASQUERADE work, and a server's reply travels back the same
way. Model time (Network.clock) advances by what the exchange takes; a timeout waits in model time.

    sock = udp_bind(netns, "0.0.0.0", 53, handler)      # handler(payload, src_ip, src_port, dst_ip) -> reply | None
    res = udp_request(client_netns, "10.96.0.10", 53, query, timeout=5.0)
    res.reply, res.error, res.elapsed
    tcp_listen(netns, "0.0.0.0", 80, handler, process_name="nginx")
    res = tcp_request(client_netns, "10.0.0.2", 80, b"GET / HTTP/1.1\r\n\r\n", timeout=5.0)
    sock.close()                                         # stop listening
    tcp_listen(netns, "::", 10250, handler)              # AF_INET6 dual-stack (a Go ":10250"): ss shows *:10250
    tcp_listen(netns, "::", 80, handler, v6only=True)    # nginx's [::]:80 beside its 0.0.0.0:80

Socket families (socket_family.py): an address with ":" opens an AF_INET6 socket, IPV6_V6ONLY from
`v6only` or net.ipv6.bindv6only (0); IPv4 packets reach a dual-stack socket (v4-mapped) when no
AF_INET socket matches better, never a v6only one. bind() conflicts are the kernel's.

A TCP request is SYN / SYN-ACK / data / the server's answer, then FIN / FIN / ACK (conntrack shows
TIME_WAIT afterwards, as after curl). ICMP redirects are not errors. Pass `trace=Trace()` to see
every hop (or use course_lib.net.probe for a single traced probe).

Errors (the `error` field; `strerror` gives the libc text a client prints):
- None              a reply arrived (for TCP: the connection worked; reply may be None if the server
                    closed without answering)
- "refused"         ECONNREFUSED: TCP reset, or ICMP port unreachable (nobody listens; REJECT)
- "timeout"         nothing came back in time (dropped by a firewall, ip_forward=0 on a router, ...)
- "unreachable"     EHOSTUNREACH "No route to host": ARP for the next hop failed, or ICMP host
                    unreachable / prohibited came back
- "network-unreachable"  ENETUNREACH: no route in the sender's netns, or ICMP net unreachable
- "no-route"        (TCP) EHOSTUNREACH from the sender's own routing table: an `unreachable`/`prohibit`
                    route type, connect() fails at once
- "not-permitted"   EPERM: the sender's own OUTPUT/POSTROUTING chain dropped or rejected the packet
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

from course_lib.net import icmp_errno as _icmp_errno
from course_lib.net import snmp as _snmp
from course_lib.net.delivery import close_endpoint, endpoints, open_endpoint
from course_lib.net.events import scheduler
from course_lib.net.packet import ICMP, TCP, UDP, Packet
from course_lib.net.socket_family import AF_INET, AF_INET6, bind_conflict, check_bind6, ipv4_part, parse_bind
from course_lib.net.tcp_syn import GAVE_UP, await_synack

if TYPE_CHECKING:
    from course_lib.net.netns import NetNS
    from course_lib.net.trace import Trace

IPv4 = ipaddress.IPv4Address
Handler = Callable[[Any, IPv4, int, IPv4], Any]

STRERROR = {
    "refused": "Connection refused",
    "timeout": "Connection timed out",
    "unreachable": "No route to host",
    "no-route": "No route to host",
    "network-unreachable": "Network is unreachable",
    "not-permitted": "Operation not permitted",
    **_icmp_errno.STRERROR,
}
_ERRNO_TO_ERROR = {"ENETUNREACH": "network-unreachable", "EHOSTUNREACH": "no-route", "EACCES": "no-route",
                   "EINVAL": "no-route", "EPERM": "not-permitted", "ENETDOWN": "network-unreachable"}
SERVER_TIME = 0.000020        # model time a server takes to answer


@dataclass(eq=False)
class Socket:
    """A listening TCP socket or a bound UDP socket, as netstat/ss list it."""

    proto: str                     # "tcp" or "udp"
    ip: Any                        # IPv4Address (0.0.0.0 = any) or, for AF_INET6, IPv6Address (:: = any)
    port: int
    handler: Handler
    netns: "NetNS"
    process_name: str = "python3"
    pid: int = 0
    fd: int = 3
    backlog: int = 128
    v6only: bool = False           # IPV6_V6ONLY of an AF_INET6 socket
    v4: Optional[IPv4] = None      # the IPv4 address it receives for (0.0.0.0 any; None: no IPv4 at all)
    peer: Optional[tuple[Any, int]] = None      # a UDP socket connect()ed to (ip, port): ESTAB
    local: Any = None              # its local address once connected (the address the peer sent to)

    def __post_init__(self) -> None:
        self.v4 = ipv4_part(self.ip, self.v6only)

    @property
    def family(self) -> int:
        """AF_INET (2) or AF_INET6 (10)."""
        return AF_INET if self.ip.version == 4 else AF_INET6

    @property
    def state(self) -> str:
        if self.peer is not None:
            return "ESTAB"
        return "LISTEN" if self.proto == TCP else "UNCONN"

    def close(self) -> None:
        """Stop listening."""
        if self in self.netns.sockets:
            self.netns.sockets.remove(self)


@dataclass(frozen=True)
class RequestResult:
    """The outcome of a request: the reply, or the error (see the module docstring), and the model time."""

    reply: Any
    error: Optional[str]
    elapsed: float                 # model seconds
    server: Optional[IPv4] = None  # the address the reply (or the ICMP error) came from

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def strerror(self) -> str:
        """What a client prints for the error (curl: "Connection refused", "No route to host"...)."""
        return STRERROR.get(self.error or "", "")


class UdpResult(RequestResult):
    """The outcome of udp_request."""


class TcpResult(RequestResult):
    """The outcome of tcp_request."""


class SocketError(Exception):
    """A bind/listen failure with the libc text (e.g. "Address already in use")."""

    def __init__(self, message: str, errno_name: str) -> None:
        super().__init__(message)
        self.errno_name = errno_name


# -- servers ---------------------------------------------------------------------------------------
def _pid_for(netns: "NetNS", process_name: str, pid: Optional[int]) -> int:
    machine = netns.machine
    if pid is not None:
        return pid
    known = [getattr(p, "pid", 0) for p in machine.processes if isinstance(getattr(p, "pid", None), int)]
    nxt = machine.__dict__.get("_next_pid", 1000)
    nxt = max([nxt] + [k + 1 for k in known])
    machine.__dict__["_next_pid"] = nxt + 1
    return nxt


def _next_fd(netns: "NetNS", pid: int) -> int:
    used = [s.fd for ns in [netns.machine.root, *netns.machine.netns.values()] for s in ns.sockets
            if getattr(s, "pid", None) == pid]
    return max(used, default=2) + 1


def _bind(proto: str, netns: "NetNS", ip: Union[str, Any], port: int, handler: Handler,
          process_name: str, pid: Optional[int], v6only: Optional[bool] = None, backlog: int = 128) -> Socket:
    addr, only = parse_bind(netns, ip, v6only)
    if not 0 < int(port) < 65536:
        raise SocketError("Invalid argument", "EINVAL")
    somaxconn = int(netns.sysctls.get("net.core.somaxconn", "4096"))
    new = Socket(proto=proto, ip=addr, port=int(port), handler=handler, netns=netns, v6only=only,
                 backlog=min(int(backlog), somaxconn))
    if addr.version == 6:
        err = check_bind6(netns, addr, only, _bindable)
        if err is not None:
            raise SocketError(*err)
    for s in netns.sockets:
        if getattr(s, "proto", None) == proto and s.port == port and bind_conflict(new, s):
            raise SocketError("Address already in use", "EADDRINUSE")
    if addr.version == 4 and addr.packed != b"\0\0\0\0" and not _bindable(netns, addr):
        raise SocketError("Cannot assign requested address", "EADDRNOTAVAIL")
    new.pid = _pid_for(netns, process_name, pid)
    new.process_name = process_name
    new.fd = _next_fd(netns, new.pid)
    netns.sockets.append(new)
    return new


def _bindable(netns: "NetNS", addr: IPv4) -> bool:
    """inet_bind's check: the local table's type for addr is local/broadcast/multicast (a whole
    `local 127.0.0.0/8 dev lo` route makes every 127/8 address bindable), or ip_nonlocal_bind=1;
    a netns whose local table was never made (lo never up) says broadcast: anything goes."""
    if any(a.family == 4 and a.interface.ip == addr for a in netns.addresses) or addr.is_multicast \
            or netns.sysctls.get("net.ipv4.ip_nonlocal_bind", "0") == "1":
        return True
    best = None
    table_exists = False
    for route in netns.routes:
        if route.family != 4 or getattr(route, "table", None) != 255:
            continue
        table_exists = True
        if addr in route.dst and (best is None or route.dst.prefixlen > best.dst.prefixlen):
            best = route
    if not table_exists:
        return True
    return best is not None and best.type in ("local", "broadcast", "multicast")


bindable = _bindable      # for commands that bind a source address (ping -I ADDRESS)


def udp_bind(netns: "NetNS", ip: Union[str, Any], port: int, handler: Handler,
             process_name: str = "python3", pid: Optional[int] = None, v6only: Optional[bool] = None) -> Socket:
    """A UDP server: handler(payload, src_ip, src_port, dst_ip) returns the reply payload or None.
    ip "::" (or any IPv6 text) opens an AF_INET6 socket (dual-stack unless v6only).
    Raises SocketError("Address already in use" | "Cannot assign requested address" | "Invalid argument")."""
    return _bind(UDP, netns, ip, port, handler, process_name, pid, v6only)


def tcp_listen(netns: "NetNS", ip: Union[str, Any], port: int, handler: Handler,
               process_name: str = "python3", pid: Optional[int] = None, v6only: Optional[bool] = None,
               backlog: int = 128) -> Socket:
    """A TCP server on ip:port (ip may be "0.0.0.0", or "::" for a dual-stack socket): each request's data
    goes to handler(payload, src_ip, src_port, dst_ip), whose return value is sent back (None: close).
    `backlog` is listen()'s (ss shows it as Send-Q), capped at net.core.somaxconn."""
    return _bind(TCP, netns, ip, port, handler, process_name, pid, v6only, backlog)


def listeners(netns: "NetNS") -> list[Socket]:
    """The netns's listening sockets, in the order they were opened."""
    return [s for s in netns.sockets if isinstance(s, Socket)]


# -- clients ---------------------------------------------------------------------------------------
def ephemeral_port(netns: "NetNS", proto: str) -> int:
    """The next free local port from net.ipv4.ip_local_port_range (deterministic), skipping every port a
    socket of that protocol is bound to, whatever its address or family (the kernel's bind buckets)."""
    lo, hi = (int(x) for x in netns.sysctls.get("net.ipv4.ip_local_port_range", "32768\t60999").split())
    nxt = netns.__dict__.get("_next_port", lo + 7)
    eps = endpoints(netns)
    for _ in range(hi - lo + 1):
        port = nxt if lo <= nxt <= hi else lo
        nxt = port + 1
        if (proto, port) not in eps and not any(s.port == port and getattr(s, "proto", None) == proto
                                                for s in netns.sockets):
            netns.__dict__["_next_port"] = nxt
            return port
    raise SocketError("Cannot assign requested address", "EADDRNOTAVAIL")


def _icmp_error_kind(pkt: Packet) -> str:
    return _icmp_errno.error_kind(pkt.icmp_type, pkt.icmp_code)


def udp_request(netns: "NetNS", dst: Union[str, IPv4], dport: int, payload: Any, timeout: float = 5.0,
                src: Optional[Union[str, IPv4]] = None, sport: Optional[int] = None,
                trace: Optional["Trace"] = None, recverr: bool = False) -> UdpResult:
    """Send one UDP datagram and wait (model time) for the answer from dst:dport. `recverr`: the socket
    has IP_RECVERR (glibc's resolver sets it), so soft ICMP errors (host unreachable...) are reported too."""
    net = netns.machine.network
    sched = scheduler(net)
    dst_ip = IPv4(dst)
    port = sport if sport is not None else ephemeral_port(netns, UDP)
    ep = open_endpoint(netns, UDP, port)
    start = net.clock
    try:
        pkt = Packet(src=IPv4(src) if src is not None else None, dst=dst_ip, proto=UDP,  # type: ignore[arg-type]
                     sport=port, dport=int(dport), payload=payload, length=28 + _size(payload), trace=trace)
        err = _send(netns, pkt)
        if err is not None:
            return UdpResult(None, _ERRNO_TO_ERROR.get(err, "unreachable") if err != "EHOSTUNREACH"
                             else "unreachable", net.clock - start)
        found: list[Packet] = []

        def done() -> bool:
            while ep.inbox:
                p = ep.inbox.pop(0)
                if p.proto == UDP and p.src == dst_ip and p.sport == int(dport):
                    found.append(p)
                    return True
                if p.proto == ICMP and p.icmp_type != 5 and p.inner is not None and p.inner.dst == dst_ip:
                    err = _icmp_errno.icmp_errno(p.icmp_type, p.icmp_code)
                    if err is None or not (err[1] or recverr):
                        continue            # __udp4_lib_err: a soft error is not reported without IP_RECVERR
                    found.append(p)
                    return True
            return False

        sched.pump(start + timeout, done)
        if not found:
            return UdpResult(None, "timeout", net.clock - start)
        p = found[0]
        if p.proto == UDP:
            return UdpResult(p.payload, None, net.clock - start, p.src)
        return UdpResult(None, _icmp_error_kind(p), net.clock - start, p.src)
    finally:
        close_endpoint(ep)


def tcp_request(netns: "NetNS", dst: Union[str, IPv4], dport: int, payload: Any, timeout: float = 5.0,
                src: Optional[Union[str, IPv4]] = None, trace: Optional["Trace"] = None) -> TcpResult:
    """Connect to dst:dport (SYN / SYN-ACK), send `payload`, and wait for the server's answer."""
    net = netns.machine.network
    sched = scheduler(net)
    dst_ip = IPv4(dst)
    dport = int(dport)
    port = ephemeral_port(netns, TCP)
    ep = open_endpoint(netns, TCP, port)
    start = net.clock
    deadline = start + timeout
    src_ip = IPv4(src) if src is not None else None
    try:
        syn = Packet(src=src_ip, dst=dst_ip, proto=TCP, sport=port, dport=dport, tcp_flags="S",  # type: ignore[arg-type]
                     length=60, trace=trace)
        first = syn.copy()                                  # NAT rewrites the one sent in place
        err = _send(netns, syn)
        if err is not None:
            return TcpResult(None, _ERRNO_TO_ERROR.get(err, "no-route"), net.clock - start)
        src_ip = syn.src if src is None else src_ip
        answer = await_synack(netns, first, start, deadline, lambda until: _wait(sched, ep, dst_ip, dport, until),
                              lambda again: _send(netns, again))
        if answer is None or answer is GAVE_UP:
            return TcpResult(None, "timeout", net.clock - start)
        if answer.proto == ICMP or "R" in answer.tcp_flags:
            _snmp.inc(netns, "Tcp", "AttemptFails")            # tcp_done in SYN-SENT
        if answer.proto == ICMP:
            return TcpResult(None, _icmp_error_kind(answer), net.clock - start, answer.src)
        if "R" in answer.tcp_flags:
            return TcpResult(None, "refused", net.clock - start, answer.src)
        data = Packet(src=src_ip, dst=dst_ip, proto=TCP, sport=port, dport=dport, tcp_flags="PA",  # type: ignore[arg-type]
                      payload=payload, length=52 + _size(payload), trace=trace)
        err = _send(netns, data)
        if err is not None:
            return TcpResult(None, "timeout" if err != "EPERM" else "not-permitted", net.clock - start)
        answer = _wait(sched, ep, dst_ip, dport, deadline)
        if answer is None:
            return TcpResult(None, "timeout", net.clock - start)
        if answer.proto == ICMP:
            return TcpResult(None, _icmp_error_kind(answer), net.clock - start, answer.src)
        if "R" in answer.tcp_flags:
            return TcpResult(None, "refused", net.clock - start, answer.src)
        result = TcpResult(answer.payload if "P" in answer.tcp_flags else None, None, net.clock - start, answer.src)
        _close(netns, sched, ep, src_ip, dst_ip, port, dport, trace, answer, deadline)
        return result
    finally:
        close_endpoint(ep)


def _close(netns: "NetNS", sched: Any, ep: Any, src_ip: Any, dst_ip: IPv4, port: int, dport: int,
           trace: Any, last: Packet, deadline: float) -> None:
    """The client closes: FIN, the server's FIN, the last ACK (conntrack then shows TIME_WAIT)."""
    if "F" not in last.tcp_flags:
        fin = Packet(src=src_ip, dst=dst_ip, proto=TCP, sport=port, dport=dport, tcp_flags="FA",
                     length=52, trace=trace)
        if _send(netns, fin) is not None:
            return
        last = _wait(sched, ep, dst_ip, dport, min(deadline, netns.machine.network.clock + 1.0))  # type: ignore
        if last is None or last.proto != TCP or "F" not in last.tcp_flags:
            return
    _send(netns, Packet(src=src_ip, dst=dst_ip, proto=TCP, sport=port, dport=dport, tcp_flags="A",
                        length=52, trace=trace))


def _wait(sched: Any, ep: Any, dst_ip: IPv4, dport: int, deadline: float) -> Optional[Packet]:
    found: list[Packet] = []

    def done() -> bool:
        while ep.inbox:
            p = ep.inbox.pop(0)
            if p.proto == TCP and p.src == dst_ip and p.sport == dport:
                found.append(p)
                return True
            if p.proto == ICMP and p.icmp_type != 5 and p.inner is not None and p.inner.dst == dst_ip:
                found.append(p)
                return True
        return False

    sched.pump(deadline, done)
    return found[0] if found else None


def _send(netns: "NetNS", pkt: Packet) -> Optional[str]:
    return _datapath.ip_send(netns, pkt)


def _size(payload: Any) -> int:
    try:
        return len(payload)
    except TypeError:
        return 64


# the datapath's modules call each other; bound here, after every definition
from course_lib.net import datapath as _datapath  # noqa: E402
