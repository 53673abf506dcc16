"""/proc/net/tcp, udp, tcp6, udp6 and sockstat6 from the netns's sockets, against lines measured on Linux 6.18
(python listeners: 0.0.0.0:80, 127.0.0.1:9000, [::]:8080 TCP; 127.0.0.1:53 and [::]:5353 UDP)."""
from __future__ import annotations

import re

from course_lib import Lab
from course_lib.net.sockets import tcp_listen, udp_bind
from course_lib.shell.procfs.sockets import hex_addr

# the kernel's lines with the per-boot random fields (sl of UDP, inode, hashed pointer) as INO/PTR
KERNEL_TCP = ["0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 INO 1 PTR "
              "100 0 0 10 0",
              "1: 0100007F:2328 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 INO 1 PTR "
              "100 0 0 10 0"]
KERNEL_TCP6 = ("0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A "
               "00000000:00000000 00:00000000 00000000     0        0 INO 1 PTR 100 0 0 10 0")
KERNEL_UDP = "0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 INO 2 PTR 0"


def _masked(line: str) -> str:
    line = re.sub(r"(\s0\s+)\d+ (\d) [0-9a-f]{16} ", r"\1INO \2 PTR ", line)
    return line.strip()


def _lab() -> Lab:
    lab = Lab()
    netns = lab.network.machines["host"].root
    nop = lambda *a: None           # noqa: E731
    tcp_listen(netns, "0.0.0.0", 80, nop)
    tcp_listen(netns, "127.0.0.1", 9000, nop)
    tcp_listen(netns, "::", 8080, nop)
    udp_bind(netns, "127.0.0.1", 53, nop)
    udp_bind(netns, "::", 5353, nop)
    return lab


def test_hex_addr_words():
    assert hex_addr("127.0.0.1") == "0100007F"
    assert hex_addr("::1") == "00000000000000000000000001000000"


def test_listeners_in_the_kernels_format():
    lab = _lab()
    tcp = lab.run("cat /proc/net/tcp").stdout.splitlines(keepends=True)
    assert all(len(line) == 150 for line in tcp)                  # seq_setwidth(149) + newline
    assert [_masked(line) for line in tcp[1:]] == KERNEL_TCP
    tcp6 = lab.run("cat /proc/net/tcp6").stdout.splitlines()
    assert [_masked(line) for line in tcp6[1:]] == [KERNEL_TCP6]
    udp = lab.run("cat /proc/net/udp").stdout.splitlines(keepends=True)
    assert len(udp[1]) == 128 and _masked(udp[1]).split(": ", 1)[1] == KERNEL_UDP
    assert lab.run("cat /proc/net/sockstat6").stdout.splitlines()[:2] == ["TCP6: inuse 1", "UDP6: inuse 1"]


def test_inodes_are_stable_and_distinct():
    lab = _lab()
    first = lab.run("cat /proc/net/tcp /proc/net/udp").stdout
    inodes = [line.split()[9] for line in first.splitlines() if ": " in line and "sl" not in line]
    assert len(set(inodes)) == len(inodes) == 3
    assert lab.run("cat /proc/net/tcp /proc/net/udp").stdout == first
