"""BusyBox 1.36 `nc` (networking/nc_bloaty.c, NC_110_COMPAT): outbound TCP connects, -z scans, -v reports.

What nc_main does for an outbound connect, and this module copies:
- getopt32 "np:s:uvw:+lki:o:zb" with at most two operands (HOST PORT); no HOST, the usage (exit 1);
  a name that does not resolve: `nc: bad address 'H'`; a bad port: `nc: bad port 'P'` (exit 1);
- connected: with -v `HOST (IP:PORT) open` on stderr; with -z nothing is sent; otherwise stdin goes to
  the server and what it answers to stdout (an HTTP request read from stdin reaches the server as one;
  its response comes back as status line, headers and body);
- not connected: exit 1, silent for a refusal at one -v (nc 1.10's scanning habit), else with -v
  `nc: HOST (IP:PORT): Connection refused` (or timed out, No route to host); -vv adds `sent N, rcvd M`.
Listen mode (-l [-p PORT] [-s ADDR] [-u] [-k] [-v] [-w SEC: `nc: timeout`, exit 1, without a peer]): a listener process (nc_listen.py) on one socket,
AF_INET6 dual-stack `[::]` unless -s gives an address (xsocket_type tries IPv6 first); -v says
`listening on [::]:PORT ...` and, for each peer, `connect to LOCAL from NAME (PEER)` (PEER's reverse name,
or its address, which -n always uses); a taken port is `nc: bind: Address already in use`.
"""
from __future__ import annotations

from typing import Any, Optional

from course_lib.result import CommandResult
from course_lib.shell.nettools.nc_common import is_ip, names, payload, wire_text

USAGE = """
Usage: nc [OPTIONS] HOST PORT  - connect
nc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen

\t-e PROG\tRun PROG after connect (must be last)
\t-l\tListen mode, for inbound connects
\t-lk\tWith -e, provides persistent server
\t-p PORT\tLocal port
\t-s ADDR\tLocal address
\t-w SEC\tTimeout for connects and final net reads
\t-i SEC\tDelay interval for lines sent
\t-n\tDon't do DNS resolution
\t-u\tUDP mode
\t-b\tAllow broadcasts
\t-v\tVerbose
\t-o FILE\tHex dump traffic
\t-z\tZero-I/O mode (scanning)
"""
SERVICES = {"http": 80, "https": 443, "domain": 53, "ssh": 22, "ftp": 21, "telnet": 23, "smtp": 25,
            "mysql": 3306, "redis": 6379}
CONNECT_TIMEOUT = 127.0            # the kernel's SYN retries (tcp_syn_retries 6) before ETIMEDOUT


def _usage(ctx: Any, first: str = "") -> CommandResult:
    from course_lib.shell.busybox_getopt import usage
    return usage(ctx, USAGE, first)


def _split_e(argv: list[str]) -> tuple[list[str], Optional[list[str]]]:
    """nc_main's -e kludge before getopt32: `-e PROG ARGS` or `-OPTSe PROG ARGS` ends the options."""
    for i, word in enumerate(argv[1:], 1):
        if word == "-e":
            return argv[:i], argv[i + 1:]
        flags = word[1:].lstrip("nuvlkz") if word.startswith("-") else ""     # strspn(opt, "nuvlkz")
        if flags == "e":
            return argv[:i] + [word[:-1]], argv[i + 1:]
    return argv, None


def _parse(ctx: Any, argv: list[str]) -> tuple[dict, list[str], Optional[CommandResult]]:
    """getopt32 "np:s:uvw:+lki:o:zb" with at most two operands; -v counts."""
    from course_lib.shell.busybox_getopt import count, getopt32
    words, prog = _split_e(argv)
    found = getopt32(ctx, words, "np:s:uvw:lki:o:zb", USAGE, numeric="w", operands=(0, 2))
    if isinstance(found, CommandResult):
        return {"v": 0}, [], found
    opts: dict = {"v": count(found, "-v")}
    for name, value in found.flags:
        if name != "-v":
            opts[name[1:]] = True if value is None else value
    if prog is not None:
        opts["e"] = prog
    return opts, found.operands, None


