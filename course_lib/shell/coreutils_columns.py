"""Line and column filters of GNU coreutils 9.1: sort, uniq, cut, tr."""
from __future__ import annotations

import re
from functools import cmp_to_key
from typing import TYPE_CHECKING, Optional

from course_lib.result import CommandResult
from course_lib.shell.coreutils_common import (UsageError, getopt, join_lines, read_inputs, split_lines,
                                               try_help, usage_result)
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext


# ---- sort -----------------------------------------------------------------------------------------

def _num_prefix(text: str) -> float:
    m = re.match(r"\s*([+-]?\d*\.?\d+|[+-]?\d+)", text)
    return float(m.group(1)) if m else 0.0


_HUMAN = {"": 0, "K": 1, "M": 2, "G": 3, "T": 4, "P": 5, "k": 1}


def _human(text: str) -> tuple[int, float]:
    m = re.match(r"\s*([+-]?\d*\.?\d+)([KMGTPk]?)", text)
    return (_HUMAN[m.group(2)], float(m.group(1))) if m else (-1, 0.0)


def _version_key(text: str) -> list:
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|\D+", text)]


@command("sort")
def sort(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "nrufk:t:hVbo:sgcM", {
            "numeric-sort": "-n", "reverse": "-r", "unique": "-u", "ignore-case": "-f", "key=": "-k",
            "field-separator=": "-t", "human-numeric-sort": "-h", "version-sort": "-V",
            "ignore-leading-blanks": "-b", "output=": "-o", "stable": "-s", "general-numeric-sort": "-g"},
            rc=2)
        sep = opts.value("-t")
        if sep is not None and len(sep) != 1:
            raise UsageError("sort: multi-character tab ‘%s’" % sep, 2)
        keys = []
        for spec in opts.values("-k"):
            m = re.fullmatch(r"(\d+)(?:\.\d+)?([bdfgMhnrV]*)(?:,(\d+)(?:\.\d+)?([bdfgMhnrV]*))?", spec)
            if not m:
                bad = re.match(r"\d*", spec).group(0)  # type: ignore[union-attr]
                raise UsageError(f"sort: invalid number at field start: invalid count at start of "
                                 f"‘{spec[len(bad):] if bad else spec}’", 2)
            if int(m.group(1)) == 0:
                raise UsageError(f"sort: field number is zero: invalid field specification ‘{spec}’", 2)
            keys.append((int(m.group(1)), int(m.group(3)) if m.group(3) else None, m.group(2) + (m.group(4) or "")))
    except UsageError as error:
        return usage_result(error)
    texts, errors = read_inputs(ctx, opts.operands, stdin, "sort", "{prog}: cannot read: {name}: {err}")
    if errors:
        return CommandResult("", "".join(errors), 2)
    lines = [line for _, text in texts for line in split_lines(text)]

    def fields(line: str) -> list[str]:
        if sep is not None:
            return line.split(sep)
        return re.findall(r"\s*\S+", line) or [line]

    def key_text(line: str, start: int, end: Optional[int]) -> str:
        parts = fields(line)
        chosen = parts[start - 1:end] if end else parts[start - 1:]
        text = (sep or "").join(chosen)
        return text

    def compare_values(a: str, b: str, flags: str) -> int:
        if "n" in flags:
            x, y = _num_prefix(a), _num_prefix(b)
        elif "g" in flags:
            x, y = _num_prefix(a), _num_prefix(b)
        elif "h" in flags:
            x, y = _human(a), _human(b)  # type: ignore[assignment]
        elif "V" in flags:
            x, y = _version_key(a), _version_key(b)  # type: ignore[assignment]
        else:
            if "b" in flags:
                a, b = a.lstrip(), b.lstrip()
            if "f" in flags:
                a, b = a.upper(), b.upper()
            x, y = a, b  # type: ignore[assignment]
        return (x > y) - (x < y)

    global_flags = "".join(f[1] for f, _ in opts.flags if f in ("-n", "-f", "-h", "-V", "-b", "-g"))
    reverse = opts.has("-r")

    def compare(a: str, b: str) -> int:
        for start, end, flags in keys:
            local = flags.replace("r", "") or global_flags
            result = compare_values(key_text(a, start, end), key_text(b, start, end), local)
            if "r" in flags:
                result = -result
            if result:
                return -result if reverse and "r" not in flags else result
        if not keys:
            result = compare_values(a, b, global_flags)
            if result:
                return -result if reverse else result
        if opts.has("-u") or opts.has("-s"):
            return 0
        result = (a > b) - (a < b)
        return -result if reverse else result

    ordered = sorted(lines, key=cmp_to_key(compare))
    if opts.has("-u"):
        unique: list[str] = []
        for line in ordered:
            if not unique or compare(unique[-1], line) != 0:
                unique.append(line)
        ordered = unique
    output = join_lines(ordered)
    if opts.value("-o"):
        from course_lib.shell.fs_view import View
        View(ctx).write(opts.value("-o") or "", output)
        return CommandResult("", "", 0)
    return CommandResult(output, "", 0)


