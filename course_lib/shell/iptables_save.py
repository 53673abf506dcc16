"""The `iptables-save` and `iptables-restore` commands (1.8.9 nf_tables): dump and load whole tables.

iptables-restore applies each `*table ... COMMIT` block to a copy of the table and swaps it in only when
every line succeeded, so a failed block leaves the table as it was. Without --noflush the block starts
from an empty table; with --noflush a `:CHAIN` line flushes an existing user chain (kube-proxy style).
"""
from __future__ import annotations

import sys
from typing import Any

from course_lib.net.netfilter.tables import BUILTIN_CHAINS, NfError, Table, netfilter_of
from course_lib.result import CommandResult
from course_lib.shell.iptables import ListedError, apply, nf_error, validate_rule
from course_lib.shell.iptables_ext import ParamError
from course_lib.shell.iptables_format import VERSION, model_ctime, save_table
from course_lib.net.netfilter.matches import StatisticMatch
from course_lib.net.netfilter.matches_limit import LimitMatch
from course_lib.net.netfilter.rules import Rule
from course_lib.shell.iptables_parse import IptCmd, parse



def _stateful(m: object) -> bool:
    """Matches with per-rule state (limit, statistic nth) are never shared between rules."""
    return isinstance(m, LimitMatch) or (isinstance(m, StatisticMatch) and m.mode == "nth")
from course_lib.shell.registry import command

RESTORE_TRY = "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n"


def _network(ctx: Any) -> Any:
    return getattr(getattr(ctx, "machine", None), "network", None)


@command("iptables-save", "iptables-nft-save")
def iptables_save(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    """iptables-save [-c] [-t table]."""
    counters, only = False, None
    args = argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a in ("-c", "--counters"):
            counters = True
        elif a in ("-t", "--table") or a.startswith("--table="):
            if "=" in a:
                only = a.split("=", 1)[1]
            elif i < len(args):
                only = args[i]
                i += 1
            else:
                return CommandResult("", f"iptables-save: option '{a}' requires an argument\n"
                                     "Look at manual page `iptables-save.8' for more information.\n", 1)
        elif a.startswith("-t") and len(a) > 2:
            only = a[2:]
        elif a in ("-M", "--modprobe"):
            i += 1
        else:
            text = f"unrecognized option '{a}'" if a.startswith("--") else f"invalid option -- '{a.lstrip('-')[:1]}'"
            return CommandResult("", f"iptables-save: {text}\n"
                                 "Look at manual page `iptables-save.8' for more information.\n", 1)
    nf = netfilter_of(ctx.netns)
    stamp = model_ctime(_network(ctx))
    if only is not None:
        if only not in BUILTIN_CHAINS:
            return CommandResult("", f"Table `{only}' does not exist\n", 1)
        tables = [nf.tables.get(only) or Table(only)]
    else:
        tables = list(nf.created_tables())
    return CommandResult("".join(save_table(t, counters, stamp) for t in tables), "", 0)


def clone_table(table: Table) -> Table:
    """A copy whose chains and rule lists can change without touching `table` (rules are shared)."""
    from course_lib.net.netfilter.tables import Chain
    copy = Table(table.name, chains={}, created=table.created)
    for name, c in table.chains.items():
        copy.chains[name] = Chain(c.name, c.builtin, c.policy, c.pkts, c.bytes, list(c.rules), c.counted, c.live)
    return copy


def split_params(line: str) -> list[str] | None:
    """Words of a rule line as iptables-restore splits them (double or single quotes, backslash escapes)."""
    if '"' not in line and "'" not in line and "\\" not in line:
        return line.split()
    words: list[str] = []
    cur: list[str] = []
    quote = ""
    have = False
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line):
            cur.append(line[i + 1])
            have = True
            i += 2
            continue
        if quote:
            if ch == quote:
                quote = ""
            else:
                cur.append(ch)
        elif ch in "\"'":
            quote, have = ch, True
        elif ch.isspace():
            if have:
                words.append("".join(cur))
                cur, have = [], False
        else:
            cur.append(ch)
            have = True
        i += 1
    if quote:
        return None
    if have:
        words.append("".join(cur))
    return words


# Parsed `-A` lines, shared between netns: kube-proxy writes the same rules on every node. A hit copies
# the rule's header and shares its (stateless) matches and target; counters stay per rule.
_PARSED: dict[tuple[str, str], IptCmd] = {}
_PARSED_MAX = 200000


def _cached_append(work: Table, line: str) -> IptCmd | None:
    if not line.startswith("-A "):
        return None
    tmpl = _PARSED.get((work.name, line))
    if tmpl is None:
        return None
    target = tmpl.rule.target
    if target is not None and target.is_chain:
        if target.name not in work.chains:
            raise ParamError(f"Chain '{target.name}' does not exist")
    r = tmpl.rule
    rule = Rule(r.src, r.smsk, r.dst, r.dmsk, r.iniface, r.outiface, r.proto, r.inv, r.matches, r.target, r.goto)
    return IptCmd(command="A", table=work.name, chain=tmpl.chain, rule=rule, jump=tmpl.jump)


def _remember_append(work: Table, line: str, cmd: IptCmd) -> None:
    if cmd.command != "A" or cmd.verbose or cmd.counters is not None or any(
            _stateful(m) for m in cmd.rule.matches):
        return
    if len(_PARSED) >= _PARSED_MAX:
        _PARSED.clear()
    _PARSED[(work.name, line)] = cmd


class RestoreError(Exception):
    def __init__(self, stderr: str, rc: int, stdout: str = "") -> None:
        super().__init__(stderr)
        self.stderr, self.rc, self.stdout = stderr, rc, stdout


