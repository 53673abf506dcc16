"""The course's CoreDNS on the real backend: `python -m course_lib.dns.realserve -conf FILE [-dns.port N]`.

Run inside a lab namespace (`ip netns exec NS python -m course_lib.dns.realserve -conf /path/Corefile`),
it reads the Corefile with the same parser and plugins as the simulation and answers real UDP on
0.0.0.0:PORT in that namespace; forward sends real UDP from there. It prints what `coredns` prints
(the banner, then log lines) and exits 1 with CoreDNS's message when the Corefile is wrong.
The process runs in the foreground; the real backend starts it in the background and owns its pid.
"""
from __future__ import annotations

import socket
import sys
from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.dns.coredns.server import CoreDNSServer
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
    sockets = []
    for p in ports:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.bind(("0.0.0.0", p))
        except OSError:
            print(f"listen tcp :{p}: bind: address already in use", file=sys.stderr)
            return 1
        sockets.append((sock, p))
    import selectors
    selector = selectors.DefaultSelector()
    for sock, p in sockets:
        selector.register(sock, selectors.EVENT_READ, p)
    while True:
        for key, _ in selector.select():
            sock = key.fileobj
            data, client = sock.recvfrom(65535)   # type: ignore[union-attr]
            try:
                query = Message.from_wire(data)
            except Exception:
                continue                          # not DNS: ignored, as CoreDNS drops garbage
            response = server.answer(query, (client[0], client[1]), key.data)
            try:
                sock.sendto(response.to_wire(), client)   # type: ignore[union-attr]
            except OSError:
                pass
        if once:
            return 0


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
