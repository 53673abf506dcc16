"""The `conntrack` command (conntrack-tools 1.4.7): -L, -D, -F, -C, -S, -E and -V on the netns's flow table.

Filters as conntrack parses them: addresses with masks, -u status bits, and the options of the -p protocol
(--sport/--dport, --state for tcp, --icmp-type/--icmp-code/--icmp-id), unknown before -p names it.
"""
from __future__ import annotations

import ipaddress
import zlib
from typing import Any, Optional

from course_lib.net.netfilter.conntrack import PROTO_NUM, Conn, conntrack_of
from course_lib.result import CommandResult
from course_lib.shell.conntrack_opts import (KEY_OPTION, USAGE, machine_cpus, nat_wanted, refused, save_text,
                                             stats_text, table_word)
from course_lib.shell.registry import command

PREFIX = "conntrack v1.4.7 (conntrack-tools): "
TRY = "Try `conntrack -h' or 'conntrack --help' for more information.\n"
COMMANDS = {"-L": "L", "--dump": "L", "-D": "D", "--delete": "D", "-F": "F", "--flush": "F",
            "-C": "C", "--count": "C", "-V": "V", "--version": "V", "-G": "G", "--get": "G", "-U": "U",
            "--update": "U", "-S": "S", "--stats": "S", "-E": "E", "--event": "E"}
FILTERS = {"-p": "proto", "--proto": "proto", "--protonum": "proto", "-s": "src", "--src": "src",
           "--orig-src": "src", "-d": "dst", "--dst": "dst", "--orig-dst": "dst", "-r": "rsrc", "--reply-src": "rsrc",
           "-q": "rdst", "--reply-dst": "rdst", "-w": "zone", "--zone": "zone", "-m": "mark", "--mark": "mark",
           "-f": "family", "--family": "family", "-u": "status", "--status": "status", "-t": "timeout",
           "--timeout": "timeout", "-e": "event_mask", "--event-mask": "event_mask", "-c": "secmark",
           "--secmark": "secmark", "-b": "buffer_size", "--buffer-size": "buffer_size"}
# the options a layer-4 protocol module adds once -p named it (before that they are unknown)
PROTO_FILTERS = {
    "tcp": {"--sport": "sport", "--orig-port-src": "sport", "--dport": "dport", "--orig-port-dst": "dport",
            "--reply-port-src": "rsport", "--reply-port-dst": "rdport", "--state": "state"},
    "udp": {"--sport": "sport", "--orig-port-src": "sport", "--dport": "dport", "--orig-port-dst": "dport",
            "--reply-port-src": "rsport", "--reply-port-dst": "rdport"},
    "icmp": {"--icmp-type": "icmp_type", "--icmp-code": "icmp_code", "--icmp-id": "icmp_id"},
}
TCP_STATES = ("NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT",
              "CLOSE", "LISTEN", "SYN_SENT2")
# the -u words conntrack 1.4.7 takes (any case); UNSET is refused by the kernel ("invalid parameters")
STATUS_BITS = ("EXPECTED", "SEEN_REPLY", "ASSURED", "FIXED_TIMEOUT", "OFFLOAD", "HW_OFFLOAD", "UNSET", "UNREPLIED")
OUTPUTS = ("xml", "extended", "timestamp", "id", "ktimestamp", "labels", "userspace", "save")



def _tuple_text(conn: Conn, t: tuple, reply: bool) -> str:
    proto, src, sport, dst, dport = t
    out = f"src={src} dst={dst} "
    if proto == "icmp":
        req = conn.icmp_type if conn.icmp_type is not None else 8
        typ = {8: 0, 13: 14, 15: 16, 17: 18}.get(req, req) if reply else req
        code = 0 if reply else (conn.icmp_code or 0)
        out += f"type={typ} code={code} id={sport} "
    else:
        out += f"sport={sport} dport={dport} "
    if conn.counters is not None:               # nf_conntrack_acct was on when the flow was made
        first = 2 if reply else 0
        out += f"packets={conn.counters[first]} bytes={conn.counters[first + 1]} "
    return out


def seconds_left(conn: Conn, now: float) -> int:
    """The flow's timeout as listed: whole seconds left, truncated; a flow just refreshed shows one less than its
    timeout (the kernel lists it some jiffies later: udp 17 29 right after a datagram)."""
    return max(0, int(conn.expires - now - 1e-3))


