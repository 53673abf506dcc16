"""`netstat` (net-tools 2.10): -r (routes) and the listening/connected inet sockets of sockets.py."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from course_lib.net.netfilter.netdb import service_name
from course_lib.net.socket_family import ntop6
from course_lib.net.sockets import listeners
from course_lib.result import CommandResult
from course_lib.shell.nettools.route import fib_rc, routes_ext
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

USAGE = """usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}
       netstat [-vWnNcaeol] [<Socket> ...]
       netstat { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }

        -r, --route              display routing table
        -i, --interfaces         display interface table
        -g, --groups             display multicast group memberships
        -s, --statistics         display networking statistics (like SNMP)
        -M, --masquerade         display masqueraded connections

        -v, --verbose            be verbose
        -W, --wide               don't truncate IP addresses
        -n, --numeric            don't resolve names
        --numeric-hosts          don't resolve host names
        --numeric-ports          don't resolve port names
        --numeric-users          don't resolve user names
        -N, --symbolic           resolve hardware names
        -e, --extend             display other/more information
        -p, --programs           display PID/Program name for sockets
        -o, --timers             display timers
        -c, --continuous         continuous listing

        -l, --listening          display listening server sockets
        -a, --all                display all sockets (default: connected)
        -F, --fib                display Forwarding Information Base (default)
        -C, --cache              display routing cache instead of FIB
        -Z, --context            display SELinux security context for sockets

  <Socket>={-t|--tcp} {-u|--udp} {-U|--udplite} {-S|--sctp} {-w|--raw}
           {-x|--unix} --ax25 --ipx --netrom
  <AF>=Use '-6|-4' or '-A <af>' or '--<af>'; default: inet
  List of possible address families (which support routing):
    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) 
    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) 
    ddp (Appletalk DDP) x25 (CCITT X.25) 
"""
FLAGS = set("rnplatuvWeNcCFox46iVsgw")
VERSION = ("net-tools 2.10\nFred Baumgarten, Alan Cox, Bernd Eckenfels, Phil Blundell, Tuan Hoang, Brian Micek and "
           "others\n+NEW_ADDRT +RTF_IRTT +RTF_REJECT +FW_MASQUERADE +I18N +SELINUX\nAF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\n"
           "HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64\n")
LONG = {"--route": "r", "--numeric": "n", "--programs": "p", "--listening": "l", "--all": "a", "--tcp": "t",
        "--udp": "u", "--wide": "W", "--extend": "e", "--inet": "4", "--inet6": "6", "--interfaces": "i", "--version": "V",
        "--statistics": "s", "--groups": "g", "--raw": "w"}


def _addr(ip: Any, port: Any, proto: str, numeric: bool, wide: bool = False) -> str:
    """ADDR:PORT as netstat prints it: a v4-mapped IPv6 address as its IPv4 part, the address cut so the
    pair fits 23 columns (unless -W)."""
    if ip.version == 6:
        text = str(ip.ipv4_mapped) if ip.ipv4_mapped is not None else ntop6(ip)
    else:
        text = str(ip)
    name = "*" if port == "*" else (None if numeric else service_name(port, proto)) or str(port)
    if not wide and len(text) + len(name) > 22:
        text = text[:22 - len(name)]
    return f"{text}:{name}"


def _families(flags: set[str], value: str) -> str:
    """-A AF[,AF] / --protocol=AF: inet, inet6, unix; net-tools' text for an unknown family."""
    for af in value.split(","):
        if af not in ("inet", "inet6", "unix"):
            return f"Unknown address family `{af}'.\n"
        flags.add({"inet": "4", "inet6": "6", "unix": "x"}[af])
    return ""


