"""`ss` (iproute2 6.1): the sockets of sockets.py in ss's column layout (widths from the contents)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from course_lib.net.netfilter.netdb import service_name
from course_lib.net.socket_family import ntop6
from course_lib.net.sockets import listeners
from course_lib.result import CommandResult
from course_lib.shell.nettools.ss_filter import (DEFAULT, FilterError, compile_expr, one_state, parse_states,
                                                 state_bit, summary)
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

SHORT = set("hVnralotiemp46xwtuS0bEHZzNOKsMd")
LONG = {"--numeric": "n", "--listening": "l", "--all": "a", "--processes": "p", "--tcp": "t", "--udp": "u",
        "--ipv4": "4", "--ipv6": "6", "--summary": "s", "--no-header": "H",
        "--version": "V", "--help": "h"}
USAGE = """Usage: ss [ OPTIONS ]
       ss [ OPTIONS ] [ FILTER ]
   -h, --help          this message
   -V, --version       output version information
   -n, --numeric       don't resolve service names
   -r, --resolve       resolve host names
   -a, --all           display all sockets
   -l, --listening     display listening sockets
   -o, --options       show timer information
   -e, --extended      show detailed socket information
   -m, --memory        show socket memory usage
   -p, --processes     show process using socket
   -T, --threads       show thread using socket
   -i, --info          show internal TCP information
       --tipcinfo      show internal tipc socket information
   -s, --summary       show socket usage summary
       --tos           show tos and priority information
       --cgroup        show cgroup information
   -b, --bpf           show bpf filter socket information
   -E, --events        continually display sockets as they are destroyed
   -Z, --context       display task SELinux security contexts
   -z, --contexts      display task and socket SELinux security contexts
   -N, --net           switch to the specified network namespace name

   -4, --ipv4          display only IP version 4 sockets
   -6, --ipv6          display only IP version 6 sockets
   -0, --packet        display PACKET sockets
   -t, --tcp           display only TCP sockets
   -M, --mptcp         display only MPTCP sockets
   -S, --sctp          display only SCTP sockets
   -u, --udp           display only UDP sockets
   -d, --dccp          display only DCCP sockets
   -w, --raw           display only RAW sockets
   -x, --unix          display only Unix domain sockets
       --tipc          display only TIPC sockets
       --vsock         display only vsock sockets
       --xdp           display only XDP sockets
   -f, --family=FAMILY display sockets of type FAMILY
       FAMILY := {inet|inet6|link|unix|netlink|vsock|tipc|xdp|help}

   -K, --kill          forcibly close sockets, display what was closed
   -H, --no-header     Suppress header line
   -O, --oneline       socket's data printed on a single line
       --inet-sockopt  show various inet socket options

   -A, --query=QUERY, --socket=QUERY
       QUERY := {all|inet|tcp|mptcp|udp|raw|unix|unix_dgram|unix_stream|unix_seqpacket|packet|packet_raw|packet_dgram|netlink|dccp|sctp|vsock_stream|vsock_dgram|tipc|xdp}[,QUERY]

   -D, --diag=FILE     Dump raw information about TCP sockets to FILE
   -F, --filter=FILE   read filter information from FILE
       FILTER := [ state STATE-FILTER ] [ EXPRESSION ]
       STATE-FILTER := {all|connected|synchronized|bucket|big|TCP-STATES}
         TCP-STATES := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|closed|close-wait|last-ack|listening|closing}
          connected := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}
       synchronized := {established|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}
             bucket := {syn-recv|time-wait}
                big := {established|syn-sent|fin-wait-{1,2}|closed|close-wait|last-ack|listening|closing}
"""
# (header, left delimiter, right-aligned)
COLUMNS = [("Netid", "", False), ("State", " ", False), ("Recv-Q", " ", False), ("Send-Q", " ", False),
           ("Local Address:", " ", True), ("Port", "", False), ("Peer Address:", " ", True), ("Port", "", False),
           ("Process", "", False)]


def _port(port: int, proto: str, numeric: bool) -> str:
    if numeric:
        return str(port)
    return service_name(port, proto) or str(port)


def _local(s: Any) -> str:
    """inet_addr_print: `*` for a dual-stack [::], brackets round any other IPv6 address."""
    if s.ip.version == 4:
        return f"{s.ip}:"
    if s.ip._ip == 0 and not s.v6only:
        return "*:"
    return f"[{ntop6(s.ip)}]:"


def _peer(s: Any) -> str:
    """A listener's peer: 0.0.0.0, * (dual-stack) or [::] (v6only), port *."""
    if s.ip.version == 4:
        return "0.0.0.0:"
    return "[::]:" if s.v6only else "*:"


