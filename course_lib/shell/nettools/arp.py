"""`arp` (net-tools 2.10): the neighbour table as /proc/net/arp shows it; -n -a -e -v -i, -s and -d."""
from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from course_lib.net import proxy_arp
from course_lib.net.arp import refresh
from course_lib.net.netns import Neighbour
from course_lib.result import CommandResult
from course_lib.shell.nettools.common import parse_ipv4, resolve, reverse_name
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

VALID = ("REACHABLE", "STALE", "DELAY", "PROBE", "PERMANENT", "NOARP")
HW_TYPES = ("ash", "ether", "ax25", "netrom", "rose", "arcnet", "dlci", "fddi", "hippi", "irda", "x25", "eui64")
HEADER = "Address                  HWtype  HWaddress           Flags Mask            Iface\n"
USAGE = """Usage:
  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache
  arp [-v]          [-i <if>] -d  <host> [pub]               <-Delete ARP entry
  arp [-vnD] [<HW>] [-i <if>] -f  [<filename>]            <-Add entry from file
  arp [-v]   [<HW>] [-i <if>] -s  <host> <hwaddr> [temp]            <-Add entry
  arp [-v]   [<HW>] [-i <if>] -Ds <host> <if> [netmask <nm>] pub          <-''-

        -a                       display (all) hosts in alternative (BSD) style
        -e                       display (all) hosts in default (Linux) style
        -s, --set                set a new ARP entry
        -d, --delete             delete a specified entry
        -v, --verbose            be verbose
        -n, --numeric            don't resolve names
        -i, --device             specify network interface (e.g. eth0)
        -D, --use-device         read <hwaddr> from given device
        -A, -p, --protocol       specify protocol family
        -f, --file               read new entries from file or from /etc/ethers

  <HW>=Use '-H <hw>' to specify hardware address type. Default: ether
  List of possible hardware types (which support ARP):
    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) 
    netrom (AMPR NET/ROM) rose (AMPR ROSE) arcnet (ARCnet) 
    dlci (Frame Relay DLCI) fddi (Fiber Distributed Data Interface) hippi (HIPPI) 
    irda (IrLAP) x25 (generic X.25) eui64 (Generic EUI-64) 
"""


def _entries(netns, iface):
    refresh(netns)
    rows = [n for n in netns.neighbours if n.ip.version == 4 and n.state != "NOARP"
            and (iface is None or n.link.name == iface)]
    return list(reversed(rows))


def _hw(n) -> str:
    """The hardware type net-tools names for the entry's device (ARPHRD_LOOPBACK is "loop")."""
    link = getattr(n, "link", None)
    return "loop" if link is not None and link.is_loopback else "ether"