# ---- uniq -----------------------------------------------------------------------------------------

@command("uniq")
def uniq(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "cdufis:w:", {"count": "-c", "repeated": "-d", "unique": "-u",
                                          "ignore-case": "-i", "skip-fields=": "-f"})
        if len(opts.operands) > 2:
            raise UsageError(f"uniq: extra operand ‘{opts.operands[2]}’\n{try_help('uniq')}")
    except UsageError as error:
        return usage_result(error)
    texts, errors = read_inputs(ctx, opts.operands[:1], stdin, "uniq")
    if errors:
        return CommandResult("", "".join(errors), 1)
    groups: list[list[str]] = []

    def norm(line: str) -> str:
        return line.lower() if opts.has("-i") else line

    for line in split_lines(texts[0][1]):
        if groups and norm(groups[-1][0]) == norm(line):
            groups[-1].append(line)
        else:
            groups.append([line])
    out = []
    for group in groups:
        if opts.has("-d") and len(group) < 2:
            continue
        if opts.has("-u") and len(group) > 1:
            continue
        out.append(f"{len(group):7d} {group[0]}" if opts.has("-c") else group[0])
    text = join_lines(out)
    if len(opts.operands) == 2:
        from course_lib.shell.fs import FsError
        from course_lib.shell.fs_view import View
        try:
            View(ctx).write(opts.operands[1], text)
        except FsError as error:            # GNU uniq: freopen of OUTPUT fails
            return CommandResult("", f"uniq: {opts.operands[1]}: {error.strerror}\n", 1)
        return CommandResult("", "", 0)
    return CommandResult(text, "", 0)


# ---- cut ------------------------------------------------------------------------------------------

def _ranges(spec: str, what: str) -> list[tuple[int, int]]:
    ranges = []
    for piece in spec.split(","):
        m = re.fullmatch(r"(\d*)(-?)(\d*)", piece)
        if not m or (not m.group(1) and not m.group(3)):
            raise UsageError(f"cut: invalid {what} range\n{try_help('cut')}" if m and m.group(2)
                             else f"cut: invalid {what} value ‘{piece}’\n{try_help('cut')}")
        start = int(m.group(1)) if m.group(1) else 1
        end = int(m.group(3)) if m.group(3) else (start if not m.group(2) else 1 << 30)
        if start == 0 or (m.group(3) and int(m.group(3)) == 0):
            raise UsageError(f"cut: {what}s are numbered from 1\n{try_help('cut')}")
        if end < start:
            raise UsageError(f"cut: invalid decreasing range\n{try_help('cut')}")
        ranges.append((start, end))
    return ranges


def _selected(index: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= index <= b for a, b in ranges)


@command("cut")
def cut(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "d:f:c:b:sn", {"delimiter=": "-d", "fields=": "-f", "characters=": "-c",
                                           "bytes=": "-b", "only-delimited": "-s", "complement": "--complement",
                                           "output-delimiter=": "--output-delimiter"})
        lists = [f for f in ("-f", "-c", "-b") if opts.has(f)]
        if not lists:
            raise UsageError(f"cut: you must specify a list of bytes, characters, or fields\n{try_help('cut')}")
        if len(lists) > 1:
            raise UsageError(f"cut: only one type of list may be specified\n{try_help('cut')}")
        mode = lists[0]
        delim = opts.value("-d")
        if delim is not None and len(delim) != 1:
            raise UsageError(f"cut: the delimiter must be a single character\n{try_help('cut')}")
        if delim is not None and mode != "-f":
            raise UsageError("cut: an input delimiter may be specified only when operating on fields\n"
                             + try_help("cut"))
        ranges = _ranges(opts.value(mode) or "", "field" if mode == "-f" else
                         ("byte/character" if mode == "-c" else "byte/character"))
    except UsageError as error:
        return usage_result(error)
    delim = delim if delim is not None else "\t"
    out_delim = opts.value("--output-delimiter")
    complement = opts.has("--complement")
    texts, errors = read_inputs(ctx, opts.operands, stdin, "cut")
    out: list[str] = []
    for _, text in texts:
        for line in split_lines(text):
            if mode == "-f":
                if delim not in line:
                    if not opts.has("-s"):
                        out.append(line)
                    continue
                parts = line.split(delim)
                chosen = [p for i, p in enumerate(parts, 1) if _selected(i, ranges) != complement]
                out.append((delim if out_delim is None else out_delim).join(chosen))
            else:
                out.append("".join(c for i, c in enumerate(line, 1) if _selected(i, ranges) != complement))
    return CommandResult(join_lines(out), "".join(errors), 1 if errors else 0)