def entry_text(conn: Conn, now: float, extended: bool = False) -> str:
    """One line of `conntrack -L` (-o extended: the layer-3 protocol first)."""
    proto = conn.orig[0]
    left = seconds_left(conn, now)
    out = ("ipv4     2 " if extended else "") + f"{proto:<8} {PROTO_NUM.get(proto, 0)} {left} "
    if proto == "tcp" and conn.state:
        out += conn.state + " "
    out += _tuple_text(conn, conn.orig, False)
    if not conn.seen_reply:
        out += "[UNREPLIED] "
    out += _tuple_text(conn, conn.reply, True)
    if conn.assured:
        out += "[ASSURED] "
    return out + f"mark={conn.mark} " + (f"zone={conn.zone} " if conn.zone else "") + "use=1"


def _matches(conn: Conn, filters: dict[str, Any]) -> bool:
    p, s, sp, d, dp = conn.orig
    for key, value in filters.items():
        if key in ("src", "dst", "rsrc", "rdst"):
            address = {"src": s, "dst": d, "rsrc": conn.reply[1], "rdst": conn.reply[3]}[key]
            if ipaddress.IPv4Address(address) not in value:
                return False
        elif key == "status":
            have = {"SEEN_REPLY": conn.seen_reply, "ASSURED": conn.assured, "UNREPLIED": not conn.seen_reply}
            if not all(have.get(bit, False) for bit in value):
                return False
        else:
            actual = {"proto": p, "sport": sp, "dport": dp, "rsport": conn.reply[2], "rdport": conn.reply[4],
                      "id": flow_id(conn) if key == "id" else 0,
                      "zone": conn.zone, "mark": conn.mark, "family": "ipv4",
                      "state": conn.state, "icmp_id": sp,
                      "icmp_type": conn.icmp_type if conn.icmp_type is not None else 8,
                      "icmp_code": conn.icmp_code or 0}[key]
            if actual != value:
                return False
    return True


def xml_text(conn: Conn, now: float) -> str:
    """One <flow> of `conntrack -L -o xml`: both directions' tuples, then the flow's own data."""
    proto = conn.orig[0]
    number = PROTO_NUM.get(proto, 0)

    def meta(direction: str, t: tuple) -> str:
        ports = f"<sport>{t[2]}</sport><dport>{t[4]}</dport>" if proto in ("tcp", "udp") else ""
        counts = ""
        if conn.counters is not None:
            first = 2 if direction == "reply" else 0
            counts = (f"<counters><packets>{conn.counters[first]}</packets><bytes>{conn.counters[first + 1]}"
                      "</bytes></counters>")
        return (f'<meta direction="{direction}"><layer3 protonum="2" protoname="ipv4"><src>{t[1]}</src>'
                f'<dst>{t[3]}</dst></layer3><layer4 protonum="{number}" protoname="{proto}">{ports}</layer4>'
                f'{counts}</meta>')
    state = f"<state>{conn.state}</state>" if proto == "tcp" and conn.state else ""
    flags = ("<assured/>" if conn.assured else "") + ("<unreplied/>" if not conn.seen_reply else "")
    return (f"<flow>{meta('original', conn.orig)}{meta('reply', conn.reply)}<meta direction=\"independent\">"
            f"{state}<timeout>{seconds_left(conn, now)}</timeout><mark>{conn.mark}</mark><use>1</use>"
            f"<id>{flow_id(conn)}</id>{flags}</meta></flow>")


def flow_id(conn: Conn) -> int:
    """The flow's id (-o id): the kernel hashes the entry's address; here its original tuple and zone."""
    return zlib.crc32(repr((conn.orig, conn.zone)).encode())