@command("arp")
def arp(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    numeric = bsd = verbose = False
    iface = None
    use_device = False
    hwtype = None                   # -H: only entries of that type (hw_set)
    action = None
    rest: list[str] = []
    args = argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-n", "--numeric"):
            numeric = True
        elif a in ("-a", "--all"):
            bsd = True
        elif a in ("-e",):
            bsd = False
        elif a in ("-V", "--version"):
            return CommandResult("net-tools 2.10\n+I18N +SELINUX\nAF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\n"
                                 "HW: (ether) +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64\n", "", 0)
        elif a in ("-v", "--verbose"):
            verbose = True
        elif a in ("-i", "--device"):
            i += 1
            if i >= len(args):
                return CommandResult("", "arp: option requires an argument -- 'i'\n" + USAGE, 3)
            iface = args[i]
        elif a in ("-d", "--delete"):
            action = "d"
        elif a in ("-s", "--set", "-Ds", "-sD"):
            action = "s"
            use_device |= "D" in a
        elif a in ("-D", "--use-device"):
            use_device = True
        elif a in ("-H", "--hw-type", "-t"):
            i += 1
            if i >= len(args):
                return CommandResult("", f"arp: option requires an argument -- '{a.lstrip('-')[:1]}'\n" + USAGE, 3)
            hwtype = args[i]
            if hwtype not in HW_TYPES:
                return CommandResult("", f"arp: {hwtype}: unknown hardware type.\n", 255)
        elif a.startswith("-") and len(a) > 1 and not a.startswith("--") and all(c in "naev" for c in a[1:]):
            numeric |= "n" in a
            bsd |= "a" in a
            verbose |= "v" in a
        elif a.startswith("-") and len(a) > 1:
            return CommandResult("", f"arp: invalid option -- '{a.lstrip('-')[:1]}'\n" + USAGE, 3)
        else:
            rest.append(a)
        i += 1
    netns = ctx.netns
    if action == "d":
        return _delete(ctx, rest, iface)
    if action == "s":
        return _set(ctx, rest, iface, use_device)
    every = _entries(netns, None) + _proxies(netns)
    rows = [n for n in every if (iface is None or _dev(n) == iface) and hwtype in (None, _hw(n))]
    if rest:
        ip, err = resolve(ctx, rest[0])
        if ip is None:
            return CommandResult("", f"{rest[0]}: Host name lookup failure\n", 255)
        rows = [n for n in rows if n.ip == ip]
        if not rows:
            return CommandResult(f"{rest[0]} ({ip}) -- no entry\n", "", 0)
    elif iface is not None and not rows and every:
        return CommandResult(f"arp: in {len(every)} entries no match found.\n", "", 0)
    out = []
    if bsd:
        for n in rows:
            name = "?" if numeric else (reverse_name(ctx, n.ip) or "?")
            if n.state == "PROXY":
                out.append(f"{name} ({n.ip}) at <from_interface> PERM PUB on {_dev(n)}\n")
            elif n.state in VALID and n.mac:
                flag = " PERM" if n.state == "PERMANENT" else ""
                out.append(f"{name} ({n.ip}) at {n.mac} [{_hw(n)}]{flag} on {n.link.name}\n")
            else:
                out.append(f"{name} ({n.ip}) at <incomplete> on {n.link.name}\n")
    else:
        if rows:
            out.append(HEADER)
        for n in rows:
            name = str(n.ip) if numeric else (reverse_name(ctx, n.ip) or str(n.ip))
            if n.state == "PROXY":
                out.append(f"{name[:23]:<23}  {'*':<8}{'<from_interface>':<20}{'MP':<6}{'':<15} {_dev(n)}\n")
            elif n.state in VALID and n.mac:
                flags = "CM" if n.state == "PERMANENT" else "C"
                out.append(f"{name[:23]:<23}  {_hw(n):<8}{n.mac:<20}{flags:<6}{'':<15} {n.link.name}\n")
            else:
                out.append(f"{name[:23]:<23}  {'':<8}{'(incomplete)':<20}{'':<6}{'':<15} {n.link.name}\n")
    if verbose:
        out.append(f"Entries: {len(rows)}\tSkipped: 0\tFound: {len(rows)}\n")
    return CommandResult("".join(out), "", 0)


def _delete(ctx: "ExecContext", rest: list[str], iface) -> CommandResult:
    if not rest:
        return CommandResult("", "arp: need host name\n", 255)
    ip, _ = resolve(ctx, rest[0])
    if ip is None:
        return CommandResult("", f"{rest[0]}: Host name lookup failure\n", 255)
    netns = ctx.netns
    if len(rest) > 1 and rest[1] == "pub":
        link = netns.link_by_name(iface) if iface is not None else None     # pneigh_delete: that device only
        if (iface is None or link is not None) and proxy_arp.delete(netns, ip, link):
            return CommandResult("", "", 0)
        return CommandResult(f"No ARP entry for {ip}\n", "", 255)
    found = [n for n in netns.neighbours if n.ip == ip and (iface is None or n.link.name == iface)]
    if not found:
        if iface is None and _link_for(netns, ip) is None:
            return CommandResult("", "SIOCDARP(dontpub): Network is unreachable\n", 255)
        return CommandResult("No ARP entry for " + str(ip) + "\n", "", 255)
    for n in found:
        netns.neighbours.remove(n)
    return CommandResult("", "", 0)


def _link_for(netns, ip):
    """The interface whose IPv4 network holds `ip` (where arp puts an entry without -i)."""
    for a in netns.addresses:
        if a.family == 4 and ip in a.interface.network and not a.link.is_loopback:
            return a.link
    return None


def _proxies(netns) -> list:
    """`arp -s ... pub` entries (the pneigh table, in /proc/net/arp's hash order), after the neighbour cache."""
    return proxy_arp.entries(netns)


def _dev(n) -> str:
    """The Iface column: a device-less proxy entry (`ip neigh add proxy ADDR`) shows `*`."""
    return n.link.name if n.link is not None else "*"


def _set(ctx: "ExecContext", rest: list[str], iface, use_device: bool = False) -> CommandResult:
    if len(rest) < 2:
        return CommandResult("", "arp: need host name\n" if not rest else "arp: need hardware address\n", 255)
    ip = parse_ipv4(rest[0])
    if ip is None:
        ip, _ = resolve(ctx, rest[0])
        if ip is None:
            return CommandResult("", f"{rest[0]}: Host name lookup failure\n", 255)
    netns = ctx.netns
    words = rest[2:]
    if any(w not in ("temp", "pub", "netmask") for w in words if w != "255.255.255.255"):
        return CommandResult("", USAGE, 3)
    if iface is not None and netns.link_by_name(iface) is None:
        return CommandResult("", "SIOCSARP: No such device\n", 255)
    if use_device:
        dev = netns.link_by_name(rest[1])
        if dev is None:
            return CommandResult("", f"arp: cant get HW-Address for `{rest[1]}': No such device.\n", 255)
        rest = [rest[0], dev.mac] + words
    if "pub" in words:
        dev = netns.link_by_name(iface) if iface else next(
            (ln for ln in netns.links.values() if ln.mac == rest[1].lower()), None)
        if dev is None:
            return CommandResult("", "SIOCSARP: No such device\n", 255)
        proxy_arp.add(netns, ip, dev)
        return CommandResult("", "", 0)
    mac = rest[1].lower()
    parts = mac.split(":")
    if len(parts) != 6 or not all(len(p) in (1, 2) and all(c in "0123456789abcdef" for c in p) for p in parts):
        return CommandResult("", f"arp: invalid hardware address\n", 255)
    mac = ":".join(p.zfill(2) for p in parts)
    link = netns.link_by_name(iface) if iface else _link_for(netns, ip)
    if link is None:
        return CommandResult("", "SIOCSARP: Network is unreachable\n", 255)
    state = "STALE" if len(rest) > 2 and rest[2] == "temp" else "PERMANENT"
    for n in list(netns.neighbours):
        if n.ip == ip and n.link is link:
            netns.neighbours.remove(n)
    netns.neighbours.append(Neighbour(ip=ipaddress.IPv4Address(ip), link=link, mac=mac, state=state,
                                      updated=netns.machine.network.clock))
    return CommandResult("", "", 0)