@command("netstat")
def netstat(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    flags: set[str] = set()
    args = argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a in LONG:
            flags.add(LONG[a])
        elif a == "--unix":
            flags.add("x")
        elif a.startswith("--protocol"):
            if "=" not in a and i >= len(args):
                return CommandResult("", f"netstat: option '--protocol' requires an argument\n{USAGE}", 3)
            value = a.split("=", 1)[1] if "=" in a else args[i]
            i += 0 if "=" in a else 1
            err = _families(flags, value)
            if err:
                return CommandResult("", err, 1)
        elif a.startswith("-") and not a.startswith("--") and len(a) > 1:
            for j, ch in enumerate(a[1:], 1):
                if ch == "A":
                    if j + 1 == len(a) and i >= len(args):
                        return CommandResult("", f"netstat: option requires an argument -- 'A'\n{USAGE}", 3)
                    value = a[j + 1:] or args[i]
                    i += 0 if a[j + 1:] else 1
                    err = _families(flags, value)
                    if err:
                        return CommandResult("", err, 1)
                    break
                if ch not in FLAGS:
                    return CommandResult("", f"netstat: invalid option -- '{ch}'\n{USAGE}", 3)
                flags.add(ch)
        else:
            return CommandResult("", USAGE, 3)
    numeric = "n" in flags
    if "V" in flags:
        return CommandResult(VERSION, "", 0)
    if "s" in flags:
        from course_lib.shell.nettools.netstat_stats import statistics
        return CommandResult(statistics(ctx.netns, flags), "", 0)
    if "g" in flags:
        from course_lib.shell.nettools.netstat_stats import groups
        return CommandResult(groups(ctx, numeric), "", 0)
    if "i" in flags:
        from course_lib.shell.nettools.netstat_iface import interface_table
        return CommandResult(interface_table(ctx.netns, "a" in flags), "", 0)
    if "r" in flags:                     # netstat's levels: MSS first, -e Metric, -ee both, more: the title
        extend = sum(a.count("e") for a in argv[1:] if a[:1] == "-" and a[:2] != "--") + argv.count("--extend")
        return CommandResult(routes_ext(ctx, numeric, {0: 2, 1: 1, 2: 3}.get(extend, 4)), "", fib_rc(ctx))
    tcp, udp = "t" in flags, "u" in flags
    family = "4" in flags or "6" in flags
    show_inet = tcp or udp or family or "x" not in flags
    show_unix = "x" in flags or not (tcp or udp or family)
    if not (tcp or udp):
        tcp = udp = True
    listening, all_ = "l" in flags, "a" in flags
    progs = "p" in flags
    title = "(only servers)" if listening and not all_ else ("(servers and established)" if all_ else "(w/o servers)")
    out = [f"Active Internet connections {title}\n"] if show_inet else []
    head = "Proto Recv-Q Send-Q Local Address           Foreign Address         State      "
    if show_inet:
        out.append(head + (" PID/Program name    \n" if progs else "\n"))
    # listening sockets with -l/-a; a connected UDP socket (ESTABLISHED) without -l or with -a
    socks = [s for s in listeners(ctx.netns) if show_inet and
             (all_ or (listening if s.peer is None else not listening))]
    versions = [v for v in (4, 6) if str(v) in flags] or [4, 6]
    wide = "W" in flags
    for proto, version in [(p, v) for p in ("tcp", "udp") for v in versions]:
        if (proto == "tcp" and not tcp) or (proto == "udp" and not udp):
            continue
        for s in socks:
            if s.proto != proto or s.ip.version != version:
                continue
            local = _addr(s.ip if s.peer is None else s.local, s.port, proto, numeric, wide)
            foreign = ("0.0.0.0:*" if version == 4 else ":::*") if s.peer is None else \
                _addr(s.peer[0], s.peer[1], proto, numeric, wide)
            state = "ESTABLISHED" if s.peer is not None else "LISTEN" if proto == "tcp" else ""
            name = proto if version == 4 else proto + "6"
            row = f"{name:<5} {0:>6} {0:>6} {local:<23} {foreign:<23} {state:<11}"
            if progs:
                row += f" {f'{s.pid}/{s.process_name}':<20}"
            out.append(row + "\n")
    if show_unix:
        out.append(f"Active UNIX domain sockets {title}\n")
        out.append("Proto RefCnt Flags       Type       State         I-Node   " +
                   ("PID/Program name     Path\n" if progs else "Path\n"))
    return CommandResult("".join(out), "", 0)