def _parse(argv: list[str]) -> tuple[Optional[str], dict[str, Any]]:
    """The command and its filters; filters["used"]: the option names given (conntrack_opts.OPTION_ORDER's)."""
    cmd: Optional[str] = None
    used: list[str] = []
    filters: dict[str, Any] = {"used": used}
    i = 1
    while i < len(argv):
        a = argv[i]
        i += 1
        if a in COMMANDS or a in ("-h", "--help"):
            if cmd is not None or "help" in filters:
                raise ValueError("Invalid commands combination")
            if a in ("-h", "--help"):
                filters["help"] = True
                continue
            cmd = COMMANDS[a]
            if cmd not in ("V",):
                filters["table"], i = table_word(argv, i)
            continue
        if a in ("-n", "--src-nat", "-g", "--dst-nat", "-j", "--any-nat"):
            kind = "src" if a in ("-n", "--src-nat") else "dst" if a in ("-g", "--dst-nat") else "any"
            ip = None
            if i < len(argv) and argv[i][:1] != "-":       # an optional argument, the next word as conntrack takes it
                ip = argv[i].split(":")[0]
                i += 1
                try:
                    ipaddress.IPv4Address(ip)
                except ValueError:
                    raise ValueError(f"Invalid IP address `{ip}'") from None
            filters.setdefault("nat", {})[kind] = ip
            used.append(kind + "-nat")
            continue
        if a in ("-i", "--id"):
            used.append("id")
            if i < len(argv) and argv[i][:1] != "-":       # its optional argument, as the next word
                filters["id"] = _leading_number(argv[i])
                i += 1
            continue
        if a in ("-o", "--output"):
            used.append("output")
            if i >= len(argv):
                raise ValueError(f"option `{a}' requires an argument")
            for kind in argv[i].split(","):
                if kind not in OUTPUTS:
                    raise ValueError(f"Bad parameter `{kind}'")
                filters["output_" + kind] = True
            i += 1
            continue
        if a in ("-z", "--zero"):             # zero the flows' packet and byte counters after listing them
            filters["zero"] = True
            used.append("zero")
            continue
        key = FILTERS.get(a) or PROTO_FILTERS.get(filters.get("proto", ""), {}).get(a)
        if key is None:
            raise ValueError(f"unknown option `{a}'")
        if i >= len(argv):
            raise ValueError(f"option `{a}' requires an argument")
        value = argv[i]
        i += 1
        used.append(KEY_OPTION.get(key, "protonum"))     # a protocol's own option counts as -p
        if key in ("timeout", "secmark", "buffer_size"):
            filters[key] = _leading_number(value)
        elif key == "event_mask":
            for word in value.split(","):
                if word.upper() not in ("ALL", "NEW", "UPDATES", "DESTROY"):
                    raise ValueError(f"Bad parameter `{word}'")
        elif key == "proto":
            if value.lower() not in PROTO_NUM and value not in ("1", "6", "17"):
                raise ValueError(f"`{value}' unsupported protocol")
            filters[key] = {"1": "icmp", "6": "tcp", "17": "udp"}.get(value, value.lower())
        elif key == "family":
            if value not in ("ipv4", "ipv6"):
                raise ValueError(f"`{value}' unsupported protocol")
            filters[key] = value
        elif key == "mark":
            if not value.split("/")[0].isdigit() and not value.startswith("0x"):
                raise ValueError(f"Bad parameter `{value}'")
            filters[key] = int(value.split("/")[0], 0)
        elif key == "zone":
            if not value.isdigit():
                raise ValueError(f"invalid port `{value}'")
            filters[key] = int(value)
        elif key in ("sport", "dport", "rsport", "rdport", "icmp_type", "icmp_code", "icmp_id"):
            filters[key] = _leading_number(value)      # strtoul/atoi: text that is no number is 0
        elif key == "state":
            if value.upper() not in TCP_STATES:
                raise ValueError(f"unknown TCP state `{value}'")
            filters[key] = value.upper()
        elif key == "status":
            words = value.split(",")
            bits = [w if w == "UNREPLIED" else w.upper() for w in words]     # UNREPLIED only in capitals
            for index, bit in enumerate(bits):          # parse_parameter: a bad word before a comma shows the rest
                if bit not in STATUS_BITS or (bit == "UNREPLIED" and words[index] != bit):
                    raise ValueError(f"Bad parameter `{','.join(words[index:])}'")
            filters[key] = bits
        else:
            try:
                filters[key] = ipaddress.IPv4Network(value, strict=False)
            except ValueError:
                raise ValueError(f"Invalid IP address `{value}'") from None
    return cmd, filters


