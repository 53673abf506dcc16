"""echo, printf, test/[, true and false: bash's builtins, also runnable as /usr/bin programs."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Optional

from course_lib.result import CommandResult
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "r": "\r",
                   "v": "\v", "e": "\x1b", "E": "\x1b", '"': '"', "'": "'"}


class _Stop(Exception):
    """\\c: stop all further output."""


def backslash_escapes(text: str, echo_style: bool) -> tuple[str, bool]:
    """Interpret escapes as echo -e / printf %b do (\\0NNN octal); returns (text, stopped by \\c)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        d = text[i + 1]
        if d == "c":
            return "".join(out), True
        if d in _SIMPLE_ESCAPES and not (d in "\"'" and echo_style):
            out.append(_SIMPLE_ESCAPES[d])
            i += 2
        elif d == "0":
            j = i + 2
            while j < n and j < i + 5 and text[j] in "01234567":
                j += 1
            out.append(chr(int(text[i + 2:j] or "0", 8) & 0xFF))
            i = j
        elif d in "1234567" and not echo_style:
            j = i + 1
            while j < n and j < i + 4 and text[j] in "01234567":
                j += 1
            out.append(chr(int(text[i + 1:j], 8) & 0xFF))
            i = j
        elif d == "x" and i + 2 < n and text[i + 2] in "0123456789abcdefABCDEF":
            j = i + 2
            while j < n and j < i + 4 and text[j] in "0123456789abcdefABCDEF":
                j += 1
            out.append(chr(int(text[i + 2:j], 16)))
            i = j
        elif d in "uU" and i + 2 < n and text[i + 2] in "0123456789abcdefABCDEF":
            j = i + 2
            limit = i + (6 if d == "u" else 10)
            while j < n and j < limit and text[j] in "0123456789abcdefABCDEF":
                j += 1
            out.append(chr(int(text[i + 2:j], 16)))
            i = j
        else:
            out.append("\\" + d)
            i += 2
    return "".join(out), False


# ---- echo -----------------------------------------------------------------------------------------

def echo_impl(argv: list[str]) -> CommandResult:
    args = argv[1:]
    newline, escapes = True, False
    while args and re.fullmatch(r"-[neE]+", args[0]):
        for flag in args.pop(0)[1:]:
            if flag == "n":
                newline = False
            elif flag == "e":
                escapes = True
            else:
                escapes = False
    text = " ".join(args)
    if escapes:
        text, stopped = backslash_escapes(text, echo_style=True)
        if stopped:
            return CommandResult(text, "", 0)
    return CommandResult(text + ("\n" if newline else ""), "", 0)


@command("echo")
def echo_cmd(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    return echo_impl(argv)


# ---- printf ---------------------------------------------------------------------------------------

_SPEC = re.compile(r"%([-+ #0']*)(\*|\d+)?(?:\.(\*|\d*))?(hh|h|ll|l|L|j|z|t)?(.?)")


def _int_arg(arg: str, prog: str, errors: list[str]) -> int:
    text = arg.strip()
    if not arg:                 # an empty argument is 0 (bash's and coreutils' printf alike)
        return 0
    if text[:1] in ("'", '"'):
        return ord(text[1]) if len(text) > 1 else 0
    m = re.match(r"[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)", text)
    if not m:
        errors.append(_num_error(prog, arg, "invalid number" if prog.startswith("bash") else
                                 "expected a numeric value"))
        return 0
    body = m.group(0)
    sign = -1 if body.startswith("-") else 1
    digits = body.lstrip("+-")
    value = int(digits, 16) if digits[:2].lower() == "0x" else int(digits, 8) if digits.startswith("0") \
        else int(digits)
    if m.end() != len(text):
        errors.append(_num_error(prog, arg, "invalid number" if prog.startswith("bash") else
                                 "value not completely converted"))
    return sign * value


def _num_error(prog: str, arg: str, why: str) -> str:
    return f"{prog}: {arg}: {why}\n" if prog.startswith("bash") else f"{prog}: ‘{arg}’: {why}\n"


def _float_arg(arg: str, prog: str, errors: list[str]) -> float:
    if not arg:
        return 0.0
    try:
        return float(arg)
    except ValueError:
        hexa = re.fullmatch(r"\s*([+-]?)0[xX]([0-9a-fA-F]*\.?[0-9a-fA-F]*(?:[pP][+-]?\d+)?)", arg)
        if hexa and hexa.group(2).strip("."):                 # strtold reads C99 hexadecimal floats
            return float.fromhex(hexa.group(1) + "0x" + hexa.group(2))
        if arg[:1] in ("'", '"') and len(arg) > 1:
            return float(ord(arg[1]))
        errors.append(_num_error(prog, arg, "invalid number" if prog.startswith("bash") else
                                 "expected a numeric value"))
        return 0.0


def xtrace_quote(text: str) -> str:
    """A word as `set -x` shows it: bare when safe, else in single quotes."""
    if text and re.fullmatch(r"[A-Za-z0-9_./:=@%+,^-]+", text):
        return text
    return "'" + text.replace("'", "'\\''") + "'"


def xtrace(shell: Any, text: str) -> None:
    """One `set -x` line: PS4 (default `+ `) with its first character once more per command substitution level."""
    ps4 = shell.vars.get("PS4", "+ ")
    shell.err((ps4[:1] * (1 + shell.subst_level) + ps4[1:] if ps4 else "") + text + "\n")


_ANSI = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
         "\x1b": "\\E", "\\": "\\\\", "'": "\\'"}