def _reason(message: str) -> str:
    """`iptables: No chain/target/match by that name.` -> the part iptables-restore repeats."""
    return message.split(": ", 1)[1].strip() if ": " in message else message.strip()


def _param_fail(message: str, lineno: int) -> RestoreError:
    return RestoreError(f"iptables-restore {VERSION}: {message}\nError occurred at line: {lineno}\n{RESTORE_TRY}", 2)


def restore(ctx: Any, text: str, noflush: bool, counters: bool, only: str | None) -> None:
    nf = netfilter_of(ctx.netns)
    work: Table | None = None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for lineno, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("*"):
            name = line[1:].strip()
            if name not in BUILTIN_CHAINS:
                raise _param_fail(f"iptables-restore: line {lineno} table name '{name}' invalid", lineno)
            base = nf.tables.get(name) or Table(name)
            work = clone_table(base) if noflush else Table(name)     # created once something is declared
            continue
        if work is None:
            raise RestoreError(f"iptables-restore: line {lineno} failed\n", 1)
        if line == "COMMIT":
            if only is None or only == work.name:
                nf.tables[work.name] = work
            work = None
            continue
        if line.startswith(":"):
            words = line[1:].split()
            if not words:
                raise RestoreError(f"iptables-restore: line {lineno} failed\n", 1)
            chain, policy = sys.intern(words[0]), (words[1] if len(words) > 1 else "-")
            work.created = True
            c = work.chains.get(chain)
            if c is None:
                if policy != "-" and chain not in BUILTIN_CHAINS[work.name]:
                    raise RestoreError(f"iptables-restore: line {lineno} failed\n", 1)
                work.new_chain(chain)
            elif not c.builtin:
                c.rules = []
                c.changed()
            if policy != "-" and c is not None and c.builtin:
                if policy not in ("ACCEPT", "DROP"):
                    raise RestoreError(f"iptables-restore: line {lineno} failed\n", 1)
                c.policy = policy
                c.counted = c.live = True
            continue
        pkts_bytes = None
        if line.startswith("["):
            head, _, line = line.partition("]")
            p, _, b = head[1:].partition(":")
            pkts_bytes = (int(p or 0), int(b or 0)) if p.isdigit() and b.isdigit() else None
        try:
            cmd = _cached_append(work, line)
            if cmd is None:
                words = split_params(line)
                if words is None:
                    raise RestoreError(f"iptables-restore: line {lineno} failed\n", 1)
                argv = ["iptables", "-t", work.name] + words
                cmd = parse(argv, lambda t, n: n in work.chains, restore=True)
                _remember_append(work, line, cmd)
            if counters and pkts_bytes is not None:
                cmd.rule.pkts, cmd.rule.bytes = pkts_bytes
            apply(ctx, work, cmd)
        except ParamError as e:
            raise _param_fail(e.message, lineno) from None
        except ListedError as e:         # a verbose rule (-v) was printed, then the change failed
            raise RestoreError(f"iptables-restore: line {lineno} failed: {_reason(e.stderr)}\n", 1,
                               e.stdout) from None
        except NfError as e:
            msg, rc = nf_error(e, None)
            if rc == 4:
                detail = msg.split(": ", 1)[1].strip()
                raise RestoreError(f"iptables-restore {VERSION}: \nline {lineno}: {detail}\n", 4) from None
            raise RestoreError(f"iptables-restore: line {lineno} failed: {_reason(msg)}\n", 1) from None
    if work is not None:
        raise RestoreError(f"iptables-restore: COMMIT expected at line {len(lines) + 1}\n", 1)


@command("iptables-restore", "iptables-nft-restore")
def iptables_restore(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    """iptables-restore [-n|--noflush] [-c] [-T table] < rules."""
    noflush = counters = False
    only = None
    args = argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a in ("-n", "--noflush"):
            noflush = True
        elif a in ("-c", "--counters"):
            counters = True
        elif a in ("-T", "--table"):
            only = args[i] if i < len(args) else None
            i += 1
        elif a in ("-w", "--wait", "-W", "--wait-interval"):
            if i < len(args) and args[i].replace(".", "", 1).isdigit():
                i += 1
        elif a in ("-v", "--verbose", "-t", "--test"):
            continue
        else:
            return CommandResult("", f"iptables-restore: unrecognized option '{a}'\n" + RESTORE_TRY, 2) \
                if a.startswith("-") else CommandResult("", f"Can't open {a}: No such file or directory\n", 1)
    nf = netfilter_of(ctx.netns)
    saved = dict(nf.tables)
    try:
        restore(ctx, stdin, noflush, counters, only)
    except RestoreError as e:
        nf.recompute()
        return CommandResult(e.stdout, e.stderr, e.rc)
    except Exception as e:      # noqa: BLE001 - never a traceback to a learner
        nf.tables.clear()
        nf.tables.update(saved)
        return CommandResult("", f"iptables-restore: {e}\n", 1)
    nf.recompute()
    return CommandResult("", "", 0)


__all__ = ["iptables_save", "iptables_restore", "restore_rules", "validate_rule"]


def restore_rules(netns: Any, text: str, noflush: bool = True) -> CommandResult:
    """Load iptables-restore text into a model netns (for kube-proxy, Docker and CNI code in Python)."""
    from course_lib.shell.context import ExecContext
    ctx = ExecContext(machine=netns.machine, netns=netns)
    return iptables_restore(ctx, ["iptables-restore"] + (["--noflush"] if noflush else []), text)
