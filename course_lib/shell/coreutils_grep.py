"""GNU grep 3.8: BRE/ERE/fixed patterns translated to Python regexes, with grep's options and exit codes."""
from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING, Optional

from course_lib.result import CommandResult
from course_lib.shell.coreutils_common import UsageError, getopt, read_operand, split_lines
from course_lib.shell.fs import FsError
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information."
_CLASS = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
          "space": r" \t\n\r\f\v", "blank": r" \t", "punct": r"!-/:-@\[-`{-~", "xdigit": "0-9A-Fa-f",
          "word": r"\w", "cntrl": r"\x00-\x1f\x7f", "print": r" -~", "graph": r"!-~"}


class RegexError(Exception):
    pass


def _bracket(pattern: str, i: int) -> tuple[str, int]:
    """Translate a bracket expression starting at pattern[i] == '['; returns (python, next index)."""
    j = i + 1
    out = ["["]
    if j < len(pattern) and pattern[j] in "^!":
        out.append("^")
        j += 1
    first = True
    while j < len(pattern):
        c = pattern[j]
        if c == "]" and not first:
            out.append("]")
            return "".join(out), j + 1
        if c == "[" and pattern.startswith("[:", j):
            end = pattern.find(":]", j + 2)
            if end < 0:
                raise RegexError("Unmatched [, [^, [:, [., or [=")
            name = pattern[j + 2:end]
            if name not in _CLASS:
                raise RegexError("Invalid character class name")
            out.append(_CLASS[name])
            j = end + 2
        elif c in "\\[]^-" and not (c == "-"):
            out.append("\\" + c)
            j += 1
        else:
            out.append(c)
            j += 1
        first = False
    raise RegexError("Unmatched [, [^, [:, [., or [=")


def translate(pattern: str, extended: bool) -> str:
    """A POSIX basic/extended regular expression as a Python one."""
    out: list[str] = []
    i, n = 0, len(pattern)
    depth = 0
    while i < n:
        c = pattern[i]
        at_start = not out or out[-1] in ("(", "|", "^")
        if c == "\\" and i + 1 < n:
            d = pattern[i + 1]
            i += 2
            if d in "<>":
                out.append(r"\b")
            elif d in "wWsSbB":
                out.append("\\" + d)
            elif not extended and d in "(){}|+?":
                if d == "(":
                    depth += 1
                elif d == ")":
                    if depth == 0:
                        raise RegexError("Unmatched ) or \\)")
                    depth -= 1
                out.append(d)
            elif d.isdigit():
                out.append("\\" + d)
            else:
                out.append(re.escape(d))
            continue
        if c == "\\":
            raise RegexError("Trailing backslash")
        if c == "[":
            text, i = _bracket(pattern, i)
            out.append(text)
            continue
        i += 1
        if c == "*" and at_start:
            out.append(r"\*")
        elif not extended and c in "(){}|+?":
            out.append("\\" + c)
        elif extended and c == "(":
            depth += 1
            out.append(c)
        elif extended and c == ")":
            if depth == 0:
                out.append(r"\)")
            else:
                depth -= 1
                out.append(c)
        elif extended and c == "{" and not re.match(r"\d*(,\d*)?\}", pattern[i:]):
            out.append(r"\{")
        elif extended and c in "+?" and at_start:
            out.append("\\" + c)
        elif c == "^" and not (at_start or extended):
            out.append(r"\^")
        elif c == "$" and not extended and i < n and not pattern.startswith("\\)", i) \
                and not pattern.startswith("\\|", i):
            out.append(r"\$")
        elif c in ".^$*+?{}|()":
            out.append(c)
        else:
            out.append(re.escape(c))
    if depth:
        raise RegexError("Unmatched ( or \\(")
    return "".join(out)


def compile_patterns(patterns: list[str], extended: bool, fixed: bool, ignore_case: bool,
                     word: bool, line: bool) -> re.Pattern[str]:
    pieces = [re.escape(p) if fixed else translate(p, extended) for p in patterns]
    body = "|".join(f"(?:{p})" for p in pieces)
    if word:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    if line:
        body = rf"^(?:{body})$"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return re.compile(body, re.IGNORECASE if ignore_case else 0)
    except re.error as error:
        text = str(error)
        if "missing )" in text or "unterminated subpattern" in text:
            raise RegexError("Unmatched ( or \\(") from None
        if "unbalanced parenthesis" in text:
            raise RegexError("Unmatched ) or \\)") from None
        if "nothing to repeat" in text or "multiple repeat" in text:
            raise RegexError("Invalid preceding regular expression") from None
        raise RegexError("Invalid regular expression") from None