# ---- tr -------------------------------------------------------------------------------------------

_CLASSES = {
    "upper": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "lower": "abcdefghijklmnopqrstuvwxyz",
    "digit": "0123456789", "space": " \t\n\r\f\v", "blank": " \t",
    "punct": "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "xdigit": "0123456789ABCDEFabcdef",
}
_CLASSES["alpha"] = _CLASSES["upper"] + _CLASSES["lower"]
_CLASSES["alnum"] = _CLASSES["digit"] + _CLASSES["alpha"]
_TR_ESC = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _tr_set(spec: str) -> str:
    chars: list[str] = []
    i = 0
    while i < len(spec):
        m = re.match(r"\[:(\w+):\]", spec[i:])
        if m and m.group(1) in _CLASSES:
            chars.extend(_CLASSES[m.group(1)])
            i += m.end()
            continue
        if m:
            raise UsageError(f"tr: invalid character class ‘{m.group(1)}’")
        c = spec[i]
        if c == "\\" and i + 1 < len(spec):
            d = spec[i + 1]
            if d in "01234567":
                j = i + 1
                while j < len(spec) and j < i + 4 and spec[j] in "01234567":
                    j += 1
                c, i = chr(int(spec[i + 1:j], 8)), j
            else:
                c, i = _TR_ESC.get(d, d), i + 2
        else:
            i += 1
        if i + 1 < len(spec) and spec[i] == "-":
            end = spec[i + 1]
            step = 2
            if end == "\\" and i + 2 < len(spec):
                end, step = _TR_ESC.get(spec[i + 2], spec[i + 2]), 3
            if ord(end) < ord(c):
                raise UsageError(f"tr: range-endpoints of '{c}-{end}' are in reverse collating sequence order")
            chars.extend(chr(x) for x in range(ord(c), ord(end) + 1))
            i += step
            continue
        chars.append(c)
    return "".join(chars)


@command("tr")
def tr(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "dscCt", {"delete": "-d", "squeeze-repeats": "-s", "complement": "-c",
                                      "truncate-set1": "-t"})
        ops = opts.operands
        delete, squeeze = opts.has("-d"), opts.has("-s")
        if not ops:
            raise UsageError(f"tr: missing operand\n{try_help('tr')}")
        if len(ops) == 1 and not delete and not squeeze:
            raise UsageError(f"tr: missing operand after ‘{ops[0]}’\nTwo strings must be given when "
                             f"translating.\n{try_help('tr')}")
        limit = 2 if (not delete or squeeze) else 1
        if len(ops) > limit:
            raise UsageError(f"tr: extra operand ‘{ops[limit]}’\n" + (
                "Only one string may be given when deleting without squeezing repeats.\n" if delete else "")
                + try_help("tr"))
        set1 = _tr_set(ops[0])
        set2 = _tr_set(ops[1]) if len(ops) > 1 else ""
    except UsageError as error:
        return usage_result(error)
    text = stdin
    complement = opts.has("-c", "-C")

    def in_set1(ch: str) -> bool:
        return (ch in set1) != complement

    if delete:
        text = "".join(ch for ch in text if not in_set1(ch))
        squeeze_set = set2
    elif set2 or not squeeze:
        if complement:
            table = {ch: set2[-1] for ch in set(text) if ch not in set1} if set2 else {}
            text = "".join(table.get(ch, ch) for ch in text)
        else:
            padded = set2 + set2[-1] * max(0, len(set1) - len(set2)) if set2 else ""
            mapping = {}
            for index, ch in enumerate(set1):
                mapping[ch] = padded[index] if index < len(padded) else ch
            text = "".join(mapping.get(ch, ch) for ch in text)
        squeeze_set = set2
    else:
        squeeze_set = None  # type: ignore[assignment]
    if squeeze:
        out: list[str] = []
        for ch in text:
            member = (ch in squeeze_set) if squeeze_set is not None else in_set1(ch)
            if out and out[-1] == ch and member:
                continue
            out.append(ch)
        text = "".join(out)
    return CommandResult(text, "", 0)
