"""Helpers shared by the coreutils: GNU-style option parsing, reading file operands, usage errors."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from course_lib.result import CommandResult
from course_lib.shell.fs import FsError

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext


class UsageError(Exception):
    """A command-line error: the text to print (without the trailing newline) and the exit code."""

    def __init__(self, message: str, returncode: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.returncode = returncode


def usage_result(error: UsageError) -> CommandResult:
    return CommandResult("", error.message + "\n", error.returncode)


def try_help(prog: str) -> str:
    return f"Try '{prog} --help' for more information."


@dataclass
class Options:
    flags: list[tuple[str, Optional[str]]] = field(default_factory=list)   # (option, value)
    operands: list[str] = field(default_factory=list)

    def has(self, *names: str) -> bool:
        return any(name in names for name, _ in self.flags)

    def value(self, *names: str) -> Optional[str]:
        found = None
        for name, value in self.flags:
            if name in names:
                found = value
        return found

    def values(self, *names: str) -> list[str]:
        return [v for n, v in self.flags if n in names and v is not None]


def getopt(argv: list[str], shorts: str, longs: Optional[dict[str, str]] = None, rc: int = 1,
           usage: Optional[str] = None, permute: bool = True) -> Options:
    """GNU getopt_long: `shorts` like "n:vc" (a colon = takes a value); `longs` maps long names to
    short ones or to themselves (a trailing `=` = takes a value). Errors raise UsageError."""
    prog = argv[0].rsplit("/", 1)[-1]
    longs = longs or {}
    tail = usage or try_help(prog)
    opts = Options()
    args = argv[1:]
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            opts.operands.extend(args[i:])
            break
        if arg.startswith("--") and len(arg) > 2:
            name, eq, value = arg[2:].partition("=")
            matches = [k for k in longs if k.rstrip("=") == name] or \
                [k for k in longs if k.rstrip("=").startswith(name)]
            if len({k.rstrip("=") for k in matches}) == 1 and len(matches) > 1:
                matches = [k for k in matches if k.endswith("=") == bool(eq)] or matches[:1]
            if len(matches) != 1:
                what = "unrecognized" if not matches else "ambiguous"
                raise UsageError(f"{prog}: {what} option '--{name}'\n{tail}", rc)
            key = matches[0]
            target = longs[key]
            if key.endswith("="):
                if not eq:
                    if i >= len(args):
                        raise UsageError(f"{prog}: option '--{key[:-1]}' requires an argument\n{tail}", rc)
                    value = args[i]
                    i += 1
                opts.flags.append((target, value))
            else:
                if eq:
                    raise UsageError(f"{prog}: option '--{key}' doesn't allow an argument\n{tail}", rc)
                opts.flags.append((target, None))
            continue
        if arg.startswith("-") and len(arg) > 1:
            j = 1
            while j < len(arg):
                letter = arg[j]
                pos = shorts.find(letter)
                if pos < 0 or letter == ":":
                    raise UsageError(f"{prog}: invalid option -- '{letter}'\n{tail}", rc)
                if pos + 1 < len(shorts) and shorts[pos + 1] == ":":
                    value = arg[j + 1:]
                    if not value:
                        if i >= len(args):
                            raise UsageError(f"{prog}: option requires an argument -- '{letter}'\n{tail}", rc)
                        value = args[i]
                        i += 1
                    opts.flags.append(("-" + letter, value))
                    break
                opts.flags.append(("-" + letter, None))
                j += 1
            continue
        opts.operands.append(arg)
        if not permute:
            opts.operands.extend(args[i:])
            break
    return opts


def read_operand(ctx: "ExecContext", name: str, stdin: str) -> str:
    """The text of a file operand ("-" is stdin); raises FsError."""
    if name == "-":
        return stdin
    from course_lib.shell.fs_view import View
    return View(ctx).read(name)


def read_inputs(ctx: "ExecContext", names: list[str], stdin: str, prog: str,
                fmt: str = "{prog}: {name}: {err}") -> tuple[list[tuple[str, str]], list[str]]:
    """(name, text) for each readable operand (stdin when none), and the error lines for the others."""
    texts: list[tuple[str, str]] = []
    errors: list[str] = []
    for name in names or ["-"]:
        try:
            texts.append((name, read_operand(ctx, name, stdin)))
        except FsError as error:
            errors.append(fmt.format(prog=prog, name=name, err=error.strerror) + "\n")
    return texts, errors


def split_lines(text: str) -> list[str]:
    """Lines without their newlines (a last line without newline still counts)."""
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def join_lines(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def utf8_locale(ctx: "ExecContext") -> bool:
    """Whether the locale's charset (LC_ALL, then LC_CTYPE, then LANG) is UTF-8."""
    env = getattr(ctx, "env", None) or {}
    locale = env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or ""
    return "utf8" in locale.lower().replace("-", "")


def locale_quotes(ctx: "ExecContext", result: CommandResult) -> CommandResult:
    """gnulib's quote() in the command's locale: ‘x’ in a UTF-8 one, 'x' otherwise (LANG=C)."""
    if "‘" not in result.stderr or utf8_locale(ctx):
        return result
    return CommandResult(result.stdout, result.stderr.replace("‘", "'").replace("’", "'"), result.returncode)
