"""BusyBox `ip` (networking/libiproute): the same NetStack records as iproute2's `ip`, printed the BusyBox way.

What BusyBox 1.36 prints differently from iproute2 6.1, and this module copies:
- links: `N: name[@peer]: <FLAGS> mtu M qdisc Q [master B ][state S ]qlen L`: only LOOPBACK, BROADCAST,
  POINTOPOINT, MULTICAST, NOARP, UP, LOWER_UP are named (the rest as hex), `M-DOWN` when the peer's ifindex
  is not an UP link of THIS netns (a Docker `eth0@if7` always shows it), no `mode`/`group`/`link-netnsid`,
  no `qlen` for a zero queue, and `state` only in musl builds (glibc's net/if.h lacks IFF_DORMANT);
- addresses: the known flags (secondary tentative dadfailed deprecated dynamic), the rest as `flags XX`;
- routes: no `proto`, `scope` only when not global, `  src S ` and ` metric M ` with their double spaces;
  `ip route` lists the IPv4 main table; `ip route get` prints `DST [via G ]dev D  src S `;
- neighbours: `IP dev D lladdr MAC used a/b/c probes N STATE`; only show and flush exist;
- errors: `ip: can't find device 'X'`, `ip: RTNETLINK answers: ...` (rc 2), the applet usage (rc 1).
Changes (add, del, set, ...) go through iproute2's `ip` (course_lib.shell.ip) on the same stack.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from course_lib.docker.images import busybox_libc
from course_lib.backends.stack import AddrRecord, LinkRecord, NeighRecord, RouteRecord
from course_lib.result import CommandError, CommandResult
from course_lib.shell.busybox_applets import banner

USAGE_BODY = """
Usage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]

OPTIONS := -f[amily] inet|inet6|link | -o[neline]