@command("grep", "egrep", "fgrep")
def grep(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "ivEFGcwxnoqslLHhe:f:rRA:B:C:m:Pa", {
            "ignore-case": "-i", "invert-match": "-v", "extended-regexp": "-E", "fixed-strings": "-F",
            "basic-regexp": "-G", "count": "-c", "word-regexp": "-w", "line-regexp": "-x",
            "line-number": "-n", "only-matching": "-o", "quiet": "-q", "silent": "-q",
            "no-messages": "-s", "files-with-matches": "-l", "files-without-match": "-L",
            "with-filename": "-H", "no-filename": "-h", "regexp=": "-e", "recursive": "-r",
            "after-context=": "-A", "before-context=": "-B", "context=": "-C", "max-count=": "-m",
            "color=": "--color", "colour=": "--color", "color": "--color", "perl-regexp": "-P",
            "text": "-a"}, rc=2, usage=USAGE)
    except UsageError as error:
        return CommandResult("", error.message + "\n", 2)
    prog = argv[0].rsplit("/", 1)[-1]
    patterns = opts.values("-e")
    operands = list(opts.operands)
    if not patterns and not opts.has("-f"):
        if not operands:
            return CommandResult("", USAGE + "\n", 2)
        patterns = [operands.pop(0)]
    patterns = [p for pat in patterns for p in pat.split("\n")]
    extended = opts.has("-E", "-P") or prog == "egrep"
    fixed = opts.has("-F") or prog == "fgrep"
    try:
        context_after = int(opts.value("-A") or opts.value("-C") or 0)
        context_before = int(opts.value("-B") or opts.value("-C") or 0)
        max_count = int(opts.value("-m")) if opts.value("-m") is not None else None
        regex = compile_patterns(patterns, extended, fixed, opts.has("-i"), opts.has("-w"), opts.has("-x"))
    except RegexError as error:
        return CommandResult("", f"grep: {error}\n", 2)
    except ValueError:
        return CommandResult("", "grep: invalid context length argument\n", 2)
    files = _expand_recursive(ctx, operands, opts.has("-r", "-R")) if operands else ["-"]
    show_name = opts.has("-H") or (len(files) > 1 and not opts.has("-h")) or (opts.has("-r", "-R") and not opts.has("-h"))
    out: list[str] = []
    err: list[str] = []
    matched_any = False
    failed = False
    for name in files:
        try:
            text = read_operand(ctx, name, stdin)
        except FsError as error:
            failed = True
            if not opts.has("-s"):
                err.append(f"grep: {name}: {error.strerror}\n")
            continue
        label = "(standard input)" if name == "-" else name
        count, hits = _grep_text(text, regex, opts, label if show_name else None, max_count,
                                 context_before, context_after)
        matched_any = matched_any or count > 0
        if opts.has("-q"):
            if matched_any:
                return CommandResult("", "".join(err), 0)
            continue
        if opts.has("-l"):
            if count:
                out.append(label + "\n")
        elif opts.has("-L"):
            if not count:
                out.append(label + "\n")
        elif opts.has("-c"):
            out.append((f"{label}:" if show_name else "") + f"{count}\n")
        else:
            out.extend(hits)
    rc = 2 if failed and not (opts.has("-q") and matched_any) else (0 if matched_any else 1)
    return CommandResult("".join(out), "".join(err), rc)


def _expand_recursive(ctx: "ExecContext", operands: list[str], recursive: bool) -> list[str]:
    if not recursive:
        return operands
    from course_lib.shell.fs_view import View
    view = View(ctx)
    out: list[str] = []

    def walk(path: str) -> None:
        if view.is_dir(path):
            for name in view.listdir(path):
                walk(path.rstrip("/") + "/" + name)
        else:
            out.append(path)
    for operand in operands:
        walk(operand)
    return out


def _grep_text(text: str, regex: re.Pattern[str], opts, label: Optional[str], max_count: Optional[int],
               before: int, after: int) -> tuple[int, list[str]]:
    invert, numbers, only = opts.has("-v"), opts.has("-n"), opts.has("-o")
    lines = split_lines(text)
    count = 0
    hits: list[str] = []
    last_printed = -1
    pending_after = 0

    def emit(index: int, sep: str) -> None:
        nonlocal last_printed
        if (before or after) and last_printed >= 0 and index > last_printed + 1:
            hits.append("--\n")
        prefix = (f"{label}{sep}" if label else "") + (f"{index + 1}{sep}" if numbers else "")
        hits.append(prefix + lines[index] + "\n")
        last_printed = index

    for index, line in enumerate(lines):
        if max_count is not None and count >= max_count:
            if pending_after and index > last_printed:
                emit(index, "-")
                pending_after -= 1
                continue
            break
        found = regex.search(line) is not None
        if found != invert:
            count += 1
            if only and not invert:
                prefix = (f"{label}:" if label else "") + (f"{index + 1}:" if numbers else "")
                hits.extend(prefix + m.group(0) + "\n" for m in regex.finditer(line) if m.group(0))
                continue
            for b in range(max(index - before, last_printed + 1), index):
                emit(b, "-")
            emit(index, ":")
            pending_after = after
        elif pending_after:
            emit(index, "-")
            pending_after -= 1
    return count, hits