def _get_or_update(cmd: str, table: Any, now: float, filters: dict[str, Any], extended: bool,
                   save: bool = False) -> CommandResult:
    """-G: the one flow of a full original tuple; -U: set its --mark (a partial tuple is refused by the kernel)."""
    proto = filters.get("proto")
    ports = ("sport", "dport") if proto in ("tcp", "udp") else ()
    icmp = ("icmp_type", "icmp_code") if proto == "icmp" else ()
    full = proto is not None and "src" in filters and "dst" in filters and all(k in filters for k in ports + icmp)
    if cmd == "U" and not full:
        failed = "Operation failed: Operation not supported\n"
        return CommandResult("", failed + PREFIX + failed, 1)
    if proto is None:
        return CommandResult("", f"{PREFIX}You need to supply the `--protonum' option for this command\n{TRY}", 2)
    if "src" not in filters or "dst" not in filters:
        return CommandResult("", f"{PREFIX}you have to specify `--src' and `--dst'\n{TRY}", 2)
    if ports and not all(k in filters for k in ports):
        return CommandResult("", f"{PREFIX}you have to specify `--sport' and `--dport'\n{TRY}", 2)
    for key in icmp:
        if key not in filters:
            option = key.replace("_", "-")
            return CommandResult("", f"{PREFIX}You need to supply the `--{option}' option for this command\n{TRY}", 2)
    wanted = {k: v for k, v in filters.items() if k in ("proto", "src", "dst") + ports + icmp}
    if proto == "icmp":
        wanted["icmp_id"] = filters.get("icmp_id", 0)
    found = next((c for c in table.entries(now) if _matches(c, wanted) and c.zone == filters.get("zone", 0)), None)
    if cmd == "G":
        if found is None:
            return CommandResult("", f"{PREFIX}Operation failed: such conntrack doesn't exist\n", 1)
        shown = save_text(found, seconds_left(found, now)) + "\n" if save else \
            entry_text(found, now, extended)[:-1] + "2\n"
        return CommandResult(shown, f"{PREFIX}1 flow entries have been shown.\n", 0)
    if found is None or "mark" not in filters:
        return CommandResult("", f"{PREFIX}0 flow entries have been updated.\n", 1)
    found.mark = filters["mark"]
    return CommandResult(entry_text(found, now, extended)[:-1] + "2\n", f"{PREFIX}1 flow entries have been updated.\n", 0)


def _leading_number(text: str) -> int:
    digits = ""
    for ch in text.strip():
        if not ch.isdigit():
            break
        digits += ch
    return int(digits) if digits else 0


