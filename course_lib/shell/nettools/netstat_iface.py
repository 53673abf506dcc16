"""`netstat -i` (net-tools 2.10): the kernel interface table, /proc/net/dev counters and the flag letters."""
from __future__ import annotations

from functools import cmp_to_key
from typing import Any

HEADER = ("Kernel Interface table\n"
          "Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n")
# ife_print_short's letters, in its order
FLAG_LETTERS = [("ALLMULTI", "A"), ("BROADCAST", "B"), ("DEBUG", "D"), ("LOOPBACK", "L"), ("MULTICAST", "M"),
                ("DYNAMIC", "d"), ("PROMISC", "P"), ("NOTRAILERS", "N"), ("NOARP", "O"), ("POINTOPOINT", "P"),
                ("SLAVE", "s"), ("MASTER", "m"), ("RUNNING", "R"), ("UP", "U")]


def flag_letters(link: Any) -> str:
    flags = set(link.kernel_flags())         # a bridge port is no IFF_SLAVE (that is bonding's)
    text = "".join(letter for name, letter in FLAG_LETTERS if name in flags)
    return text or "[NO FLAGS]"


def nstrcmp(a: str, b: str) -> int:
    """net-tools' nstrcmp(): strcmp, except that where the names part in a number, the numbers compare
    (atoi from the start of the digit run both share)."""
    a, b = a + "\0", b + "\0"
    i, start = 0, 0
    while a[i] == b[i]:
        if a[i] == "\0":
            return 0
        if not a[i].isdigit() and a[i + 1].isdigit():
            start = i + 1
        i += 1
    if a[i].isdigit() and b[i].isdigit():
        return 1 if _atoi(a[start:]) > _atoi(b[start:]) else -1
    return ord(a[i]) - ord(b[i])


def _atoi(text: str) -> int:
    digits = len(text) - len(text.lstrip("0123456789"))
    return int(text[:digits] or 0)


def interface_table(netns: Any, show_all: bool) -> str:
    """The up interfaces (all with -a) sorted as add_interface() keeps its list (nstrcmp), one line each."""
    out = [HEADER]
    for link in sorted(netns.links.values(), key=cmp_to_key(lambda x, y: nstrcmp(x.name, y.name))):
        if not link.admin_up and not show_all:
            continue
        st = link.stats or {}

        def g(key: str) -> int:
            return int(st.get(key, 0))
        out.append(f"{link.name[:15]:<15} {link.mtu:5d} {g('rx_packets'):8d} {g('rx_errors'):6d} {g('rx_dropped'):6d} "
                   f"{g('rx_fifo'):<6d} {g('tx_packets'):8d} {g('tx_errors'):6d} {g('tx_dropped'):6d} "
                   f"{g('tx_fifo'):6d} {flag_letters(link)}\n")
    return "".join(out)


DEV_HEADER = ("Inter-|   Receive                                                |  Transmit\n"
              " face |bytes    packets errs drop fifo frame compressed multicast|"
              "bytes    packets errs drop fifo colls carrier compressed\n")


def proc_net_dev(netns: Any) -> str:
    """/proc/net/dev as dev_seq_show prints it: every device of the netns in ifindex order."""
    out = [DEV_HEADER]
    for link in sorted(netns.links.values(), key=lambda l: l.ifindex):
        st = link.stats or {}

        def g(key: str) -> int:
            return int(st.get(key, 0))
        out.append(f"{link.name:>6}:{g('rx_bytes'):8d} {g('rx_packets'):7d} {g('rx_errors'):4d} "
                   f"{g('rx_dropped') + g('rx_missed'):4d} {g('rx_fifo'):4d} {g('rx_frame'):5d} {0:10d} "
                   f"{g('multicast'):9d} {g('tx_bytes'):8d} {g('tx_packets'):7d} {g('tx_errors'):4d} "
                   f"{g('tx_dropped'):4d} {g('tx_fifo'):4d} {g('collisions'):5d} {g('tx_carrier'):7d} {0:10d}\n")
    return "".join(out)
