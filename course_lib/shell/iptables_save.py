"""The `iptables-save` and `iptables-restore` commands (1.8.9 nf_tables): dump and load whole tables.

iptables-restore applies each `*table ... COMMIT` block to a copy of the table and swaps it in only when
every line succeeded, so a failed block leaves the table as it was. Without --noflush the block starts
from an empty table; with --noflush a `:CHAIN` line flushes an existing user chain (kube-proxy style).
"""
from __future__ import annotations

import gc
import sys
from typing import Any

from course_lib.net.netfilter.tables import BUILTIN_CHAINS, NfError, Table, netfilter_of
from course_lib.result import CommandResult
from course_lib.shell.iptables import ListedError, apply, incompatible_note, nf_error, validate_rule
from course_lib.shell.iptables_ext_base import ParamError
from course_lib.shell.iptables_format import VERSION, model_ctime, save_table
from course_lib.shell.iptables_args import host_resolver
from course_lib.shell.iptables_parse import HelpRequested, parse
from course_lib.shell.iptables_restore_cache import FastAppender, block_key, declare, remember_append, \
    remember_block, replay_block
from course_lib.shell.registry import command

RESTORE_TRY = "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n"
RESTORE_HELP = ("Usage: iptables-restore [-c] [-v] [-V] [-t] [-h] [-n] [-T table] [-M command] [-4] [-6] [file]\n"
                "\t   [ --counters ]\n\t   [ --verbose ]\n\t   [ --version]\n\t   [ --test ]\n\t   [ --help ]\n"
                "\t   [ --noflush ]\n\t   [ --table=<TABLE> ]\n\t   [ --modprobe=<command> ]\n\t   [ --ipv4 ]\n"
                "\t   [ --ipv6 ]\n")
RESTORE_USAGE_TRY = "Try `iptables-restore -h' for more information.\n"


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
        elif a in ("-V", "--version"):
            return CommandResult(f"iptables-save {VERSION}\n", "", 0)
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
    return CommandResult("".join((incompatible_note(t.name) if t.hidden else "") + save_table(t, counters, stamp)
                                 for t in tables), "", 0)


def split_params(line: str) -> list[str] | None:
    """Words of a rule line as iptables-restore splits them (double or single quotes, backslash escapes)."""
    if "'" not in line and "\\" not in line:
        return line.split() if '"' not in line else _split_double_quoted(line)
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


def _split_double_quoted(line: str) -> list[str] | None:
    """split_params for a line whose only quoting is double quotes (kube-proxy's comments), piece by piece."""
    parts = line.split('"')
    if len(parts) % 2 == 0:
        return None                      # an unterminated quote
    words: list[str] = []
    glue = False                         # the next piece continues the last word
    for i, part in enumerate(parts):
        if i % 2:
            if glue:
                words[-1] += part
            else:
                words.append(part)
            glue = True
        elif part:
            sub = part.split()
            if sub:
                if glue and not part[0].isspace():
                    words[-1] += sub.pop(0)
                words.extend(sub)
            glue = not part[-1].isspace()
    return words


class RestoreError(Exception):
    def __init__(self, stderr: str, rc: int, stdout: str = "") -> None:
        super().__init__(stderr)
        self.stderr, self.rc, self.stdout = stderr, rc, stdout


def _reason(message: str) -> str:
    """`iptables: No chain/target/match by that name.` -> the part iptables-restore repeats."""
    return message.split(": ", 1)[1].strip() if ": " in message else message.strip()


def _policy_counters(text: str, chain: str, lineno: int) -> tuple[int, int] | None:
    """`[PKTS:BYTES]` of a `:CHAIN POLICY [p:b]` line (iptables-restore -c)."""
    if not text:
        return None
    p, colon, b = text.strip("[]").partition(":")
    if not (text.startswith("[") and text.endswith("]") and colon and p.isdigit() and b.isdigit()):
        raise _param_fail(f"invalid policy counters for chain '{chain}'", lineno)
    return int(p), int(b)