@command("conntrack")
def conntrack(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    """conntrack -L|-D|-F|-C|-S|-E|-G|-U|-V [filters]."""
    try:
        cmd, filters = _parse(argv)
    except ValueError as e:
        return CommandResult("", f"{PREFIX}{e}\n{TRY}", 2)
    if filters.pop("help", False) or (cmd is None and len(argv) == 1):
        return CommandResult(USAGE, "", 0)
    result = _checked(cmd, filters)
    if result is not None:
        return result
    labels = "nfct_labelmap_new: No such file or directory\n" if filters.pop("output_labels", False) else ""
    result = _run(ctx, cmd, filters)
    return CommandResult(result.stdout, labels + result.stderr, result.returncode)


def _checked(cmd: Optional[str], filters: dict[str, Any]) -> Optional[CommandResult]:
    """The errors of the command line as a whole: -o save with another output, an option the command refuses."""
    kinds = [k for k in filters if k.startswith("output_")]
    labels = "nfct_labelmap_new: No such file or directory\n" if "output_labels" in kinds else ""
    if "output_save" in kinds and len(kinds) > 1:
        return CommandResult("", labels + f"{PREFIX}cannot combine save output with any other output type, use -o "
                                          "save only\n", 1)
    error = refused(cmd or "", filters.pop("used"))
    if error is not None:
        return CommandResult("", f"{labels}{PREFIX}{error}\n{TRY}", 2)
    return None


def _run(ctx: Any, cmd: Optional[str], filters: dict[str, Any]) -> CommandResult:
    zero, which = filters.pop("zero", False), filters.pop("table", None)
    expect = which == "expect"
    if which in ("dying", "unconfirmed"):       # the flows on their way out or not yet confirmed: none here
        if cmd != "L":
            return CommandResult("", f"{PREFIX}Can't do that command with tables `dying' and `unconfirmed'\n{TRY}", 2)
        return CommandResult("", f"{PREFIX}0 flow entries have been shown.\n", 0)
    if expect and cmd in ("D", "G"):
        return CommandResult("", f"{PREFIX}You need to supply the `--src' option for this command\n{TRY}", 2)
    for key in ("timeout", "event_mask", "buffer_size"):
        filters.pop(key, None)
    extended = filters.pop("output_extended", False)
    with_id = filters.pop("output_id", False)
    xml = filters.pop("output_xml", False)
    save = filters.pop("output_save", False)
    for key in [k for k in filters if k.startswith("output_")]:
        del filters[key]
    if cmd is None:
        return CommandResult("", f"{PREFIX}no command specified\n{TRY}", 2)
    if cmd == "V":
        return CommandResult("conntrack v1.4.7 (conntrack-tools)\n", "", 0)
    table = conntrack_of(ctx.netns)
    now = getattr(getattr(ctx.machine, "network", None), "clock", 0.0)
    nat = filters.pop("nat", None)
    if cmd == "L" and "UNSET" in filters.get("status", ()):
        return CommandResult("", f"{PREFIX}Operation failed: invalid parameters\n", 1)
    if cmd == "S":
        return CommandResult(stats_text(table, expect, machine_cpus(ctx.machine)), "", 0)
    if cmd == "E":
        return _events(ctx)
    if cmd in ("G", "U"):
        return _get_or_update(cmd, table, now, filters, extended, save)
    if cmd == "C":
        return CommandResult(f"{0 if expect else len(table.entries(now))}\n", "", 0)
    if expect and cmd in ("L", "F"):
        done = "0 expectations have been shown." if cmd == "L" else "expectation table has been emptied."
        return CommandResult("", f"{PREFIX}{done}\n", 0)
    conns = [c for c in reversed(table.entries(now)) if _matches(c, filters)
             and (not nat or nat_wanted(c, nat, _nat_table(ctx.netns)))]
    if cmd == "F":
        table.flush()
        return CommandResult("", f"{PREFIX}connection tracking table has been emptied.\n", 0)
    if xml:
        text = ('<?xml version="1.0" encoding="utf-8"?>\n<conntrack>\n'
                + "".join(xml_text(c, now) + "\n" for c in conns) + "</conntrack>\n") if conns else ""
    elif save:
        text = "".join(save_text(c, seconds_left(c, now)) + "\n" for c in conns)
    else:
        text = "".join(entry_text(c, now, extended) + (f" id={flow_id(c)}" if with_id else "") + "\n"
                       for c in conns)
    if cmd == "D":
        for c in conns:
            table.remove(c)
        return CommandResult(text, f"{PREFIX}{len(conns)} flow entries have been deleted.\n", 0 if conns else 1)
    if zero:
        for c in conns:
            if c.counters is not None:
                c.counters[:] = [0, 0, 0, 0]
    return CommandResult(text, f"{PREFIX}{len(conns)} flow entries have been shown.\n", 0)


def _nat_table(netns: Any) -> bool:
    """Whether the netns has a nat table (its flows then carry the *_NAT_DONE status)."""
    nf = getattr(netns, "netfilter", None)
    table = nf.tables.get("nat") if nf is not None else None
    return bool(table is not None and table.created)


def _events(ctx: Any) -> CommandResult:
    """-E: waits for events until a signal ends it (the lab has no other process to make any meanwhile); SIGINT
    and SIGTERM (Ctrl-C, timeout) print the summary and exit 0, another signal kills it; no timeout around it:
    as if interrupted at once."""
    from course_lib.shell.coreutils_timeout import limit_of
    network = getattr(ctx.machine, "network", None)
    limit = limit_of(network)
    if limit is None:
        return CommandResult("", f"{PREFIX}0 flow events have been shown.\n", 0)
    advance = getattr(network, "advance", None)
    if callable(advance):
        advance(max(0.0, limit.at - network.clock))
    if limit.signo in (2, 15):
        return CommandResult("", f"{PREFIX}0 flow events have been shown.\n", 0)
    return CommandResult("", "", 128 + limit.signo)