ip addr add|del IFADDR dev IFACE | show|flush [dev IFACE] [to PREFIX]
ip route list|flush|add|del|change|append|replace|test ROUTE
ip link set IFACE [up|down] [arp on|off] [multicast on|off]
\t[promisc on|off] [mtu NUM] [name NAME] [qlen NUM] [address MAC]
\t[master IFACE | nomaster] [netns PID]
ip tunnel add|change|del|show [NAME]
\t[mode ipip|gre|sit] [remote ADDR] [local ADDR] [ttl TTL]
ip neigh show|flush [to PREFIX] [dev DEV] [nud STATE]
ip rule [list] | add|del SELECTOR ACTION
"""
NAMED_FLAGS = ("LOOPBACK", "BROADCAST", "POINTOPOINT", "MULTICAST", "NOARP", "UP", "LOWER_UP")
FLAG_BITS = {"LOOPBACK": 0x8, "BROADCAST": 0x2, "POINTOPOINT": 0x10, "MULTICAST": 0x1000, "NOARP": 0x80,
             "UP": 0x1, "LOWER_UP": 0x10000, "ALLMULTI": 0x200, "PROMISC": 0x100, "MASTER": 0x400,
             "SLAVE": 0x800, "DEBUG": 0x4, "DYNAMIC": 0x8000, "DORMANT": 0x20000, "ECHO": 0x40000}
ADDR_FLAG_BITS = {"nodad": 0x02, "optimistic": 0x04, "homeaddress": 0x10, "home": 0x10}
OBJECTS = ("address", "route", "link", "tunnel", "tunl", "neigh", "rule")


class _Die(Exception):
    def __init__(self, text: str, rc: int = 1) -> None:
        super().__init__(text)
        self.text, self.rc = text, rc


def _prefix_of(word: str, table: tuple[str, ...]) -> Optional[str]:
    """index_in_substrings: the first table entry that `word` begins."""
    return next((t for t in table if word and t.startswith(word)), None)


def _usage() -> CommandResult:
    return CommandResult("", banner() + "\n" + USAGE_BODY, 1)


def _stack(ctx: Any) -> Any:
    from course_lib.shell.ip.main import current_stack
    return current_stack(ctx)


# -- links -------------------------------------------------------------------------------------
def link_flags(rec: LinkRecord, by_index: dict[int, LinkRecord]) -> str:
    flags = set(rec.flags)
    words = ["NO-CARRIER"] if "UP" in flags and "RUNNING" not in flags else []
    words += [f for f in NAMED_FLAGS if f in flags]
    rest = sum(FLAG_BITS.get(f, 0) for f in flags if f not in NAMED_FLAGS)
    text = ",".join(words)
    if rest:
        text += f"{rest:x}"                                  # printed right after the last name, as BusyBox does
    if rec.peer_ifindex is not None and rec.peer_ifindex != 0:
        peer = by_index.get(rec.peer_ifindex)                 # ll_index_to_flags: THIS netns's cache only
        if peer is None or "UP" not in peer.flags:
            text += ",M-DOWN"
    return text


def link_header(rec: LinkRecord, by_index: dict[int, LinkRecord], musl: bool) -> str:
    if rec.peer_ifindex is None:
        label = rec.name
    elif rec.peer_ifindex == 0:
        label = rec.name + "@NONE"
    else:
        peer = by_index.get(rec.peer_ifindex)
        label = f"{rec.name}@{peer.name if peer else f'if{rec.peer_ifindex}'}"
    text = f"{rec.ifindex}: {label}: <{link_flags(rec, by_index)}> mtu {rec.mtu} qdisc {rec.qdisc} "
    if rec.master:
        text += f"master {rec.master} "
    if musl:
        text += f"state {rec.operstate} "
    if rec.txqlen:
        text += f"qlen {rec.txqlen}"
    return text


def link_line(rec: LinkRecord) -> str:
    text = f"    link/{rec.link_type} {rec.mac}"
    return text + (f" brd {rec.brd}" if rec.brd else "")


def addr_lines(a: AddrRecord) -> tuple[str, str]:
    text = f"    {'inet' if a.family == 4 else 'inet6'} {a.local}"
    text += f" peer {a.peer} " if a.peer else f"/{a.prefixlen} "
    if a.broadcast:
        text += f"brd {a.broadcast} "
    text += f"scope {a.scope} "
    for flag in ("secondary", "tentative", "dadfailed", "deprecated", "dynamic"):
        if flag in a.flags:
            text += flag + " "
    rest = sum(ADDR_FLAG_BITS.get(f, 0) for f in a.flags)
    if rest:
        text += f"flags {rest:02x} "
    if a.family == 4 and a.label:
        text += a.label
    valid = "forever" if a.valid_lft is None else f"{a.valid_lft}sec"
    pref = "forever" if a.preferred_lft is None else f"{a.preferred_lft}sec"
    return text, f"       valid_lft {valid} preferred_lft {pref}"


def list_addresses(ctx: Any, args: list[str], family: Optional[int], oneline: bool, link_only: bool,
                   musl: bool) -> str:
    dev, up = None, False
    while args:
        word = args.pop(0)
        if word in ("dev", "to", "scope", "label") and not args:
            raise _Die(f"ip: command line is not complete, try \"ip help\"")
        if word == "up":
            up = True
        elif word in ("to", "scope", "label"):
            args.pop(0)
        else:
            if word == "dev":
                word = args.pop(0)
            if dev is not None:
                raise _Die(f"ip: duplicate \"dev\": \"{word}\" is the second value", 1)
            dev = word
    stack = _stack(ctx)
    links = stack.links()
    by_index = {rec.ifindex: rec for rec in links}
    if dev is not None and not any(rec.name == dev for rec in links):
        raise _Die(f"ip: can't find device '{dev}'", 2 if link_only else 1)
    addrs = [] if link_only else stack.addresses()
    out = []
    for rec in links:
        if (dev is not None and rec.name != dev) or (up and "UP" not in rec.flags):
            continue
        mine = [a for a in addrs if a.ifindex == rec.ifindex and (family is None or a.family == family)]
        if family is not None and not link_only and not mine:
            continue
        if not (oneline and not link_only):
            head = link_header(rec, by_index, musl)
            if family is None or link_only:
                head += ("\\" if oneline else "\n") + link_line(rec)
            out.append(head + "\n")
        for a in mine:
            first, second = addr_lines(a)
            if oneline:
                out.append(f"{rec.ifindex}: {rec.name}{first}\\{second}\n")
            else:
                out.append(f"{first}\n{second}\n")
    return "".join(out)


# -- routes ------------------------------------------------------------------------------------
def route_line(r: RouteRecord, show_table: bool = False) -> str:
    text = "" if r.type == "unicast" else r.type + " "
    addr, _, plen = r.dst.partition("/")
    if r.dst in ("0.0.0.0/0", "::/0"):
        text += "default "
    else:
        text += (addr if plen == str(32 if r.family == 4 else 128) else r.dst) + " "
    if r.gateway:
        text += f"via {r.gateway} "
    if r.dev:
        text += f"dev {r.dev} "
    if show_table and r.table != 254:
        from course_lib.shell.ip.format import table_name
        text += f"table {table_name(r.table)} "
    if r.scope != "global":
        text += f"scope {r.scope} "
    if r.src:
        text += f" src {r.src} "
    if r.metric or r.family == 6:
        text += f" metric {r.metric} "
    for flag in ("dead", "onlink"):
        if flag in r.flags:
            text += flag + " "
    return text + "\n"


def list_routes(ctx: Any, args: list[str], family: Optional[int]) -> str:
    from course_lib.shell.ip.route import _table
    table: Optional[int] = 254
    dev = None
    while args:
        word = args.pop(0)
        if word in ("table", "dev", "oif") and args:
            value = args.pop(0)
            if word == "table":
                table = None if value == "all" else _table(value)
            else:
                dev = value
    stack = _stack(ctx)
    if dev is not None and not stack.link_exists(dev):
        raise _Die(f"ip: can't find device '{dev}'")
    fam = family or 4
    records = stack.routes(fam, table)
    return "".join(route_line(r, show_table=table is None) for r in records
                   if (dev is None or r.dev == dev) and not (fam == 6 and table == 254 and r.type == "local"))


def route_get(ctx: Any, argv: list[str]) -> CommandResult:
    """iproute2's answer, reshaped: no `uid`, no `cache` line, `  src`."""
    result = _iproute2(ctx, ["ip", "route"] + argv)
    if result.returncode:
        return result
    first = result.stdout.split("\n", 1)[0]
    first = re.sub(r" uid \d+.*$", " ", first).replace(" src ", "  src ")
    return CommandResult(first.rstrip() + " \n", "", 0)