def _param_fail(message: str, lineno: int) -> RestoreError:
    return RestoreError(f"iptables-restore {VERSION}: {message}\nError occurred at line: {lineno}\n{RESTORE_TRY}", 2)


def restore(ctx: Any, text: str, noflush: bool, counters: bool, only: str | None, test: bool = False) -> None:
    """Apply the blocks of `text`; a jump to a missing chain is reported at its block's COMMIT (nft_prepare)."""
    nf = netfilter_of(ctx.netns)
    resolve = host_resolver(ctx)
    work: Table | None = None
    missing: str | None = None
    fast: FastAppender | None = None
    block: tuple[tuple[str, str], int] | None = None
    skip_to = -1
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for lineno, raw in enumerate(lines, start=1):
        if lineno <= skip_to:
            continue
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("*"):
            name = line[1:].strip()
            if name not in BUILTIN_CHAINS:
                raise _param_fail(f"iptables-restore: line {lineno} table name '{name}' invalid", lineno)
            base = nf.tables.get(name) or Table(name)
            work = base.cow_copy() if noflush else Table(name)     # created once something is declared
            fast = FastAppender(work)
            block = block_key(name, lines, lineno - 1) if not counters else None
            if block is not None and replay_block(work, block[0]):
                skip_to, fast.plan = block[1], None              # on to the COMMIT line
            elif block is not None:
                work = base.cow_copy() if noflush else Table(name)
                fast = FastAppender(work)
            continue
        if work is None or fast is None:
            raise RestoreError(f"iptables-restore: line {lineno} failed\n", 1)
        if line == "COMMIT":
            if missing is not None and not test:
                raise _param_fail(f"Chain '{missing}' does not exist", lineno)
            if (only is None or only == work.name) and not test:
                work.settle()
                nf.tables[work.name] = work
            if block is not None and block[1] == lineno - 1:
                remember_block(block[0], fast.plan)
            work = fast = block = None
            continue
        if line.startswith(":"):
            words = line[1:].split()
            if not words:
                raise RestoreError(f"iptables-restore: line {lineno} failed\n", 1)
            if len(words) < 2:
                raise _param_fail(f"iptables-restore: line {lineno} policy invalid", lineno)
            chain, policy = sys.intern(words[0]), words[1]
            policy_counts = _policy_counters(words[2] if len(words) > 2 else "", chain, lineno) if counters else None
            if not declare(work, chain, policy):
                raise RestoreError(f"iptables-restore: line {lineno} failed: Bad policy name.\n", 1)
            if policy_counts is not None and work.chains[chain].builtin:
                c = work.writable(chain)
                c.pkts, c.bytes = policy_counts
            fast.declared(chain, policy)
            continue
        pkts_bytes = None
        if line.startswith("["):
            head, _, line = line.partition("]")
            p, _, b = head[1:].partition(":")
            pkts_bytes = (int(p or 0), int(b or 0)) if p.isdigit() and b.isdigit() else None
        try:
            if line.startswith("-A "):
                rule = fast.add(line)
                if rule is not None:
                    if counters and pkts_bytes is not None:
                        rule.pkts, rule.bytes = pkts_bytes
                    continue
            words = split_params(line)
            if words is None:
                raise RestoreError(f"iptables-restore: line {lineno} failed\n", 1)
            argv = ["iptables", "-t", work.name] + words
            cmd = parse(argv, lambda t, n: True, restore=True, resolve=resolve)
            if counters and pkts_bytes is not None:
                cmd.rule.pkts, cmd.rule.bytes = pkts_bytes
            jump = cmd.rule.jump_target() if cmd.command in ("A", "C", "D", "I", "R") else None
            if jump is not None and jump not in work.chains:
                missing = missing or jump          # the rule goes nowhere; the block fails at COMMIT
                continue
            if test:
                continue
            apply(ctx, work, cmd)
            fast.other(cmd if remember_append(work.name, line, cmd) else None)
        except ParamError as e:
            raise _param_fail(e.message, lineno) from None
        except HelpRequested as e:       # exit_printhelp: the help, and nothing is committed
            raise RestoreError("", 0, e.text()) from None
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
    """iptables-restore [-n|--noflush] [-c] [-t|--test] [-T table] [FILE] (getopt_long, as 1.8.9)."""
    noflush = counters = test = False
    only = None
    files: list[str] = []
    args = argv[1:]
    i = 0
    longs = {"--noflush": "n", "--counters": "c", "--test": "t", "--verbose": "v", "--table": "T", "--wait": "w",
             "--wait-interval": "W", "--modprobe": "M", "--help": "h", "--version": "V", "--ipv4": "4"}
    while i < len(args):
        a = args[i]
        i += 1
        if a.startswith("--") and len(a) > 2:
            name, eq, value = a.partition("=")
            hits = [k for k in longs if k.startswith(name)]
            if len(hits) != 1 and name not in longs:
                return CommandResult("", f"iptables-restore: unrecognized option '{a}'\n" + RESTORE_USAGE_TRY, 1)
            letters = longs[name if name in longs else hits[0]]
            if eq:
                args.insert(i, value)
        elif a.startswith("-") and len(a) > 1:
            letters = a[1:]
        else:
            files.append(a)
            continue
        for k, ch in enumerate(letters):
            if ch in "TMW" or (ch == "w" and i < len(args) and args[i][:1].isdigit()):
                value = letters[k + 1:] or (args[i] if i < len(args) else None)
                if value is None:
                    return CommandResult("", f"iptables-restore: option requires an argument -- '{ch}'\n"
                                         + RESTORE_USAGE_TRY, 1)
                if not letters[k + 1:]:
                    i += 1
                if ch == "T":
                    only = value
                break
            if ch == "n":
                noflush = True
            elif ch == "c":
                counters = True
            elif ch == "t":
                test = True
            elif ch == "V":
                return CommandResult(f"iptables-restore {VERSION}\n", "", 0)
            elif ch == "h":
                return CommandResult("", RESTORE_HELP, 0)
            elif ch not in "vw4":
                return CommandResult("", f"iptables-restore: invalid option -- '{ch}'\n" + RESTORE_USAGE_TRY, 1)
    if len(files) > 1:
        return CommandResult("", "Unknown arguments found on commandline\n", 1)
    if files:
        try:
            from course_lib.shell.fs import read_file
            stdin = read_file(ctx, files[0])
        except Exception:               # noqa: BLE001 - a missing or unreadable file
            return CommandResult("", f"Can't open {files[0]}: No such file or directory\n", 1)
    nf = netfilter_of(ctx.netns)
    saved = dict(nf.tables)
    collecting = gc.isenabled()
    gc.disable()       # a restore makes thousands of rules and no cycles: no need to walk the whole lab for them
    try:
        restore(ctx, stdin, noflush, counters, only, test)
    except RestoreError as e:
        nf.recompute()
        return CommandResult(e.stdout, e.stderr, e.rc)
    except Exception as e:      # noqa: BLE001 - never a traceback to a learner
        nf.tables.clear()
        nf.tables.update(saved)
        return CommandResult("", f"iptables-restore: {e}\n", 1)
    finally:
        if collecting:
            gc.enable()
    nf.recompute()
    return CommandResult("", "", 0)


__all__ = ["iptables_save", "iptables_restore", "restore_rules", "validate_rule"]


def restore_rules(netns: Any, text: str, noflush: bool = True) -> CommandResult:
    """Load iptables-restore text into a model netns (for kube-proxy, Docker and CNI code in Python)."""
    from course_lib.shell.context import ExecContext
    ctx = ExecContext(machine=netns.machine, netns=netns)
    return iptables_restore(ctx, ["iptables-restore"] + (["--noflush"] if noflush else []), text)
