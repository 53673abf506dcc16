"""Text filters of GNU coreutils 9.1: cat, head, tail, wc, tee, base64, seq."""
from __future__ import annotations

import base64 as b64
import re
from typing import TYPE_CHECKING

from course_lib.result import CommandResult
from course_lib.shell.coreutils_common import UsageError, getopt, read_inputs, try_help, usage_result
from course_lib.shell.fs import FsError
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext


@command("cat")
def cat(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "nbEAsTve", {"number": "-n", "number-nonblank": "-b", "show-ends": "-E",
                                         "show-all": "-A", "squeeze-blank": "-s", "show-tabs": "-T"})
    except UsageError as error:
        return usage_result(error)
    texts, errors = read_inputs(ctx, opts.operands, stdin, "cat")
    out: list[str] = []
    number = 0
    for name, text in texts:
        if not (opts.has("-n", "-b", "-E", "-A", "-s", "-T", "-e")):
            out.append(text)
            continue
        prev_blank = False
        for line in text.splitlines(keepends=True):
            body = line[:-1] if line.endswith("\n") else line
            end = "\n" if line.endswith("\n") else ""
            if opts.has("-s") and body == "" and prev_blank:
                continue
            prev_blank = body == ""
            if opts.has("-T", "-A"):
                body = body.replace("\t", "^I")
            if opts.has("-E", "-A", "-e") and end:
                body += "$"
            if opts.has("-b") and body in ("", "$"):
                out.append(body + end)
                continue
            if opts.has("-n", "-b"):
                number += 1
                body = f"{number:6d}\t{body}"
            out.append(body + end)
    return CommandResult("".join(out), "".join(errors), 1 if errors else 0)


def _count(value: str, prog: str, what: str) -> tuple[int, bool]:
    """A head/tail count: (n, from_start/all_but) with GNU's error text."""
    m = re.fullmatch(r"([+-]?)(\d+)([bkKmMGT]?B?|)", value.strip())
    if not m:
        raise UsageError(f"{prog}: invalid number of {what}: ‘{value}’")
    mult = {"": 1, "b": 512, "k": 1024, "K": 1024, "kB": 1000, "m": 1048576, "M": 1048576,
            "MB": 1000000, "G": 1 << 30}.get(m.group(3), 1)
    return int(m.group(2)) * mult, bool(m.group(1))


def _legacy_count(argv: list[str]) -> list[str]:
    """head -5 / tail -5 / tail +5 -> -n 5 / -n +5."""
    out = [argv[0]]
    for index, arg in enumerate(argv[1:]):
        if argv[index] in ("-n", "-c", "--lines", "--bytes"):
            out.append(arg)
        elif re.fullmatch(r"-\d+", arg):
            out += ["-n", arg[1:]]
        elif re.fullmatch(r"\+\d+", arg) and argv[0].endswith("tail"):
            out += ["-n", arg]
        else:
            out.append(arg)
    return out


def _read_for(ctx: "ExecContext", names: list[str], stdin: str, prog: str) -> tuple[list, list[str]]:
    """head/tail operands: their error texts differ from cat's."""
    from course_lib.shell.coreutils_common import read_operand
    texts, errors = [], []
    for name in names or ["-"]:
        try:
            texts.append((name, read_operand(ctx, name, stdin)))
        except FsError as error:
            if error.strerror == "Is a directory":
                errors.append(f"{prog}: error reading '{name}': Is a directory\n")
                texts.append((name, ""))
            else:
                errors.append(f"{prog}: cannot open '{name}' for reading: {error.strerror}\n")
    return texts, errors