# -- neighbours --------------------------------------------------------------------------------
def neigh_line(n: NeighRecord, show_dev: bool) -> str:
    text = f"{n.ip} " + (f"dev {n.dev} " if show_dev else "")
    if n.lladdr:
        text += f"lladdr {n.lladdr}"
    if n.router:
        text += " router"
    probes = 0 if n.state in ("PERMANENT", "NOARP") else (3 if n.state in ("FAILED", "INCOMPLETE") else 1)
    return text + f" used 0/0/0 probes {probes} {n.state}\n"


def list_neigh(ctx: Any, args: list[str], family: Optional[int]) -> str:
    dev, states = None, None
    while args:
        word = args.pop(0)
        if word in ("dev", "nud", "to") and args:
            value = args.pop(0)
            if word == "dev":
                dev = value
            elif word == "nud":
                states = (states or set()) | ({value.upper()} if value != "all" else {"ALL"})
    stack = _stack(ctx)
    if dev is not None and not stack.link_exists(dev):
        raise _Die(f"ip: can't find device '{dev}'")
    out = []
    for n in stack.neighbours():
        if (family and n.family != family) or (dev is not None and n.dev != dev):
            continue
        if states is None and n.state == "NOARP":
            continue
        if states is not None and "ALL" not in states and n.state not in states:
            continue
        out.append(neigh_line(n, dev is None))
    return "".join(out)


# -- changes through iproute2 ------------------------------------------------------------------
_WRONG = re.compile(r'^Error: argument "([^"]*)" is wrong: (?:Invalid )?"?(\w+)"? value')
# what iproute2 prints from the kernel's extended ack, and the errno BusyBox prints instead
EXTACK_ERRNO = {"ipv4: Address already assigned": "File exists",
                "ipv6: address already assigned": "File exists",
                "ipv4: Address not found": "Cannot assign requested address",
                "ipv6: address not found": "Cannot assign requested address",
                "Nexthop has invalid gateway": "Network is unreachable",
                "Device for nexthop is not up": "Network is down",
                "Invalid prefix for given prefix length": "Invalid argument",
                "Nexthop device is not up": "Network is down"}
