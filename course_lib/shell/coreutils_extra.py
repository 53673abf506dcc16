"""Smaller text tools: diff (normal and -u formats), rev, nl, paste, column -t, yes."""
from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from course_lib.result import CommandResult
from course_lib.shell.coreutils_common import UsageError, getopt, read_inputs, read_operand, usage_result
from course_lib.shell.fs import FsError
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext


def _range(a: int, b: int) -> str:
    """diff's line range: `a` (1-based) when one line, `a,b` otherwise."""
    return str(a + 1) if b - a == 1 else (str(a) if b == a else f"{a + 1},{b}")


def _normal(old: list[str], new: list[str]) -> list[str]:
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace":
            out.append(f"{_range(i1, i2)}c{_range(j1, j2)}\n")
        elif tag == "delete":
            out.append(f"{_range(i1, i2)}d{j1}\n")
        else:
            out.append(f"{i1}a{_range(j1, j2)}\n")
        out.extend(f"< {line}" for line in old[i1:i2])
        if tag == "replace":
            out.append("---\n")
        out.extend(f"> {line}" for line in new[j1:j2])
    return out


@command("diff")
def diff(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "uqU:", {"unified": "-u", "brief": "-q"}, rc=2)
        if len(opts.operands) != 2:
            what = "missing operand after" if len(opts.operands) < 2 else "extra operand"
            tail = f" '{opts.operands[-1]}'" if opts.operands else f" '{argv[0]}'"
            raise UsageError(f"diff: {what}{tail}\ndiff: Try 'diff --help' for more information.", 2)
    except UsageError as error:
        return usage_result(error)
    texts = []
    for name in opts.operands:
        try:
            texts.append(read_operand(ctx, name, stdin))
        except FsError as error:
            return CommandResult("", f"diff: {name}: {error.strerror}\n", 2)
    old = texts[0].splitlines(keepends=True)
    new = texts[1].splitlines(keepends=True)
    old = [l if l.endswith("\n") else l + "\n\\ No newline at end of file\n" for l in old]
    new = [l if l.endswith("\n") else l + "\n\\ No newline at end of file\n" for l in new]
    if old == new:
        return CommandResult("", "", 0)
    if opts.has("-q"):
        return CommandResult(f"Files {opts.operands[0]} and {opts.operands[1]} differ\n", "", 1)
    if opts.has("-u", "-U"):
        context = int(opts.value("-U") or 3)
        lines = list(difflib.unified_diff(old, new, opts.operands[0], opts.operands[1], n=context))
        lines[0] = f"--- {opts.operands[0]}\t1970-01-01 00:00:00.000000000 +0000\n"
        lines[1] = f"+++ {opts.operands[1]}\t1970-01-01 00:00:00.000000000 +0000\n"
        return CommandResult("".join(lines), "", 1)
    return CommandResult("".join(_normal(old, new)), "", 1)


@command("rev")
def rev(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    texts, errors = read_inputs(ctx, argv[1:], stdin, "rev", "{prog}: cannot open {name}: {err}")
    out = []
    for _, text in texts:
        for line in text.splitlines(keepends=True):
            body = line.rstrip("\n")
            out.append(body[::-1] + line[len(body):])
    return CommandResult("".join(out), "".join(errors), 1 if errors else 0)


@command("nl")
def nl(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    texts, errors = read_inputs(ctx, [a for a in argv[1:] if not a.startswith("-")], stdin, "nl")
    out, number = [], 0
    for _, text in texts:
        for line in text.splitlines(keepends=True):
            body = line.rstrip("\n")
            if body:
                number += 1
                out.append(f"{number:6d}\t{line}")
            else:
                out.append("       " + line)
    return CommandResult("".join(out), "".join(errors), 1 if errors else 0)


@command("paste")
def paste(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "d:s", {"delimiters=": "-d", "serial": "-s"})
    except UsageError as error:
        return usage_result(error)
    texts, errors = read_inputs(ctx, opts.operands, stdin, "paste")
    if errors:
        return CommandResult("", "".join(errors), 1)
    delims = (opts.value("-d") or "\t").replace("\\n", "\n").replace("\\t", "\t") or "\t"
    columns = [t.splitlines() for _, t in texts]
    out = []
    if opts.has("-s"):
        for col in columns:
            out.append("".join(v + (delims[i % len(delims)] if i < len(col) - 1 else "")
                               for i, v in enumerate(col)) + "\n")
    else:
        for row in range(max((len(c) for c in columns), default=0)):
            cells = [c[row] if row < len(c) else "" for c in columns]
            out.append("".join(v + (delims[i % len(delims)] if i < len(cells) - 1 else "")
                               for i, v in enumerate(cells)) + "\n")
    return CommandResult("".join(out), "", 0)


@command("column")
def column(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "ts:o:", {"table": "-t", "separator=": "-s", "output-separator=": "-o"})
    except UsageError as error:
        return usage_result(error)
    texts, errors = read_inputs(ctx, opts.operands, stdin, "column", "{prog}: {name}: {err}")
    lines = [line for _, t in texts for line in t.splitlines() if line.strip()]
    if not opts.has("-t"):
        return CommandResult("".join(l + "\n" for l in lines), "".join(errors), 1 if errors else 0)
    sep = opts.value("-s")
    rows = [([c for c in l.split(sep)] if sep else l.split()) for l in lines]
    widths: dict[int, int] = {}
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths.get(i, 0), len(cell))
    gap = opts.value("-o") or "  "
    out = [gap.join(cell.ljust(widths[i]) if i < len(row) - 1 else cell for i, cell in enumerate(row)) + "\n"
           for row in rows]
    return CommandResult("".join(out), "".join(errors), 1 if errors else 0)


YES_HELP = """\
Usage: yes [STRING]...
  or:  yes OPTION
Repeatedly output a line with all specified STRING(s), or 'y'.

      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/yes>
or available locally via: info '(coreutils) yes invocation'
"""
YES_LINES = 65536      # the simulation's bound on a `yes` that never ends (its reader stops it first)


@command("yes")
def yes(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    """The line (the operands, or `y`) again and again. A real `yes` writes until its reader closes the pipe
    and dies of SIGPIPE (status 141, as ${PIPESTATUS[0]} shows after `yes | head -3`); the simulation runs
    a pipeline's stages one after another, so `yes` writes YES_LINES lines and ends with that status."""
    try:
        opts = getopt(argv, "", {"help": "--help", "version": "--version"})
    except UsageError as error:
        return usage_result(error)
    if opts.flags:
        from course_lib.shell.coreutils_timeout import version
        return CommandResult(YES_HELP if opts.flags[0][0] == "--help" else version("yes", "David MacKenzie"), "", 0)
    line = " ".join(opts.operands) if opts.operands else "y"
    return CommandResult((line + "\n") * YES_LINES, "", 141)