def ansi_quote(text: str) -> str:
    """bash's $'...' quoting of a text holding control characters (ansic_quote: octal for the unnamed ones)."""
    return "$'" + "".join(_ANSI.get(c) or (f"\\{ord(c):03o}" if ord(c) < 32 or ord(c) == 127 else c)
                          for c in text) + "'"


def _shell_quote(text: str) -> str:
    if text == "":
        return "''"
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        return ansi_quote(text)
    return re.sub(r"([^A-Za-z0-9_./,:=@%+-])", r"\\\1", text)


def printf_impl(argv: list[str], prog: str = "printf") -> CommandResult:
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        usage = "printf: usage: printf [-v var] format [arguments]\n" if prog.startswith("bash") else \
            "printf: missing operand\nTry 'printf --help' for more information.\n"
        return CommandResult("", usage, 2 if prog.startswith("bash") else 1)
    fmt, rest = args[0], args[1:]
    out: list[str] = []
    errors: list[str] = []
    index = 0
    while True:
        used_any = False
        i = 0
        while i < len(fmt):
            c = fmt[i]
            if c == "\\":
                j = i + 1
                if j < len(fmt) and fmt[j] in "01234567":
                    k = j
                    while k < len(fmt) and k < j + 3 and fmt[k] in "01234567":
                        k += 1
                    out.append(chr(int(fmt[j:k], 8) & 0xFF))
                    i = k
                    continue
                end = i + 2
                if j < len(fmt) and fmt[j] in "xuU":
                    end = j + 1
                    limit = j + {"x": 3, "u": 5, "U": 9}[fmt[j]]
                    while end < len(fmt) and end < limit and fmt[end] in "0123456789abcdefABCDEF":
                        end += 1
                text, _ = backslash_escapes(fmt[i:end], echo_style=False)
                out.append(text)
                i = end
                continue
            if c != "%":
                out.append(c)
                i += 1
                continue
            if fmt.startswith("%%", i):
                out.append("%")
                i += 2
                continue
            m = _SPEC.match(fmt, i)
            assert m is not None
            flags, width, precision, _, conv = m.groups()
            if not conv or conv not in "diouxXfFeEgGcsbqaA":
                spec = fmt[i:m.end()] if conv else fmt[i:]
                return CommandResult("".join(out), f"{prog}: `{spec}': missing format character\n"
                                     if not conv else f"{prog}: `{conv}': invalid format character\n", 1)
            i = m.end()

            def take() -> Optional[str]:
                nonlocal index, used_any
                if index < len(rest):
                    index += 1
                    used_any = True
                    return rest[index - 1]
                return None

            if width == "*":
                width = str(_int_arg(take() or "0", prog, errors))
            if precision == "*":
                precision = str(_int_arg(take() or "0", prog, errors))
            width = str(min(int(width), 100000)) if width and width.lstrip("-").isdigit() else width
            precision = str(min(int(precision), 100000)) if precision and precision.isdigit() else precision
            arg = take()
            spec = "%" + flags.replace("'", "") + (width or "") + ("." + precision if precision is not None
                                                                   else "")
            if conv in "diouxX":
                value = _int_arg(arg, prog, errors) if arg is not None else 0
                pyconv = "d" if conv in "iu" else conv
                if conv in "ouxX" and value < 0:
                    value &= (1 << 64) - 1
                if "#" in flags and conv in "oxX":        # C's alternate form: no prefix on 0, octal's is 0
                    spec = spec.replace("#", "")
                    if conv == "o" and value:
                        out.append((spec + "s") % ("0" + format(value, "o")))
                        continue
                    if value:
                        spec = spec.replace("%", "%#", 1)
                out.append((spec + pyconv) % value)
            elif conv in "fFeEgGaA":
                value_f = _float_arg(arg, prog, errors) if arg is not None else 0.0
                out.append((spec + (conv if conv not in "aA" else "e")) % value_f)
            elif conv == "c":
                out.append((spec + "s") % ((arg or "")[:1] or "\0"))
            elif conv == "b":
                text, stopped = backslash_escapes(arg or "", echo_style=True)
                out.append((spec + "s") % text)
                if stopped:
                    return CommandResult("".join(out), "".join(errors), 1 if errors else 0)
            elif conv == "q":
                out.append((spec + "s") % _shell_quote(arg or ""))
            else:
                out.append((spec + "s") % (arg or ""))
        if not used_any or index >= len(rest):
            break
    return CommandResult("".join(out), "".join(errors), 1 if errors else 0)


