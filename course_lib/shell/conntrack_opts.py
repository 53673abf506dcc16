"""conntrack-tools 1.4.7's command/option checks and its statistics: the options each command refuses, -z's
filters, the table words, and -S's per-CPU lines (checked against the real tool in a private netns)."""
from __future__ import annotations

from typing import Any, Optional

USAGE = """Command line interface for the connection tracking system. Version 1.4.7
Usage: conntrack [commands] [options]

Commands:
  -L [table] [options]\t\tList conntrack or expectation table
  -G [table] parameters\t\tGet conntrack or expectation
  -D [table] parameters\t\tDelete conntrack or expectation
  -I [table] parameters\t\tCreate a conntrack or expectation
  -U [table] parameters\t\tUpdate a conntrack
  -E [table] [options]\t\tShow events
  -F [table]\t\t\tFlush table
  -C [table]\t\t\tShow counter
  -S\t\t\t\tShow statistics

Tables: conntrack, expect, dying, unconfirmed

Conntrack parameters and options:
  -n, --src-nat ip\t\t\tsource NAT ip
  -g, --dst-nat ip\t\t\tdestination NAT ip
  -j, --any-nat ip\t\t\tsource or destination NAT ip
  -m, --mark mark\t\t\tSet mark
  -c, --secmark secmark\t\t\tSet selinux secmark
  -e, --event-mask eventmask\t\tEvent mask, eg. NEW,DESTROY
  -z, --zero \t\t\t\tZero counters while listing
  -o, --output type[,...]\t\tOutput format, eg. xml
  -l, --label label[,...]\t\tconntrack labels

Expectation parameters and options:
  --tuple-src ip\tSource address in expect tuple
  --tuple-dst ip\tDestination address in expect tuple

Updating parameters and options:
  --label-add label\tAdd label
  --label-del label\tDelete label

Common parameters and options:
  -s, --src, --orig-src ip\t\tSource address from original direction
  -d, --dst, --orig-dst ip\t\tDestination address from original direction
  -r, --reply-src ip\t\tSource addres from reply direction
  -q, --reply-dst ip\t\tDestination address from reply direction
  -p, --protonum proto\t\tLayer 4 Protocol, eg. 'tcp'
  -f, --family proto\t\tLayer 3 Protocol, eg. 'ipv6'
  -t, --timeout timeout\t\tSet timeout
  -u, --status status\t\tSet status, eg. ASSURED
  -w, --zone value\t\tSet conntrack zone
  --orig-zone value\t\tSet zone for original direction
  --reply-zone value\t\tSet zone for reply direction
  -b, --buffer-size\t\tNetlink socket buffer size
  --mask-src ip\t\t\tSource mask address
  --mask-dst ip\t\t\tDestination mask address

"""

# The option names conntrack reports, in the order of its option table (the first refused one is reported).
OPTION_ORDER = ("src", "dst", "reply-src", "reply-dst", "protonum", "timeout", "status", "zero", "event-mask",
                "tuple-src", "tuple-dst", "mask-src", "mask-dst", "nat-range", "mark", "id", "family", "src-nat",
                "dst-nat", "output", "secmark", "buffer-size", "any-nat", "zone")
_EVERY = frozenset(OPTION_ORDER)
# What each command refuses: "Illegal option `--NAME' with this command" (-G checks its tuple first).
ILLEGAL = {
    "L": frozenset({"timeout", "event-mask", "buffer-size", "id"}),
    "D": frozenset({"event-mask", "zero", "secmark", "any-nat", "buffer-size"}),
    "F": _EVERY - {"family"},
    "C": _EVERY,
    "S": _EVERY,
    "E": frozenset({"timeout", "status", "zero", "id"}),
    "U": frozenset({"event-mask", "zero", "secmark", "any-nat", "zone", "buffer-size"}),
}
# The options -L -z cannot go with ("Can't use -z with filtering parameters").
ZERO_FILTERS = frozenset({"src", "dst", "reply-src", "reply-dst", "protonum", "status", "mark", "secmark", "zone"})
# The option name of each parsed filter key.
KEY_OPTION = {"src": "src", "dst": "dst", "rsrc": "reply-src", "rdst": "reply-dst", "proto": "protonum",
              "status": "status", "mark": "mark", "zone": "zone", "family": "family", "timeout": "timeout",
              "event_mask": "event-mask", "secmark": "secmark", "id": "id", "buffer_size": "buffer-size"}
TABLES = ("expect", "conntrack", "dying", "unconfirmed")     # the order a word is tried in
CT_STATS = ("found", "invalid", "insert", "insert_failed", "drop", "early_drop", "error", "search_restart",
            "clash_resolve", "chaintoolong")