_QUOTED = re.compile(r'(?:Cannot find device|Device) "([^"]+)"(?: does not exist\.)?')


def _iproute2(ctx: Any, argv: list[str]) -> CommandResult:
    from course_lib.shell.ip.main import ip_command
    return ip_command(ctx, argv, "")


def _busybox_error(err: str, rc: int, obj: str, sub: str) -> CommandResult:
    lines = [line for line in err.splitlines() if line]
    text = lines[-1] if lines else ""
    found = _QUOTED.search(text)
    if found:
        if obj == "link" and sub == "set":
            return CommandResult("", "ip: SIOCGIFFLAGS: No such device\n", 2)
        return CommandResult("", f"ip: can't find device '{found.group(1)}'\n", 1)
    if text.startswith("RTNETLINK answers: "):
        return CommandResult("", f"ip: {text}\n", 2)
    wrong = _WRONG.match(text)
    if wrong:
        return CommandResult("", f"ip: invalid argument '{wrong.group(1)}' to '{wrong.group(2)}'\n",
                             2 if obj == "link" else 1)
    if text.startswith("Error: "):
        text = text[len("Error: "):]
        errno = next((e for msg, e in EXTACK_ERRNO.items() if text.startswith(msg)), None)
        if errno:                                    # BusyBox ignores the kernel's extack text
            return CommandResult("", f"ip: RTNETLINK answers: {errno}\n", 2)
        text = text.rstrip(".")
    return CommandResult("", f"ip: {text}\n", rc if rc else 1)


def busybox_ip(ctx: Any, argv: list[str]) -> CommandResult:
    args = argv[1:]
    family: Optional[int] = None
    oneline = False
    while args and args[0].startswith("-") and len(args[0]) > 1:
        opt = args.pop(0)
        if opt in ("-4", "-6", "-0"):
            family = {"-4": 4, "-6": 6, "-0": 0}[opt]
        elif opt in ("-o", "-oneline"):
            oneline = True
        elif "-family".startswith(opt) and len(opt) >= 2 and args:
            word = args.pop(0)
            family = {"inet": 4, "inet6": 6, "link": 0}.get(word, -1)
            if family == -1:
                return CommandResult("", f"ip: invalid argument '{word}' to '-family'\n", 1)
        else:
            return _usage()
    if not args:
        return _usage()
    obj = _prefix_of(args[0], OBJECTS)
    rest = args[1:]
    sub = rest[0] if rest else "show"
    musl = busybox_libc(getattr(ctx.machine, "tools", None)) == "musl"
    try:
        if obj == "address":
            if _prefix_of(sub, ("show", "lst", "list")):
                return CommandResult(list_addresses(ctx, rest[1:], family or None, oneline, family == 0, musl),
                                     "", 0)
        elif obj == "link":
            if _prefix_of(sub, ("show", "lst", "list")):
                return CommandResult(list_addresses(ctx, rest[1:], None, oneline, True, musl), "", 0)
        elif obj == "route":
            if _prefix_of(sub, ("list", "show", "lst")):
                return CommandResult(list_routes(ctx, rest[1:], family or None), "", 0)
            if sub == "get":
                return route_get(ctx, rest)
        elif obj == "neigh":
            if _prefix_of(sub, ("show",)):
                return CommandResult(list_neigh(ctx, rest[1:], family or None), "", 0)
            if sub != "flush":
                return CommandResult("", f"ip: invalid argument '{sub}' to 'ip'\n", 1)
        elif obj is None:
            return _usage()
    except _Die as die:
        return CommandResult("", die.text + "\n", die.rc)
    except CommandError as error:
        return CommandResult("", f"ip: {error.message}\n", error.returncode)
    result = _iproute2(ctx, ["ip"] + ([f"-{family}"] if family in (4, 6) else []) + [obj] + rest)
    if result.returncode:
        return _busybox_error(result.stderr, result.returncode, obj, sub)
    return result