MIN_WIDTH = {"Recv-Q": 7, "Send-Q": 7}       # ss.c's columns[]: a minimum width, delimiter included

# The kernel's own netlink sockets in every netns, by protocol (ss -a / -l: UNCONN), and ss's sock_diag one.
NETLINK = [(0, "rtnl", "0"), (4, "tcpdiag", "832"), (6, "xfrm", "0"), (9, "audit", "0"), (10, "fiblookup", "0"),
           (12, "nft", "0"), (15, "uevent", "0"), (16, "genl", "0")]


def netlink_rows(ctx: "ExecContext", numeric: bool) -> list[list[str]]:
    """netlink_show_one: `PROTO:kernel` (`PROTO:0` with -n), and ss's own sock_diag socket `tcpdiag:ss/PID`."""
    pid = ctx.netns.machine.__dict__.get("_next_pid", 1000)         # ss's pid: the next one, taken by no one
    rows = []
    for number, name, recvq in NETLINK:
        proto = str(number) if numeric else name
        rows.append(["nl", "UNCONN", recvq, "0", f"{proto}:", "0" if numeric else "kernel", "*", "", ""])
        if number == 4:
            rows.append(["nl", "UNCONN", "4352", "0", f"{proto}:", str(pid) if numeric else f"ss/{pid}", "*", "", ""])
    return rows


def render(rows: list[list[str]], show_netid: bool, show_state: bool = True, header: bool = True) -> str:
    keep = [i for i in range(len(COLUMNS)) if (i != 0 or show_netid) and (i != 1 or show_state)]
    cols = [COLUMNS[i] for i in keep]
    table = ([[c[0] for c in cols]] if header else []) + [[r[i] for i in keep] for r in rows]
    if not table:
        return ""
    widths = []
    first = True
    for i, (head, delim, _right) in enumerate(cols):
        w = max(len(t[i]) for t in table)
        floor = MIN_WIDTH.get(head, 0) - (len(delim) if first else 0)       # the first column prints no delimiter
        widths.append(max(w + (0 if first else len(delim)), floor))
        first = False
    lines = []
    for t in table:
        parts = []
        for i, (head, delim, right) in enumerate(cols):
            d = "" if i == 0 else delim
            inner = widths[i] - len(d)
            parts.append(d + (t[i].rjust(inner) if right else t[i].ljust(inner)))
        lines.append("".join(parts) + "\n")
    return "".join(lines)


FAMILIES = {"inet": "4", "inet6": "6", "link": "", "unix": "", "netlink": "", "vsock": "", "tipc": "", "xdp": ""}
QUERIES = {"all": "tu", "inet": "tu", "tcp": "t", "udp": "u"}
ONE_TABLE = {"raw": "w", "sctp": "S", "dccp": "d", "mptcp": "M"}     # inet tables the model has no socket of


def _select(flags: set[str], option: str, value: str) -> str:
    """-f FAMILY / -A QUERY[,QUERY]: the flags they stand for, or ss's error text."""
    if option == "f":
        if value not in FAMILIES:
            return f'ss: "{value}" is invalid family\n{USAGE}'
        if value == "netlink":
            flags.add("#nl")
        else:
            flags.update(FAMILIES[value] or "x")      # a non-inet family: no inet socket listed
        return ""
    for query in value.split(","):
        if query not in QUERIES and query not in ("mptcp", "raw", "unix", "unix_dgram", "unix_stream",
                                                  "unix_seqpacket", "packet", "packet_raw", "packet_dgram",
                                                  "netlink", "dccp", "sctp", "vsock_stream", "vsock_dgram",
                                                  "tipc", "xdp"):
            return f'ss: "{query}" is illegal socket table id\n{USAGE}'
        if query == "netlink":
            flags.add("#nl")
        else:
            flags.update(QUERIES.get(query, ONE_TABLE.get(query, "x")))
        if query in ONE_TABLE:
            flags.add("#query")
        if query in ("all", "inet", "dccp"):
            flags.add("#dccp")
    return ""


