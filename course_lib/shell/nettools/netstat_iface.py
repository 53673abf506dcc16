"""`netstat -i` (net-tools 2.10): the kernel interface table, /proc/net/dev counters and the flag letters."""
from __future__ import annotations

from typing import Any

HEADER = ("Kernel Interface table\n"
          "Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n")
# ife_print_short's letters, in its order
FLAG_LETTERS = [("ALLMULTI", "A"), ("BROADCAST", "B"), ("DEBUG", "D"), ("LOOPBACK", "L"), ("MULTICAST", "M"),
                ("DYNAMIC", "d"), ("PROMISC", "P"), ("NOTRAILERS", "N"), ("NOARP", "O"), ("POINTOPOINT", "P"),
                ("SLAVE", "s"), ("MASTER", "m"), ("RUNNING", "R"), ("UP", "U")]


def flag_letters(link: Any) -> str:
    flags = set(link.kernel_flags())
    if link.master is not None:
        flags.add("SLAVE")
    text = "".join(letter for name, letter in FLAG_LETTERS if name in flags)
    return text or "[NO FLAGS]"


def interface_table(netns: Any, show_all: bool) -> str:
    """The up interfaces (all with -a) in ifindex order, one line each."""
    out = [HEADER]
    for link in sorted(netns.links.values(), key=lambda ln: ln.ifindex):
        if not link.admin_up and not show_all:
            continue
        st = link.stats or {}

        def g(key: str) -> int:
            return int(st.get(key, 0))
        out.append(f"{link.name[:15]:<15} {link.mtu:5d} {g('rx_packets'):8d} {g('rx_errors'):6d} {g('rx_dropped'):6d} "
                   f"{g('rx_fifo'):<6d} {g('tx_packets'):8d} {g('tx_errors'):6d} {g('tx_dropped'):6d} "
                   f"{g('tx_fifo'):6d} {flag_letters(link)}\n")
    return "".join(out)
