"""BusyBox `ifconfig` (libbb/interface.c, networking/ifconfig.c): interfaces by name, and simple changes.

What BusyBox prints, and this module copies:
- interfaces sorted by name, only UP ones unless `-a`; an IPv4 label (`lo:1`) is an interface of its own
  with its address and flags but no statistics;
- `%-9s Link encap:Ethernet  HWaddr AA:BB:..  ` (upper case), `inet addr:A  Bcast:B  Mask:M` (Bcast only
  with the BROADCAST flag), `inet6 addr: A/L Scope:Link`, the flag words then `  MTU:N  Metric:1`,
  RX/TX packets, `collisions:0 txqueuelen:N `, `RX bytes:N (N.F KiB)  TX bytes:...` and an empty line;
- an unknown interface: `ifconfig: X: error fetching interface information: Device not found`, rc 1.
`ifconfig IFACE up|down|mtu N|ADDR [netmask M]` change the same NetStack as `ip` does.
"""
from __future__ import annotations

import ipaddress
from typing import Any, Optional

from course_lib.backends.stack import AddrRecord, LinkRecord
from course_lib.result import CommandError, CommandResult

FLAG_ORDER = ("UP", "BROADCAST", "DEBUG", "LOOPBACK", "POINTOPOINT", "NOTRAILERS", "RUNNING", "NOARP",
              "PROMISC", "ALLMULTI", "SLAVE", "MASTER", "MULTICAST", "DYNAMIC")
SCOPES = {"global": "Global", "link": "Link", "host": "Host", "site": "Site"}


def bytes_scaled(value: int) -> str:
    """print_bytes_scaled: `90.0 B`, `1.2 KiB` (the fraction truncated, as BusyBox does)."""
    whole, frac, ext = value, 0, ""
    for unit in ("Ki", "Mi", "Gi", "Ti"):
        if whole >= 1024:
            frac = ((whole & 1023) * 10) // 1024
            whole //= 1024
            ext = unit
    return f"{whole}.{frac} {ext}B"


def _flag_line(flags: list[str], mtu: int) -> str:
    words = [f for f in FLAG_ORDER if f in flags]
    text = "".join(w + " " for w in words) if words else "[NO FLAGS] "
    return f"          {text} MTU:{mtu}  Metric:1\n"


def _inet_line(rec: LinkRecord, a: AddrRecord) -> str:
    mask = str(ipaddress.IPv4Network(f"0.0.0.0/{a.prefixlen}").netmask)
    text = f"          inet addr:{a.local} "
    if "BROADCAST" in rec.flags:
        text += f" Bcast:{a.broadcast or '0.0.0.0'} "
    if a.peer:
        text += f" P-t-P:{a.peer.split('/')[0]} "
    return text + f" Mask:{mask}\n"


def block(rec: LinkRecord, name: str, inet: Optional[AddrRecord], inet6: list[AddrRecord], stats: bool) -> str:
    if rec.link_type == "loopback":
        out = f"{name:<9} Link encap:Local Loopback  \n"
    else:
        out = f"{name:<9} Link encap:Ethernet  HWaddr {rec.mac.upper()}  \n"
    if inet is not None:
        out += _inet_line(rec, inet)
    for a in inet6:
        out += f"          inet6 addr: {a.local}/{a.prefixlen} Scope:{SCOPES.get(a.scope, 'Unknown')}\n"
    out += _flag_line(rec.flags, rec.mtu)
    if stats:
        s = rec.stats
        out += (f"          RX packets:{s.get('rx_packets', 0)} errors:{s.get('rx_errors', 0)} "
                f"dropped:{s.get('rx_dropped', 0)} overruns:0 frame:0\n"
                f"          TX packets:{s.get('tx_packets', 0)} errors:{s.get('tx_errors', 0)} "
                f"dropped:{s.get('tx_dropped', 0)} overruns:0 carrier:0\n"
                f"          collisions:0 txqueuelen:{rec.txqlen} \n"
                f"          RX bytes:{s.get('rx_bytes', 0)} ({bytes_scaled(s.get('rx_bytes', 0))})  "
                f"TX bytes:{s.get('tx_bytes', 0)} ({bytes_scaled(s.get('tx_bytes', 0))})\n")
    return out + "\n"


