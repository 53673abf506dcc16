"""TCP listeners in a netns and the client side of one connection (request in, response out).

The simulated datapath (course_lib.net.sockets) moves the SYN and the segments hop by hop, so
routes, ARP, bridges, DNAT and DROP rules decide the outcome.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

# A server handler: the request payload and the client (address, port) -> the response payload.
Handler = Callable[[Any, tuple[str, int]], Any]

OK, REFUSED, TIMEOUT, UNREACHABLE = "ok", "refused", "timeout", "unreachable"


@dataclass
class Connection:
    """The outcome of one connection attempt and exchange."""

    status: str                          # ok, refused, timeout, unreachable
    response: Any = None
    elapsed: float = 0.0                 # model seconds
    local: tuple[str, int] = ("", 0)     # the client's address and port
    error: str = ""                      # the datapath's error kind (refused, timeout, not-permitted...)

    @property
    def strerror(self) -> str:
        """The libc text of the failure (wget prints it)."""
        from course_lib.net.sockets import STRERROR
        return STRERROR.get(self.error, "")


def listen(netns: Any, address: str, port: int, handler: Handler, owner: str = "server",
           pid: int = 0, v6only: Any = None, backlog: int = 4096) -> Any:
    """Bind and listen (a socket `ss -lntp` shows); raises OSError(98) when the address and port are taken.
    An IPv6 address ("::") opens an AF_INET6 socket, dual-stack unless v6only; the backlog is a Go
    program's (net.core.somaxconn) unless given."""
    from course_lib.net.sockets import SocketError, tcp_listen

    def serve(payload: Any, src_ip: Any, src_port: int, dst_ip: Any) -> Any:
        return handler(payload, (str(src_ip), src_port))

    try:
        return tcp_listen(netns, address, port, serve, process_name=owner, pid=pid or None, v6only=v6only,
                          backlog=backlog)
    except SocketError as exc:
        raise OSError(98 if exc.errno_name == "EADDRINUSE" else 99, str(exc)) from exc


def close(netns: Any, listener: Any) -> None:
    if listener in netns.sockets:
        netns.sockets.remove(listener)


_ERRORS = {None: OK, "refused": REFUSED, "timeout": TIMEOUT}


def request(netns: Any, dst: str, port: int, payload: Any, timeout: float) -> Connection:
    """Connect from `netns` to dst:port through the datapath, send `payload`, return the server's answer."""
    from course_lib.net.sockets import tcp_request
    result = tcp_request(netns, dst, port, payload, timeout)
    return Connection(_ERRORS.get(result.error, UNREACHABLE), result.reply, result.elapsed,
                      error=result.error or "")