@command("printf")
def printf_cmd(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    return printf_impl(argv, prog=argv[0])


# ---- test / [ -------------------------------------------------------------------------------------

_UNARY = {"-e", "-f", "-d", "-s", "-r", "-w", "-x", "-z", "-n", "-L", "-h", "-b", "-c", "-p", "-S", "-t",
          "-g", "-u", "-k", "-O", "-G", "-N", "-a", "-o", "-v"}
_INT_OPS = {"-eq", "-ne", "-lt", "-le", "-gt", "-ge"}
_STR_OPS = {"=", "==", "!=", "<", ">", "-nt", "-ot", "-ef"}


class _TestError(Exception):
    pass


def _unary(ctx: "ExecContext", op: str, arg: str) -> bool:
    if op == "-z":
        return arg == ""
    if op == "-n":
        return arg != ""
    if op in ("-t", "-v"):
        return False
    from course_lib.shell.fs_view import View
    if op in ("-L", "-h"):
        link = View(ctx).lstat(arg) if arg else None
        return link is not None and link.is_link
    node = View(ctx).stat(arg) if arg else None
    if op in ("-e", "-a", "-r", "-w"):
        return node is not None
    if op == "-f":
        return node is not None and not node.is_dir
    if op == "-d":
        return node is not None and node.is_dir
    if op == "-s":
        return node is not None and (node.is_dir or bool(node.data))
    if op == "-x":
        return node is not None and bool(node.mode & 0o111)
    return False


def _integer(text: str) -> int:
    if not re.fullmatch(r"\s*[+-]?\d+\s*", text):
        raise _TestError(f"{text}: integer expression expected")
    return int(text)


def _binary(left: str, op: str, right: str) -> bool:
    if op in _INT_OPS:
        a, b = _integer(left), _integer(right)
        return {"-eq": a == b, "-ne": a != b, "-lt": a < b, "-le": a <= b, "-gt": a > b, "-ge": a >= b}[op]
    if op in ("=", "=="):
        return left == right
    if op == "!=":
        return left != right
    if op == "<":
        return left < right
    if op == ">":
        return left > right
    return False


def _evaluate(ctx: "ExecContext", args: list[str]) -> bool:
    n = len(args)
    if n == 0:
        return False
    if n == 1:
        return args[0] != ""
    if n == 2:
        if args[0] == "!":
            return args[1] == ""
        if args[0] in _UNARY:
            return _unary(ctx, args[0], args[1])
        raise _TestError(f"{args[0]}: unary operator expected")
    if n == 3:
        if args[1] in _INT_OPS or args[1] in _STR_OPS:
            return _binary(args[0], args[1], args[2])
        if args[1] == "-a":
            return args[0] != "" and args[2] != ""
        if args[1] == "-o":
            return args[0] != "" or args[2] != ""
        if args[0] == "!":
            return not _evaluate(ctx, args[1:])
        if args[0] == "(" and args[2] == ")":
            return args[1] != ""
        raise _TestError(f"{args[1]}: binary operator expected")
    if n == 4:
        if args[0] == "!":
            return not _evaluate(ctx, args[1:])
        if args[0] == "(" and args[3] == ")":
            return _evaluate(ctx, args[1:3])
    for i, a in enumerate(args):
        if a == "-o" and 0 < i < n - 1:
            return _evaluate(ctx, args[:i]) or _evaluate(ctx, args[i + 1:])
    for i, a in enumerate(args):
        if a == "-a" and 0 < i < n - 1:
            return _evaluate(ctx, args[:i]) and _evaluate(ctx, args[i + 1:])
    if args[0] == "!":
        return not _evaluate(ctx, args[1:])
    if args[0] == "(" and args[-1] == ")":
        return _evaluate(ctx, args[1:-1])
    if n >= 3 and args[1] not in _INT_OPS | _STR_OPS:
        raise _TestError(f"{args[1]}: binary operator expected")
    raise _TestError("too many arguments")


def test_impl(ctx: "ExecContext", argv: list[str], prog: str = "test") -> CommandResult:
    args = argv[1:]
    if argv[0].endswith("["):
        if not args or args[-1] != "]":
            return CommandResult("", f"{prog}: missing `]'\n", 2)
        args = args[:-1]
    try:
        return CommandResult("", "", 0 if _evaluate(ctx, args) else 1)
    except _TestError as error:
        return CommandResult("", f"{prog}: {error}\n", 2)


@command("test", "[")
def test_cmd(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    return test_impl(ctx, argv, prog=argv[0])


@command("true")
def true_cmd(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    return CommandResult("", "", 0)


@command("false")
def false_cmd(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    return CommandResult("", "", 1)
