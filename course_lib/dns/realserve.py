"""The course's CoreDNS on the real backend: `python -m course_lib.dns.realserve -conf FILE [-dns.port N]`.

Run inside a lab namespace (`ip netns exec NS python -m course_lib.dns.realserve -conf /path/Corefile`),
it reads the Corefile with the same parser and plugins as the simulation and answers real UDP and TCP
on 0.0.0.0:PORT in that namespace (a UDP reply leaves from the address the query was sent to); forward
sends real UDP from there. It prints what `coredns` prints (the banner, then log lines) and exits 1
with CoreDNS's message when the Corefile is wrong.
The process runs in the foreground; the real backend starts it in the background and owns its pid.
"""
from __future__ import annotations

import socket
import struct
import sys
from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.dns.coredns.server import CoreDNSServer, scrub
from course_lib.dns.message import Message


@dataclass
class RealContext:
    """What the server needs to know about where it runs: the real kernel, the process's files."""

    backend: str = "real"
    machine: Any = None
    netns: Any = None
    netns_name: Optional[str] = None
    env: dict[str, str] = field(default_factory=dict)
    cwd: str = "."


def serve(conf: str, port: int = 53, once: bool = False) -> int:
    ctx = RealContext()
    try:
        with open(conf, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        print(f"open {conf}: no such file or directory", file=sys.stderr)
        return 1
    server = CoreDNSServer(ctx, conf, port)
    server.read_path = conf
    out, err, rc = server.start(text)
    sys.stdout.write(out)
    sys.stdout.flush()
    if rc != 0:
        sys.stderr.write(err)
        return rc
    server.on_log = lambda line: (print(line), sys.stdout.flush())
    ports = sorted({a.port for b in server.blocks for a in b.addresses})
    import selectors
    selector = selectors.DefaultSelector()
    for p in ports:
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            udp.bind(("0.0.0.0", p))
            tcp.bind(("0.0.0.0", p))
        except OSError:
            print(f"listen tcp :{p}: bind: address already in use", file=sys.stderr)
            return 1
        udp.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)   # answer from the address asked, as Go's server does
        tcp.listen(64)
        selector.register(udp, selectors.EVENT_READ, ("udp", p))
        selector.register(tcp, selectors.EVENT_READ, ("tcp", p))
    while True:
        for key, _ in selector.select():
            kind, p = key.data
            if kind == "udp":
                _serve_udp(server, key.fileobj, p)          # type: ignore[arg-type]
            else:
                _serve_tcp(server, key.fileobj, p)          # type: ignore[arg-type]
        if once:
            return 0


IP_PKTINFO = 8          # <linux/in.h>; struct in_pktinfo {int ifindex; in_addr spec_dst; in_addr addr;}


def _answer(server: CoreDNSServer, data: bytes, client: tuple[str, int], port: int, tcp: bool = False
            ) -> Optional[bytes]:
    try:
        query = Message.from_wire(data)
    except Exception:
        return None                               # not DNS: ignored, as CoreDNS drops garbage
    reply = scrub(query, server.answer(query, (client[0], client[1]), port), tcp)   # OPT echoed, size, TC
    return None if reply is None else reply.to_wire()


def _serve_udp(server: CoreDNSServer, sock: socket.socket, port: int) -> None:
    data, ancillary, _, client = sock.recvmsg(65535, socket.CMSG_SPACE(12))
    reply = _answer(server, data, client, port)
    if reply is None:
        return
    cmsg = []
    for level, kind, info in ancillary:
        if level == socket.IPPROTO_IP and kind == IP_PKTINFO and len(info) >= 12:
            cmsg = [(socket.IPPROTO_IP, IP_PKTINFO, struct.pack("=i4s4s", 0, info[8:12], bytes(4)))]
    try:
        sock.sendmsg([reply], cmsg, 0, client)
    except OSError:
        pass


def _serve_tcp(server: CoreDNSServer, listener: socket.socket, port: int) -> None:
    """One connection: length-prefixed queries answered until the client closes (or 2 s of silence)."""
    conn, client = listener.accept()
    conn.settimeout(2)
    try:
        while True:
            head = _read(conn, 2)
            data = _read(conn, struct.unpack("!H", head)[0]) if head else b""
            if not data:
                return
            reply = _answer(server, data, client, port, tcp=True)
            if reply is None:
                return
            conn.sendall(struct.pack("!H", len(reply)) + reply)
    except OSError:
        return
    finally:
        conn.close()


def _read(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            return b""
        data += chunk
    return data


def main(argv: list[str]) -> int:
    conf, port = "Corefile", 53
    i = 0
    while i < len(argv):
        arg = argv[i].lstrip("-")
        name, _, value = arg.partition("=")
        if name in ("conf", "dns.port") and not value and i + 1 < len(argv):
            i += 1
            value = argv[i]
        if name == "conf":
            conf = value
        elif name == "dns.port" and value.isdigit():
            port = int(value)
        i += 1
    return serve(conf, port)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
