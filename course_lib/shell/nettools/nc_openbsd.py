"""netcat-openbsd `nc` (Debian 1.219; netshoot's alpine build): connect, -z scans, -v reports, -l listeners.

What netcat.c does, and this module copies (texts checked against /usr/bin/nc.openbsd in a private netns):
- getopt "46CDdFhI:i:klM:m:NnO:P:p:q:rSs:T:tUuV:vW:w:X:x:Zz"; an error, or no operand: the usage (exit 1);
  `-w x`: `nc: timeout invalid: x`; no port: `nc: missing port number`; `nc: port number invalid: abc`,
  `nc: port number too large: 99999`; ports may be a range (`1-3`) or several operands;
- a name that does not resolve: `nc: getaddrinfo for host "H" port P: Name or service not known`
  (musl's alpine build: `Name does not resolve`);
- with -v, `Connection to HOST (IP) PORT port [tcp/SERVICE] succeeded!` (just `IP` for an address;
  SERVICE from /etc/services, else `*`), a failure `nc: connect to HOST port P (tcp) failed: Connection
  refused` (`timed out: Operation now in progress` after -w); without -v failures are silent; exit 1
  when no port connected;
- -u with -v or -z: udptest() writes four X's first (a listener receives them); a port unreachable makes it
  fail silently (exit 1), else -v says `Connection to ... port [udp/SERVICE] succeeded!`;
- -l [-s ADDR] [-p] PORT: a listener on 0.0.0.0 (IPv4; -6 for ::); -v `Listening on 0.0.0.0 PORT` (UDP:
  `Bound on`) and `Connection received on PEER PORT` (PEER's reverse name, or its address); -k stays; -u is UDP.
The exchange ends when the data is through (-N/-q have nothing left to change): see nc_listen.py.
"""
from __future__ import annotations

from typing import Any, Optional

from course_lib.result import CommandResult
from course_lib.shell.coreutils_common import UsageError, getopt, usage_result
from course_lib.shell.nettools.busybox_nc import CONNECT_TIMEOUT
from course_lib.shell.nettools.nc_common import is_ip, names, payload, wire_text
from course_lib.shell.registry import command
from course_lib.shell import jobs as _jobs  # noqa: F401,E402  (registers jobs and kill)

UDPTEST = 0.05              # model seconds udptest()'s writes give an ICMP port unreachable to come back
SHORTS = "46CDdFhI:i:klM:m:NnO:P:p:q:rSs:T:tUuV:vW:w:X:x:Zz"
USAGE = """usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]
\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]
\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]
\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]
\t  [destination] [port]
"""


def _fail(text: str) -> CommandResult:
    return CommandResult("", f"nc: {text}\n", 1)


def _ports(text: str, proto: str = "tcp") -> tuple[list[int], Optional[CommandResult]]:
    """build_ports(): a service name, PORT or LOW-HIGH, each checked by strtonum."""
    from course_lib.net.netfilter.netdb import service_port
    named = service_port(text, proto)
    if named is not None:
        return [named], None
    low, dash, high = text.partition("-")
    ends = []
    for part in (low, high) if dash else (low,):
        if not part.isdigit():
            return [], _fail(f"port number invalid: {part}" if not dash else f"port range not valid: {text}")
        if int(part) > 65535:
            return [], _fail(f"port number too large: {part}")
        if int(part) < 1:
            return [], _fail(f"port number too small: {part}")
        ends.append(int(part))
    return list(range(min(ends), max(ends) + 1)), None


def _service(port: int, proto: str) -> str:
    from course_lib.net.netfilter.netdb import service_name
    return service_name(port, proto) or "*"


def _resolve_error(ctx: Any) -> str:
    musl = getattr(getattr(ctx, "machine", None), "userland", "debian") in ("alpine", "busybox")
    return "Name does not resolve" if musl else "Name or service not known"