def _entries(stack: Any) -> list[tuple[str, str, LinkRecord]]:
    """(name, text, link) of every interface and IPv4 label, unsorted."""
    links = stack.links()
    addrs = stack.addresses()
    out = []
    for rec in links:
        mine = [a for a in addrs if a.ifindex == rec.ifindex]
        v4 = [a for a in mine if a.family == 4]
        primary = next((a for a in v4 if (a.label or rec.name) == rec.name and "secondary" not in a.flags), None)
        out.append((rec.name, block(rec, rec.name, primary, [a for a in mine if a.family == 6], True), rec))
        for a in v4:
            if a.label and a.label != rec.name:
                out.append((a.label, block(rec, a.label, a, [], False), rec))
    return out


def _show(stack: Any, name: Optional[str], every: bool) -> CommandResult:
    entries = sorted(_entries(stack), key=lambda e: e[0])
    if name is not None:
        found = [text for n, text, _ in entries if n == name]
        if not found:
            return CommandResult("", f"ifconfig: {name}: error fetching interface information: "
                                     "Device not found\n", 1)
        return CommandResult(found[0], "", 0)
    return CommandResult("".join(text for _, text, rec in entries if every or "UP" in rec.flags), "", 0)


def _change(ctx: Any, stack: Any, name: str, args: list[str]) -> CommandResult:
    if not stack.link_exists(name):
        return CommandResult("", f"ifconfig: SIOCGIFFLAGS: No such device\n", 1)
    netmask: Optional[str] = None
    address: Optional[str] = None
    try:
        while args:
            word = args.pop(0)
            if word in ("up", "down"):
                stack.link_set(name, up=word == "up")
            elif word == "mtu" and args:
                stack.link_set(name, mtu=int(args.pop(0)))
            elif word == "netmask" and args:
                netmask = args.pop(0)
            elif word in ("broadcast", "metric", "txqueuelen") and args:
                args.pop(0)
            else:
                ipaddress.IPv4Address(word)
                address = word
        if address is not None or netmask is not None:
            _set_address(stack, name, address, netmask)
    except (ValueError, ipaddress.AddressValueError):
        return CommandResult("", f"ifconfig: bad address '{word}'\n", 1)
    except CommandError as error:
        return CommandResult("", f"ifconfig: {error.message.replace('RTNETLINK answers: ', '')}\n", 1)
    return CommandResult("", "", 0)


def _set_address(stack: Any, name: str, address: Optional[str], netmask: Optional[str]) -> None:
    """SIOCSIFADDR replaces the primary address (classful mask), SIOCSIFNETMASK its prefix."""
    old = next((a for a in stack.addresses() if a.dev == name and a.family == 4
                and "secondary" not in a.flags), None)
    local = address or (old.local if old else None)
    if local is None:
        return
    if netmask is not None:
        plen = ipaddress.IPv4Network(f"0.0.0.0/{netmask}").prefixlen
    elif address is not None:
        first = int(local.split(".")[0])
        plen = 8 if first < 128 else 16 if first < 192 else 24
    else:
        plen = old.prefixlen if old else 32
    if old is not None:
        stack.addr_del(name, old.local, old.prefixlen)
    brd = str(ipaddress.IPv4Network(f"{local}/{plen}", strict=False).broadcast_address)
    stack.addr_add(name, local, plen, broadcast=brd)


def ifconfig(ctx: Any, argv: list[str]) -> CommandResult:
    from course_lib.shell.ip.main import current_stack
    stack = current_stack(ctx)
    args = argv[1:]
    every = False
    if args and args[0] == "-a":
        every = True
        args.pop(0)
    if len(args) <= 1:
        return _show(stack, args[0] if args else None, every)
    return _change(ctx, stack, args[0], args[1:])