EXP_STATS = ("expect_new", "expect_create", "expect_delete")


def table_word(argv: list[str], i: int) -> tuple[Optional[str], int]:
    """The table named after a command (check_type: any word not starting with '-' or '!'), and the next index.
    Raises ValueError for a word that names no table."""
    if i >= len(argv) or argv[i][:1] in ("-", "!"):
        return None, i
    word = argv[i]
    for table in TABLES:
        if table.startswith(word):                 # strncmp(word, table, strlen(word)): "e", "conn", ""
            return table, i + 1
    raise ValueError(f"unknown type `{word}'")


def refused(cmd: str, used: list[str]) -> Optional[str]:
    """The error for the first option (in conntrack's order) that `cmd` does not take, or None."""
    illegal = ILLEGAL.get(cmd, frozenset())
    for name in OPTION_ORDER:
        if name in used and name in illegal:
            return f"Illegal option `--{name}' with this command"
    if cmd == "L" and "zero" in used and ZERO_FILTERS.intersection(used):
        return "Can't use -z with filtering parameters"
    return None


def stats_text(table: Any, expect: bool, cpus: int) -> str:
    """conntrack -S: one line a CPU ("cpu=%-4u\\t" then each counter), the model's counts on cpu 0."""
    names = EXP_STATS if expect else CT_STATS
    counts = {} if expect else getattr(table, "stats", {})
    lines = []
    for cpu in range(cpus):
        fields = "".join(f"{name}={counts.get(name, 0) if cpu == 0 else 0} " for name in names)
        lines.append(f"cpu={cpu:<4}\t{fields}\n")
    return "".join(lines)


def machine_cpus(machine: Any) -> int:
    """The CPUs a machine has (a lab machine: 2, as the course's reference VM)."""
    return int(getattr(machine, "cpus", 2) or 2)


def nat_wanted(conn: Any, wanted: dict[str, Optional[str]], nat_done: bool) -> bool:
    """filter_nat of conntrack 1.4.7 for --src-nat/--dst-nat/--any-nat [IP] (`wanted`: kind -> IP or None).

    libnetfilter_conntrack's IS_SNAT/IS_SPAT (and DNAT/DPAT) read the flow's *_NAT_DONE status -- set on every
    flow of a netns with a nat table -- and compare the reply tuple with the original one (for ICMP the id
    with the other direction's type and code, as the tuples overlay them)."""
    proto, src, sport, dst, dport = conn.orig
    _, rsrc, rsport, rdst, rdport = conn.reply
    if proto == "icmp":
        request = conn.icmp_type if conn.icmp_type is not None else 8
        answer = {8: 0, 13: 14, 15: 16, 17: 18}.get(request, request)
        sport_pat, dport_pat = sport != answer << 8, sport != request << 8 | (conn.icmp_code or 0)
    else:
        sport_pat, dport_pat = rdport != sport, rsport != dport
    kinds = {"src": (nat_done and str(rdst) != str(src), nat_done and sport_pat, rdst),
             "dst": (nat_done and str(rsrc) != str(dst), nat_done and dport_pat, rsrc)}
    found = {}
    for kind in ("src", "dst"):
        if kind not in wanted and "any" not in wanted:
            continue
        addressed, ported, address = kinds[kind]
        ip = wanted.get(kind, wanted.get("any"))
        found[kind] = addressed and str(address) == ip if ip else addressed or ported
    if "any" in wanted:
        return any(found.values())
    return all(found.values())


def save_text(conn: Any, left: int) -> str:
    """One line of -o save: the flow as the conntrack command line that would make it again."""
    proto, src, sport, dst, dport = conn.orig
    _, rsrc, rsport, rdst, rdport = conn.reply
    status = ",".join(name for name, on in (("SEEN_REPLY", conn.seen_reply), ("ASSURED", conn.assured)) if on)
    out = f"-A -t {left} -u {status or 'UNSET'} -s {src} -d {dst} {'-g' if conn.dnat else '-r'} {rsrc} " \
          f"{'-n' if conn.snat else '-q'} {rdst} -p {proto}"
    if proto == "icmp":
        out += f" --icmp-type {conn.icmp_type if conn.icmp_type is not None else 8} --icmp-code " \
               f"{conn.icmp_code or 0} --icmp-id {sport}"
    else:
        out += f" --sport {sport} --dport {dport} --reply-port-src {rsport} --reply-port-dst {rdport}"
        if proto == "tcp" and conn.state:
            out += f" --state {conn.state}"
    if conn.mark:
        out += f" --mark {conn.mark}"
    return out + (f" --zone {conn.zone}" if conn.zone else "")