@command("nc", "netcat", "nc.openbsd")
def nc(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, SHORTS, usage=USAGE.rstrip("\n"))
    except UsageError as exc:
        return usage_result(exc)
    wait = opts.value("-w")
    if wait is not None and not wait.isdigit():
        return _fail(f"timeout invalid: {wait}")
    operands = opts.operands
    proto = "udp" if opts.has("-u") else "tcp"
    if opts.has("-l"):
        return _listen(ctx, opts, operands, proto, " ".join(argv), stdin)
    if not operands:
        return CommandResult("", USAGE, 1)
    if len(operands) < 2:
        return _fail("missing port number")
    host = operands[0]
    ports: list[int] = []
    for text in operands[1:]:
        found, refused = _ports(text, proto)
        if refused is not None:
            return refused
        ports += found
    from course_lib.http.client import resolve
    address = resolve(ctx, host) if not opts.has("-n") else (host if is_ip(host) else None)
    if address is None:
        return _fail(f'getaddrinfo for host "{host}" port {operands[1]}: {_resolve_error(ctx)}')
    verbose, scan = opts.has("-v"), opts.has("-z")
    shown = host if host == address else f"{host} ({address})"
    out, err, ok = "", "", False
    for port in ports:
        if proto == "udp":
            from course_lib.net.sockets import udp_request
            refused = _udp_connect_error(ctx.netns, address)
            if refused is not None:                   # connect() found no route: nothing is sent
                err += f"nc: connect to {host} port {port} (udp) failed: {refused}\n" if verbose else ""
                continue
            if (verbose or scan) and udp_request(ctx.netns, address, port, "XXXX", UDPTEST).error == "refused":
                continue                          # udptest(): the X's met a port unreachable (silent, exit 1)
            err += f"Connection to {shown} {port} port [udp/{_service(port, 'udp')}] succeeded!\n" if verbose else ""
            source = opts.value("-p")                 # -p: the datagram's source port
            reply = None if scan or not stdin else udp_request(
                ctx.netns, address, port, stdin, float(wait or 2),
                sport=int(source) if source and source.isdigit() else None).reply
            out += wire_text(reply)
            ok = True
            continue
        from course_lib.net.sockets import STRERROR, tcp_request
        result = tcp_request(ctx.netns, address, port, None if scan else payload(stdin),
                             float(wait) if wait else CONNECT_TIMEOUT)
        if result.error is None:
            ok = True
            if verbose:
                err += f"Connection to {shown} {port} port [tcp/{_service(port, 'tcp')}] succeeded!\n"
            out += "" if scan else wire_text(result.reply)
        elif verbose:
            how = "timed out: Operation now in progress" if result.error == "timeout" else \
                f"failed: {STRERROR.get(result.error, 'Connection refused')}"
            err += f"nc: connect to {host} port {port} (tcp) {how}\n"
    return CommandResult(out, err, 0 if ok else 1)


def _udp_connect_error(netns: Any, address: str) -> Optional[str]:
    """connect()'s strerror for a UDP socket when the route lookup refuses the destination (no route:
    Network is unreachable; blackhole: Invalid argument; unreachable: No route to host; prohibit:
    Permission denied), else None."""
    import ipaddress
    from course_lib.net.datapath import lookup_route_err
    try:
        dst = ipaddress.ip_address(address)
    except ValueError:
        return None
    if dst.version != 4:
        return None
    return lookup_route_err(netns, dst)[1]


def _listen(ctx: Any, opts: Any, operands: list[str], proto: str, cmdline: str, stdin: str) -> CommandResult:
    from course_lib.net.sockets import SocketError
    from course_lib.shell.nettools import nc_listen
    port_text = operands[-1] if operands else opts.value("-p")
    if port_text is None:
        return _fail("missing port number")
    if operands and opts.has("-p") or len(operands) > 2:
        return CommandResult("", USAGE, 1)
    ports, refused = _ports(port_text, proto)
    if refused is not None:
        return refused
    address = opts.value("-s") or (operands[0] if len(operands) == 2 else ("::" if opts.has("-6") else "0.0.0.0"))
    if not is_ip(address):
        from course_lib.http.client import resolve
        address = resolve(ctx, address) or ""
        if not address:
            return _fail(f'getaddrinfo for host "{opts.value("-s") or operands[0]}" port {port_text}: '
                         f"{_resolve_error(ctx)}")
    greet = None
    if opts.has("-v"):
        def greet(peer: Any, peer_port: int, dst: Any) -> str:
            found = [] if opts.has("-n") else names(ctx, peer)
            return f"Connection received on {found[0] if found else peer} {peer_port}\n"
    try:
        listener = nc_listen.start(ctx, proto, address, ports[0], opts.has("-k"), stdin, cmdline, greet,
                                   v6only=True if ":" in address else None, udp_connect=not opts.has("-k"))
    except SocketError as exc:
        return _fail(str(exc))
    said = f"{'Bound' if proto == 'udp' else 'Listening'} on {address} {ports[0]}\n"
    return nc_listen.result(listener, said if opts.has("-v") else "")