def nc(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    opts, operands, refused = _parse(ctx, argv)
    if refused is not None:
        return refused
    if opts.get("l"):
        return _listen(ctx, opts, argv, stdin)
    if not operands or len(operands) < 2:
        if operands:                                 # xhost2sockaddr(HOST, 0) runs before the usage check
            from course_lib.http.client import resolve
            if resolve(ctx, operands[0]) is None:
                return CommandResult("", f"nc: bad address '{operands[0]}'\n", 1)
        return _usage(ctx)
    host, port_text = operands
    port = int(port_text) if port_text.isdigit() else SERVICES.get(port_text)
    if port is None or not 0 < port < 65536:
        return CommandResult("", f"nc: bad port '{port_text}'\n", 1)
    from course_lib.http.client import resolve
    address = resolve(ctx, host) if not opts.get("n") else (host if is_ip(host) else None)
    if address is None:
        return CommandResult("", f"nc: bad address '{host}'\n", 1)
    if opts.get("u"):
        return _udp(ctx, opts, host, address, port, stdin)
    from course_lib.net.sockets import STRERROR, tcp_request
    timeout = float(opts["w"]) if "w" in opts else CONNECT_TIMEOUT
    result = tcp_request(ctx.netns, address, port, None if opts.get("z") else payload(stdin), timeout)
    verbose = opts["v"]
    dotted = f"{address}:{port}"
    err = ""
    if result.error is not None:
        if verbose > 1 or (verbose and result.error != "refused"):
            err += f"nc: {host} ({dotted}): {STRERROR.get(result.error, 'Connection refused')}\n"
        if verbose > 1:
            err += "sent 0, rcvd 0\n"
        return CommandResult("", err, 1)
    if verbose:
        err += f"{host} ({dotted}) open\n"
    out = "" if opts.get("z") else wire_text(result.reply)
    if verbose > 1:
        sent = 0 if opts.get("z") else len(stdin.encode())
        err += f"sent {sent}, rcvd {len(out.encode())}\n"
    return CommandResult(out, err, 0)


def _listen(ctx: Any, opts: dict, argv: list[str], stdin: str) -> CommandResult:
    from course_lib.net.sockets import SocketError
    from course_lib.shell.nettools import nc_listen
    port_text = opts.get("p", "0")
    port = int(port_text) if port_text.isdigit() else SERVICES.get(port_text, 0)
    if port_text != "0" and not 0 < port < 65536:
        return CommandResult("", f"nc: bad local port '{port_text}'\n", 1)
    proto = "udp" if opts.get("u") else "tcp"
    if port == 0:
        from course_lib.net.sockets import ephemeral_port
        port = ephemeral_port(ctx.netns, proto)
    address = opts.get("s", "::")
    if "s" in opts and not is_ip(address):
        from course_lib.http.client import resolve
        address = resolve(ctx, address) or ""
        if not address:
            return CommandResult("", f"nc: bad address '{opts['s']}'\n", 1)
    local = _dotted(address, port)
    greet = None
    if opts["v"]:
        def greet(peer: Any, peer_port: int, dst: Any) -> str:
            shown = _dotted(f"::ffff:{dst}" if ":" in address and dst.version == 4 else str(dst), port)
            mapped = f"::ffff:{peer}" if ":" in address and peer.version == 4 else str(peer)
            numeric = _dotted(mapped, peer_port)
            found = [] if opts.get("n") else names(ctx, peer)
            return f"connect to {shown} from {found[0] + ':' + str(peer_port) if found else numeric} ({numeric})\n"
    try:
        listener = nc_listen.start(ctx, proto, address, port, bool(opts.get("k") and opts.get("e")), stdin,
                                   " ".join(argv), greet, program=opts.get("e"),
                                   wait=float(opts["w"]) if opts.get("w") else None)
    except SocketError as exc:
        return nc_listen.bind_error("nc", exc)
    return nc_listen.result(listener, f"listening on {local} ...\n" if opts["v"] else "")


def _dotted(address: str, port: int) -> str:
    """xmalloc_sockaddr2dotted: `[v6]:port` or `v4:port`."""
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def _udp(ctx: Any, opts: dict, host: str, address: str, port: int, stdin: str) -> CommandResult:
    """-u: a datagram goes out (UDP has no connect to fail); -v says open; a reply, if any, to stdout."""
    from course_lib.net.sockets import udp_request
    err = f"{host} ({address}:{port}) open\n" if opts["v"] else ""
    if opts.get("z") or not stdin:
        return CommandResult("", err, 0)
    result = udp_request(ctx.netns, address, port, stdin, float(opts.get("w", 2)))
    return CommandResult(wire_text(result.reply), err, 0)
