"""/proc/net/tcp, tcp6, udp, udp6 and sockstat6: the netns's sockets (course_lib.net.sockets) in the
kernel's seq formats (tcp4_seq_show, tcp6_seq_show, udp4/udp6_format_sock).

Addresses are the raw words of the address read as little-endian ints, ports in hex. Values that are
random on the kernel are made deterministic here: a socket's inode comes from a counter of its machine,
its hashed pointer from the inode, and a UDP socket's `sl` is its hash slot with the netns hash mix 0
(port & 16383). A listening TCP socket shows the kernel's idle values (rto 100, cwnd 10); the simulated
TCP exchanges are one-shot and keep no socket, so no connected or TIME_WAIT rows appear.
"""
from __future__ import annotations

import ipaddress
import itertools
import weakref
from typing import Any, Iterator

from course_lib.net.sockets import listeners
from course_lib.shell.procfs.listing import TCP4_TITLE, TCP6_TITLE, UDP4_TITLE, UDP6_TITLE

TCP_ESTABLISHED, TCP_CLOSE, TCP_LISTEN = 0x01, 0x07, 0x0A
UDP_HASH_MASK = 16383
_INODES: "weakref.WeakKeyDictionary[Any, Iterator[int]]" = weakref.WeakKeyDictionary()


def inode_of(sock: Any) -> int:
    """The socket's inode number: given once, from a counter of the socket's machine."""
    ino = sock.__dict__.get("inode")
    if ino is None:
        machine = sock.netns.machine
        counter = _INODES.get(machine)
        if counter is None:
            counter = _INODES[machine] = itertools.count(30000)
        ino = sock.__dict__["inode"] = next(counter)
    return int(ino)


def _pointer(sock: Any) -> str:
    return f"{(inode_of(sock) * 2654435761) & 0xFFFFFFFF:016x}"


def hex_addr(ip: Any) -> str:
    """%08X per 32-bit word of the address in network order, each word read as a little-endian int."""
    packed = ipaddress.ip_address(ip).packed
    return "".join(f"{int.from_bytes(packed[i:i + 4], 'little'):08X}" for i in range(0, len(packed), 4))


def _ends(sock: Any, family: int) -> tuple[str, str, int]:
    """Local and remote `ADDR:PORT` and the state number."""
    zero = "0.0.0.0" if family == 4 else "::"
    if sock.peer is not None:
        peer_ip, peer_port = sock.peer
        local = sock.local if sock.local is not None else sock.ip
        return (f"{hex_addr(local)}:{sock.port:04X}", f"{hex_addr(peer_ip)}:{peer_port:04X}", TCP_ESTABLISHED)
    state = TCP_LISTEN if sock.proto == "tcp" else TCP_CLOSE
    return f"{hex_addr(sock.ip)}:{sock.port:04X}", f"{hex_addr(zero)}:0000", state


def _of(netns: Any, proto: str, family: int) -> list[Any]:
    return [s for s in listeners(netns) if s.proto == proto and s.ip.version == family]


def proc_net_tcp(netns: Any, family: int = 4) -> str:
    """tcp or tcp6: the title, then the listening sockets in the order they were opened."""
    out = [TCP4_TITLE if family == 4 else TCP6_TITLE]
    for i, s in enumerate(_of(netns, "tcp", family)):
        local, remote, state = _ends(s, family)
        line = (f"{i:4d}: {local} {remote} {state:02X} 00000000:00000000 00:00000000 00000000 {0:5d} {0:8d} "
                f"{inode_of(s)} 1 {_pointer(s)} 100 0 0 10 0")
        out.append(f"{line:<149}\n" if family == 4 else line + "\n")
    return "".join(out)


def proc_net_udp(netns: Any, family: int = 4) -> str:
    """udp or udp6: the title, then the bound sockets by hash slot."""
    out = [UDP4_TITLE if family == 4 else UDP6_TITLE]
    for s in sorted(_of(netns, "udp", family), key=lambda s: s.port & UDP_HASH_MASK):
        local, remote, state = _ends(s, family)
        line = (f"{s.port & UDP_HASH_MASK:5d}: {local} {remote} {state:02X} 00000000:00000000 00:00000000 "
                f"00000000 {0:5d} {0:8d} {inode_of(s)} 2 {_pointer(s)} 0")
        out.append(f"{line:<127}\n" if family == 4 else line + "\n")
    return "".join(out)


def proc_net_sockstat6(netns: Any) -> str:
    """sockstat6: the netns's IPv6 sockets in use per protocol (no raw sockets or fragments queued)."""
    return (f"TCP6: inuse {len(_of(netns, 'tcp', 6))}\nUDP6: inuse {len(_of(netns, 'udp', 6))}\n"
            "UDPLITE6: inuse 0\nRAW6: inuse 0\nFRAG6: inuse 0 memory 0\n")


def proc_net_sockstat(netns: Any) -> str:
    """sockstat: the netns's sockets in use (all families) and its IPv4 TCP/UDP ones. TCP's alloc and mem
    and UDP's mem are machine-wide counts on the kernel; here they are the netns's TCP sockets and 0."""
    every = listeners(netns)
    tcp_all = [s for s in every if s.proto == "tcp"]
    return (f"sockets: used {len(every)}\n"
            f"TCP: inuse {len(_of(netns, 'tcp', 4))} orphan 0 tw 0 alloc {len(tcp_all)} mem 0\n"
            f"UDP: inuse {len(_of(netns, 'udp', 4))} mem 0\nUDPLITE: inuse 0\nRAW: inuse 0\nFRAG: inuse 0 memory 0\n")