@command("head")
def head(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(_legacy_count(argv), "n:c:qvz", {"lines=": "-n", "bytes=": "-c", "quiet": "-q",
                                                       "silent": "-q", "verbose": "-v"})
        lines_arg, bytes_arg = opts.value("-n"), opts.value("-c")
        if bytes_arg is not None:
            count, negative = _count(bytes_arg, "head", "bytes")
            negative = bytes_arg.strip().startswith("-")
        else:
            count, negative = _count(lines_arg or "10", "head", "lines")
            negative = (lines_arg or "").strip().startswith("-")
    except UsageError as error:
        return usage_result(error)
    texts, errors = _read_for(ctx, opts.operands, stdin, "head")
    show_names = (len(opts.operands) > 1 and not opts.has("-q")) or opts.has("-v")
    out: list[str] = []
    for index, (name, text) in enumerate(texts):
        if show_names:
            out.append(("\n" if index else "") + f"==> {'standard input' if name == '-' else name} <==\n")
        if bytes_arg is not None:
            out.append(text[:-count or len(text)] if negative and count else ("" if negative else text[:count]))
            if negative and count >= len(text):
                out[-1] = ""
            continue
        pieces = text.splitlines(keepends=True)
        out.append("".join(pieces[:len(pieces) - count] if negative else pieces[:count]))
    return CommandResult("".join(out), "".join(errors), 1 if errors else 0)


@command("tail")
def tail(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(_legacy_count(argv), "n:c:qvfF", {"lines=": "-n", "bytes=": "-c", "quiet": "-q",
                                                        "follow": "-f", "verbose": "-v"})
        lines_arg, bytes_arg = opts.value("-n"), opts.value("-c")
        count, from_start = _count(bytes_arg if bytes_arg is not None else (lines_arg or "10"), "tail",
                                   "bytes" if bytes_arg is not None else "lines")
        from_start = (bytes_arg if bytes_arg is not None else (lines_arg or "")).strip().startswith("+")
    except UsageError as error:
        return usage_result(error)
    texts, errors = _read_for(ctx, opts.operands, stdin, "tail")
    show_names = (len(opts.operands) > 1 and not opts.has("-q")) or opts.has("-v")
    out: list[str] = []
    for index, (name, text) in enumerate(texts):
        if show_names:
            out.append(("\n" if index else "") + f"==> {'standard input' if name == '-' else name} <==\n")
        if bytes_arg is not None:
            out.append(text[max(count - 1, 0):] if from_start else (text[-count:] if count else ""))
            continue
        pieces = text.splitlines(keepends=True)
        out.append("".join(pieces[max(count - 1, 0):] if from_start else (pieces[-count:] if count else [])))
    return CommandResult("".join(out), "".join(errors), 1 if errors else 0)


@command("wc")
def wc(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "lwcmL", {"lines": "-l", "words": "-w", "bytes": "-c", "chars": "-m",
                                      "max-line-length": "-L"})
    except UsageError as error:
        return usage_result(error)
    which = [f for f in ("-l", "-w", "-m", "-c", "-L") if opts.has(f)] or ["-l", "-w", "-c"]
    names = opts.operands or ["-"]
    rows: list[tuple[list[int], str]] = []
    errors: list[str] = []
    regular_total, min_width = 0, 1
    from course_lib.shell.fs_view import View
    view = View(ctx)
    for name in names:
        if name == "-":
            text, min_width = stdin, 7
        else:
            try:
                node = view.stat(name)
                if node is not None and node.is_dir:
                    errors.append(f"wc: {name}: Is a directory\n")
                    rows.append(([0] * len(which), name))
                    min_width = 7
                    continue
                text = view.read(name)
            except FsError as error:
                errors.append(f"wc: {name}: {error.strerror}\n")
                continue
            if not view.resolve(name).startswith(("/proc/", "/sys/")):     # proc and sysfs files: st_size 0
                regular_total += len(text.encode())
        counts = {"-l": text.count("\n"), "-w": len(text.split()), "-c": len(text.encode()),
                  "-m": len(text), "-L": max((len(l) for l in text.split("\n")), default=0)}
        rows.append(([counts[f] for f in which], "" if name == "-" and not opts.operands else name))
    if len(rows) > 1:
        totals = [(max if f == "-L" else sum)(r[0][i] for r in rows) for i, f in enumerate(which)]
        rows.append((totals, "total"))
    width = max(len(str(regular_total)), min_width)
    if len(which) == 1 and len(names) == 1:
        width = 1
    out = []
    for counts, name in rows:
        line = " ".join(f"{c:>{width}}" for c in counts)
        out.append(line + (f" {name}" if name else "") + "\n")
    return CommandResult("".join(out), "".join(errors), 1 if errors else 0)


@command("tee")
def tee(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "aip", {"append": "-a", "ignore-interrupts": "-i"})
    except UsageError as error:
        return usage_result(error)
    from course_lib.shell.fs_view import View
    view = View(ctx)
    errors = []
    for name in opts.operands:
        try:
            view.open_write(name, append=opts.has("-a"))
            if stdin:
                view.write(name, stdin, append=True)
        except FsError as error:
            errors.append(f"tee: {name}: {error.strerror}\n")
    return CommandResult(stdin, "".join(errors), 1 if errors else 0)


def _b64_decode(data: bytes) -> tuple[bytes, bool]:
    """Decode base64 four characters at a time, as GNU base64 -d does (padding may end each
    group, so concatenated encodings decode); returns (what decoded, whether all was valid)."""
    out = bytearray()
    for start in range(0, len(data), 4):
        group = data[start:start + 4]
        if not re.fullmatch(rb"[A-Za-z0-9+/]{2,4}|[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=", group):
            good = re.match(rb"[A-Za-z0-9+/]*", group).group(0)  # type: ignore[union-attr]
            if len(good) >= 2:
                out += b64.b64decode(good + b"=" * (-len(good) % 4))
            return bytes(out), False
        if len(group) < 4 and b"=" not in group:
            out += b64.b64decode(group + b"=" * (-len(group) % 4))
            return bytes(out), False
        out += b64.b64decode(group)
    return bytes(out), True


@command("base64")
def base64_cmd(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "diw:", {"decode": "-d", "ignore-garbage": "-i", "wrap=": "-w"})
        if len(opts.operands) > 1:
            raise UsageError(f"base64: extra operand ‘{opts.operands[1]}’\n{try_help('base64')}")
        wrap_arg = opts.value("-w")
        wrap = 76
        if wrap_arg is not None:
            if not wrap_arg.isdigit():
                raise UsageError(f"base64: invalid wrap size: ‘{wrap_arg}’")
            wrap = int(wrap_arg)
    except UsageError as error:
        return usage_result(error)
    texts, errors = read_inputs(ctx, opts.operands, stdin, "base64")
    if errors:
        return CommandResult("", "".join(errors), 1)
    data = texts[0][1].encode("utf-8", "surrogateescape")
    if opts.has("-d"):
        cleaned = re.sub(rb"[\n\r]", b"", data)
        if opts.has("-i"):
            cleaned = re.sub(rb"[^A-Za-z0-9+/=]", b"", cleaned)
        decoded, valid = _b64_decode(cleaned)
        text = decoded.decode("utf-8", "surrogateescape")
        if not valid:
            return CommandResult(text, "base64: invalid input\n", 1)
        return CommandResult(text, "", 0)
    encoded = b64.b64encode(data).decode()
    if wrap and encoded:
        encoded = "\n".join(encoded[i:i + wrap] for i in range(0, len(encoded), wrap)) + "\n"
    return CommandResult(encoded, "", 0)


def _seq_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"seq: invalid floating point argument: ‘{text}’\n{try_help('seq')}") from None
    return value


@command("seq")
def seq(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    args = list(argv)
    numeric_negative = [i for i, a in enumerate(args) if i and re.fullmatch(r"-\d+(\.\d*)?", a)]
    try:
        cleaned = [a for i, a in enumerate(args) if i not in numeric_negative]
        opts = getopt(cleaned, "s:wf:", {"separator=": "-s", "equal-width": "-w", "format=": "-f"})
        operands = [a for i, a in enumerate(args) if i in numeric_negative or a in opts.operands]
        operands = [a for a in args[1:] if a in operands]
        if not operands:
            raise UsageError(f"seq: missing operand\n{try_help('seq')}")
        if len(operands) > 3:
            raise UsageError(f"seq: extra operand ‘{operands[3]}’\n{try_help('seq')}")
        numbers = [_seq_number(a) for a in operands]
    except UsageError as error:
        return usage_result(error)
    first, step, last = 1.0, 1.0, numbers[-1]
    if len(numbers) >= 2:
        first = numbers[0]
    if len(numbers) == 3:
        step = numbers[1]
        if step == 0:
            return CommandResult("", f"seq: invalid Zero increment value: ‘{operands[1]}’\n"
                                 f"{try_help('seq')}\n", 1)
    decimals = max((len(a.split(".", 1)[1]) if "." in a else 0) for a in operands[:-1] or ["0"])
    values = []
    value, index = first, 0
    while (step > 0 and value <= last + 1e-12) or (step < 0 and value >= last - 1e-12):
        values.append(value)
        index += 1
        value = first + index * step
        if index >= 200_000:       # the simulation bounds output (a real seq would go on)
            break
    fmt = opts.value("-f")
    texts = [(fmt % v if fmt else (f"{v:.{decimals}f}" if decimals else str(int(round(v))))) for v in values]
    if opts.has("-w") and texts:
        width = max(len(t) for t in texts)
        texts = [t.zfill(width) for t in texts]
    sep = opts.value("-s")
    sep = "\n" if sep is None else sep
    return CommandResult(sep.join(texts) + ("\n" if texts else ""), "", 0)