@command("ss")
def ss(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    flags: set[str] = set()
    words: list[str] = []
    args = argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a in LONG:
            flags.add(LONG[a])
        elif a.split("=", 1)[0] in ("--family", "--query", "--socket"):
            if "=" not in a and i >= len(args):
                return CommandResult("", f"ss: option '{a}' requires an argument\n{USAGE}", 255)
            value = a.split("=", 1)[1] if "=" in a else args[i]
            i += 0 if "=" in a else 1
            err = _select(flags, "f" if a.startswith("--family") else "A", value)
            if err:
                return CommandResult("", err, 255)
        elif a.startswith("-") and not a.startswith("--") and len(a) > 1:
            for j, ch in enumerate(a[1:], 1):
                if ch in "fA":
                    if j + 1 == len(a) and i >= len(args):
                        return CommandResult("", f"ss: option requires an argument -- '{ch}'\n{USAGE}", 255)
                    value = a[j + 1:] or args[i]
                    i += 0 if a[j + 1:] else 1
                    err = _select(flags, ch, value)
                    if err:
                        return CommandResult("", err, 255)
                    break
                if ch not in SHORT:
                    return CommandResult("", f"ss: invalid option -- '{ch}'\n{USAGE}", 255)
                flags.add(ch)
        else:
            words.append(a)                          # the FILTER: states and an expression
    if "V" in flags:
        return CommandResult("ss utility, iproute2-6.1.0\n", "", 0)
    if "h" in flags:
        return CommandResult(USAGE, "", 0)
    if "z" in flags or "Z" in flags:
        return CommandResult("", "ss: SELinux is not enabled.\n", 1)
    numeric = "n" in flags
    try:
        mask, rest = parse_states(words, "l" in flags, "a" in flags)
        wanted = compile_expr(rest)
    except FilterError as e:
        text = str(e)
        if text.startswith("Error:"):
            return CommandResult("", text + "Cannot parse dst/src address.\n", 1)
        return CommandResult("", text, 255)
    if "s" in flags:
        return CommandResult(summary(listeners(ctx.netns)), "", 0)
    tcp, udp = "t" in flags, "u" in flags
    others = flags & set("wSdM")
    if not tcp and not udp and "x" not in flags and "#nl" not in flags and not others:
        tcp = udp = True
    if mask == DEFAULT and udp and not tcp and not others - {"w"} and "x" not in flags:
        mask = state_bit("ESTAB")              # default_dbs: the UDP (and raw) tables' default is ESTABLISHED
    # a Netid column unless one table is asked for; -w alone also leaves the State out (as ss 6.1)
    show_netid = (tcp and udp) or "x" in flags or len(others) + tcp + udp + ("#nl" in flags) > 1
    if others == {"w"} and not (tcp or udp or "x" in flags or "#query" in flags):
        mask = 1 << 1
    rows: list[list[str]] = []
    socks = listeners(ctx.netns)
    versions = [v for v in (4, 6) if str(v) in flags] or [4, 6]
    # per protocol, the AF_INET dump comes first, then AF_INET6 (inet_show_netlink)
    socks = [s for v in versions for s in socks if s.ip.version == v]
    for proto in ("udp", "tcp"):
        if (proto == "tcp" and not tcp) or (proto == "udp" and not udp):
            continue
        for s in socks:
            if s.proto != proto:
                continue
            state = s.state
            peer_ip, peer_port = s.peer if s.peer is not None else (None, None)
            if not mask & state_bit(state) or not wanted((proto, state, s.ip, s.port, peer_ip, peer_port)):
                continue
            sendq = str(s.backlog) if proto == "tcp" and s.peer is None else "0"
            proc = f' users:(("{s.process_name}",pid={s.pid},fd={s.fd}))' if "p" in flags else ""
            if s.peer is not None:              # a connected UDP socket: its local address and its peer
                rows.append([proto, state, "0", sendq, f"{s.local}:", _port(s.port, proto, numeric), f"{peer_ip}:",
                             _port(peer_port, proto, numeric), proc])
                continue
            rows.append([proto, state, "0", sendq, _local(s), _port(s.port, proto, numeric), _peer(s), "*", proc])
    everything = not flags & (set("tuxw0SMd46") | {"#nl"})    # no table, no family: the default query
    if ("#nl" in flags or everything) and mask & state_bit("UNCONN") and not rest:
        rows += netlink_rows(ctx, numeric)
    # the DCCP table (in every query that names no protocol) is gone from this kernel (6.16 removed DCCP):
    # its sock_diag request fails, as ss reports it
    dccp = "#dccp" in flags or "d" in flags or not flags & (set("tuxw0SMd") | {"#nl"})
    err = "RTNETLINK answers: Invalid argument\n" if dccp else ""
    return CommandResult(render(rows, show_netid, not one_state(mask), "H" not in flags), err, 0)
