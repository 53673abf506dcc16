"""`nstat` (iproute2 6.1): the netns's SNMP counters from /proc/net/snmp, snmp6 and netstat, since the
last run (a history file, $NSTAT_HISTORY or /tmp/.nstat.u0) or absolute (-a).

As nstat.c without its daemon: counters in snmp, snmp6, netstat order, the `useless` ones left out,
`%-32s%-16llu%6.1f` lines with rate 0.0 (rates come only from a `nstat -d` daemon), PATTERNs matched
with fnmatch; the history keeps every non-zero counter (a counter a pattern leaves out keeps its old
value there). The files are read through the machine's file system, so the real backend's nstat
reads the lab netns's own kernel files.
"""
from __future__ import annotations

import fnmatch
import json
from typing import TYPE_CHECKING, Optional

from course_lib.result import CommandResult
from course_lib.shell.coreutils_common import UsageError, getopt
from course_lib.shell.fs import FsError, read_file, remove, write_file
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

USELESS = ("IpForwarding", "IpDefaultTTL", "TcpRtoAlgorithm", "TcpRtoMin", "TcpRtoMax", "TcpMaxConn", "TcpCurrEstab")
USAGE = "Usage: nstat [OPTION] [ PATTERN [ PATTERN ] ]\n" + "".join(f"   {opt:<20}{text}\n" for opt, text in (
    ("-h, --help", "this message"),
    ("-a, --ignore", "ignore history"),
    ("-d, --scan=SECS", "sample every statistics every SECS"),
    ("-j, --json", "format output in JSON"),
    ("-n, --nooutput", "do history only"),
    ("-p, --pretty", "pretty print"),
    ("-r, --reset", "reset history"),
    ("-s, --noupdate", "don't update history"),
    ("-t, --interval=SECS", "report average over the last SECS"),
    ("-V, --version", "output version information"),
    ("-z, --zeros", "show entries with zero activity"),
))
LONGS = {"help": "-h", "ignore": "-a", "scan=": "-d", "nooutput": "-n", "json": "-j", "reset": "-r",
         "noupdate": "-s", "pretty": "-p", "interval=": "-t", "version": "-V", "zeros": "-z"}
Counters = list[tuple[str, int]]


def _ugly(text: str) -> Counters:
    """load_ugly_table: `Prefix: Name Name...` then `Prefix: value value...`."""
    out: Counters = []
    lines = text.splitlines()
    for head, values in zip(lines[0::2], lines[1::2]):
        prefix, _, names = head.partition(":")
        for name, value in zip(names.split(), values.partition(":")[2].split()):
            out.append((prefix + name, int(value) % (1 << 64)))
    return out


def _good(text: str) -> Counters:
    """load_good_table: `Name value [rate]` lines (snmp6, the history file)."""
    out: Counters = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 2 and not line.startswith("#"):
            out.append((fields[0], int(fields[1])))
    return out


def _read(ctx: "ExecContext", path: str) -> str:
    try:
        return read_file(ctx, path)
    except FsError:
        return ""


def kernel_counters(ctx: "ExecContext") -> Counters:
    """snmp, then snmp6, then netstat (each load puts its table in front), without the useless numbers."""
    every = _ugly(_read(ctx, "/proc/net/snmp")) + _good(_read(ctx, "/proc/net/snmp6")) + \
        _ugly(_read(ctx, "/proc/net/netstat"))
    return [(name, value) for name, value in every if name not in USELESS]


def _atoi(text: str) -> int:
    """C's atoi: the leading digits (with a sign), 0 when there are none."""
    digits = ""
    for i, ch in enumerate(text.strip()):
        if ch.isdigit() or (i == 0 and ch in "+-"):
            digits += ch
        else:
            break
    try:
        return int(digits)
    except ValueError:
        return 0


def _match(patterns: list[str], name: str) -> bool:
    return not patterns or any(fnmatch.fnmatchcase(name, p) for p in patterns)


def _lines(rows: list[tuple[str, int, str]], as_json: bool, pretty: bool) -> str:
    if as_json:
        if pretty:
            body = ",\n".join(f'        "{name}": {value}' for name, value, _ in rows)
            return '{\n    "kernel": {\n' + (body + "\n" if rows else "") + "    }\n}\n"
        return json.dumps({"kernel": {name: value for name, value, _ in rows}}, separators=(",", ":")) + "\n"
    return "#kernel\n" + "".join(f"{name:<32}{value:<16}{0.0:6.1f}{tail}\n" for name, value, tail in rows)


def _find(hist: Counters, start: int, name: str) -> Optional[int]:
    """The history entry for `name` at or after `start` (nstat walks both lists in step)."""
    return next((j for j in range(start, len(hist)) if hist[j][0] == name), None)


def _absolute(kern: Counters, hist: Optional[Counters], patterns: list[str], zeros: bool, to_hist: bool
              ) -> list[tuple[str, int, str]]:
    """dump_kern_db: the counters; written to the history, one a pattern leaves out keeps its old value."""
    rows, h = [], 0
    for name, value in kern:
        if not zeros and not value:
            continue
        if not _match(patterns, name):
            if not to_hist:
                continue
            j = _find(hist or [], h, name)
            if j is not None:
                value, h = (hist or [])[j][1], j + 1
        rows.append((name, value, ""))
    return rows


def _incremental(kern: Counters, hist: Counters, patterns: list[str], zeros: bool) -> list[tuple[str, int, str]]:
    """dump_incr_db: each counter's growth since the history (a counter that went down: overflow)."""
    rows, h = [], 0
    for name, value in kern:
        tail = ""
        j = _find(hist, h, name)
        if j is not None:
            if value < hist[j][1]:
                tail, value = " (overflow)", hist[j][1]
            value, h = value - hist[j][1], j + 1
        if (not zeros and not value) or not _match(patterns, name):
            continue
        rows.append((name, value, tail))
    return rows


@command("nstat")
def nstat(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "h?vVzrnasd:t:jp", LONGS, rc=255, usage=USAGE.rstrip("\n"), permute=True)
    except UsageError as error:
        return CommandResult("", error.message + "\n", 255)
    if opts.has("-h", "-?"):
        return CommandResult("", USAGE, 255)
    if opts.has("-v", "-V"):
        return CommandResult("nstat utility, iproute2-6.1.0\n", "", 0)
    interval = opts.value("-t")
    if interval is not None and _atoi(interval) <= 0:
        return CommandResult("", "nstat: invalid time constant divisor\n", 255)
    if _atoi(opts.value("-d") or "0") > 0:
        return CommandResult("", "", 0)          # the daemon detaches at once; the simulation runs none
    ignore, no_update, zeros = opts.has("-a"), opts.has("-s"), opts.has("-z")
    hist_name = ctx.env.get("NSTAT_HISTORY") or "/tmp/.nstat.u0"
    if opts.has("-r"):
        try:
            remove(ctx, hist_name)
        except FsError:
            pass
    hist: Optional[Counters] = None
    if not ignore or not no_update:
        try:
            text = read_file(ctx, hist_name)
        except FsError:
            text = ""
            write_file(ctx, hist_name, "", mode=0o600)
        hist = [(n, v) for n, v in _good(text) if n not in USELESS] or None
    kern = kernel_counters(ctx)
    patterns = opts.operands
    out = ""
    if not opts.has("-n"):
        rows = _absolute(kern, hist, patterns, zeros, False) if ignore or hist is None else \
            _incremental(kern, hist, patterns, zeros)
        out = _lines(rows, opts.has("-j"), opts.has("-p"))
    if not no_update:
        rows = _absolute(kern, hist, patterns, False, True)
        write_file(ctx, hist_name, _lines(rows, False, False), mode=0o600)
    return CommandResult(out, "", 0)
