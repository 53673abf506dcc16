"""GNU sed 4.9, the part learners use: s///, p, d, q, =, a/i/c, y, addresses (N, $, /re/, ranges,
!), -n, -e, -E/-r, -i. Other commands are refused with sed's own `unknown command` error."""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional, Union

from course_lib.result import CommandResult
from course_lib.shell.coreutils_common import UsageError, getopt, read_operand
from course_lib.shell.coreutils_grep import RegexError, translate
from course_lib.shell.fs import FsError
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

USAGE = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]..."
USAGE_LONG = USAGE + "\n\n" + """  -n, --quiet, --silent
                 suppress automatic printing of pattern space
      --debug
                 annotate program execution
  -e script, --expression=script
                 add the script to the commands to be executed
  -f script-file, --file=script-file
                 add the contents of script-file to the commands to be executed
  --follow-symlinks
                 follow symlinks when processing in place
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if SUFFIX supplied)
  -l N, --line-length=N
                 specify the desired line-wrap length for the `l' command
  --posix
                 disable all GNU extensions.
  -E, -r, --regexp-extended
                 use extended regular expressions in the script
                 (for portability use POSIX -E).
  -s, --separate
                 consider files as separate rather than as a single,
                 continuous long stream.
      --sandbox
                 operate in sandbox mode (disable e/r/w commands).
  -u, --unbuffered
                 load minimal amounts of data from the input files and flush
                 the output buffers more often
  -z, --null-data
                 separate lines by NUL characters
      --help     display this help and exit
      --version  output version information and exit

If no -e, --expression, -f, or --file option is given, then the first
non-option argument is taken as the sed script to interpret.  All
remaining arguments are names of input files; if no input files are
specified, then the standard input is read.

GNU sed home page: <https://www.gnu.org/software/sed/>.
General help using GNU software: <https://www.gnu.org/gethelp/>.
"""
Address = Union[int, str, re.Pattern[str], None]


class SedError(Exception):
    pass


@dataclass
class Cmd:
    name: str
    addr1: Address = None
    addr2: Address = None
    negate: bool = False
    regex: Optional[re.Pattern[str]] = None
    repl: str = ""
    count: int = 1            # which match to replace (s///N); 0 = all (g)
    print_: bool = False
    text: str = ""
    active: bool = field(default=False)


class _Script:
    def __init__(self, text: str, extended: bool, index: int) -> None:
        self.text = text
        self.extended = extended
        self.index = index
        self.i = 0
        self.cmds: list[Cmd] = []
        self._parse()

    def error(self, message: str) -> SedError:
        return SedError(f"sed: -e expression #{self.index}, char {max(self.i, 1)}: {message}")

    def _regex(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return re.compile(translate(pattern, self.extended), flags)
        except (RegexError, re.error) as error:
            raise self.error(str(error)) from None

    def _delimited(self, delim: str, what: str) -> str:
        out = []
        while self.i < len(self.text):
            c = self.text[self.i]
            if c == "\\" and self.i + 1 < len(self.text):
                nxt = self.text[self.i + 1]
                out.append(nxt if nxt == delim else ("\n" if nxt == "n" else "\\" + nxt))
                self.i += 2
                continue
            if c == delim:
                self.i += 1
                return "".join(out)
            if c == "\n" and what != "a":
                break
            out.append(c)
            self.i += 1
        raise self.error(f"unterminated `{what}' command")

    def _address(self) -> Address:
        t = self.text
        if self.i < len(t) and t[self.i].isdigit():
            start = self.i
            while self.i < len(t) and t[self.i].isdigit():
                self.i += 1
            return int(t[start:self.i])
        if self.i < len(t) and t[self.i] == "$":
            self.i += 1
            return "$"
        if self.i < len(t) and t[self.i] == "/":
            self.i += 1
            pattern = self._delimited("/", "address regex")
            flags = 0
            if self.i < len(t) and t[self.i] == "I":
                flags, self.i = re.I, self.i + 1
            return self._regex(pattern, flags) if pattern else self._regex(".*")
        return None

    def _parse(self) -> None:
        t = self.text
        while self.i < len(t):
            while self.i < len(t) and t[self.i] in " \t\n;":
                self.i += 1
            if self.i >= len(t):
                break
            cmd = Cmd("")
            cmd.addr1 = self._address()
            if cmd.addr1 is not None and self.i < len(t) and t[self.i] == ",":
                self.i += 1
                cmd.addr2 = self._address()
                if cmd.addr2 is None:
                    raise self.error("unexpected `,'")
            while self.i < len(t) and t[self.i] == " ":
                self.i += 1
            if self.i < len(t) and t[self.i] == "!":
                cmd.negate = True
                self.i += 1
            if self.i >= len(t):
                raise self.error("missing command")
            name = t[self.i]
            self.i += 1
            cmd.name = name
            if name == "s":
                self._substitute(cmd)
            elif name == "y":
                if self.i >= len(t):
                    raise self.error("unterminated `y' command")
                delim = t[self.i]
                self.i += 1
                src = self._delimited(delim, "y")
                dst = self._delimited(delim, "y")
                if len(src) != len(dst):
                    raise self.error("strings for `y' command are different lengths")
                cmd.text = src + "\0" + dst
            elif name in "aic":
                rest = t[self.i:].split("\n", 1)
                body = rest[0]
                body = body[1:] if body.startswith("\\") else body
                cmd.text = body.lstrip(" ")
                self.i += len(rest[0])
            elif name in "pdqQ=nNlhHgGx":
                if name in "nNlhHgGx":
                    raise self.error(f"unknown command: `{name}' (not in the simulated sed)")
            elif name in "{}":
                raise self.error("unknown command: `{' (blocks are not in the simulated sed)")
            else:
                raise self.error(f"unknown command: `{name}'")
            self.cmds.append(cmd)
            while self.i < len(t) and t[self.i] in " \t":
                self.i += 1
            if self.i < len(t) and t[self.i] not in ";\n}":
                raise self.error("extra characters after command")

    def _substitute(self, cmd: Cmd) -> None:
        t = self.text
        if self.i >= len(t):
            raise self.error("unterminated `s' command")
        delim = t[self.i]
        self.i += 1
        pattern = self._delimited(delim, "s")
        repl = self._delimited(delim, "s")
        flags, count = 0, 1
        while self.i < len(t) and t[self.i] not in ";\n} \t":
            f = t[self.i]
            if f == "g":
                count = 0
            elif f == "p":
                cmd.print_ = True
            elif f in "iI":
                flags |= re.I
            elif f.isdigit():
                start = self.i
                while self.i + 1 < len(t) and t[self.i + 1].isdigit():
                    self.i += 1
                count = int(t[start:self.i + 1])
            else:
                self.i += 1
                raise self.error("unknown option to `s'")
            self.i += 1
        cmd.regex = self._regex(pattern, flags)
        cmd.repl = repl
        cmd.count = count


def _expand_repl(repl: str, match: re.Match[str]) -> str:
    out = []
    i = 0
    while i < len(repl):
        c = repl[i]
        if c == "\\" and i + 1 < len(repl):
            d = repl[i + 1]
            if d.isdigit():
                out.append(match.group(int(d)) or "" if int(d) <= (match.re.groups or 0) else "")
            else:
                out.append({"n": "\n", "t": "\t", "&": "&"}.get(d, d))
            i += 2
            continue
        out.append(match.group(0) if c == "&" else c)
        i += 1
    return "".join(out)


def _matches(addr: Address, number: int, line: str, last: bool) -> bool:
    if isinstance(addr, int):
        return number == addr
    if addr == "$":
        return last
    return bool(addr.search(line)) if addr is not None else True  # type: ignore[union-attr]


def _selected(cmd: Cmd, number: int, line: str, last: bool) -> bool:
    if cmd.addr1 is None:
        hit = True
    elif cmd.addr2 is None:
        hit = _matches(cmd.addr1, number, line, last)
    elif cmd.active:
        hit = True
        end = cmd.addr2
        if (isinstance(end, int) and number >= end) or _matches(end, number, line, last) and not isinstance(end, int):
            cmd.active = False
    else:
        hit = _matches(cmd.addr1, number, line, last)
        if hit:
            end = cmd.addr2
            cmd.active = not ((isinstance(end, int) and end <= number) or end == "$" and last)
    return hit != cmd.negate


def run_sed(cmds: list[Cmd], text: str, quiet: bool) -> tuple[str, bool]:
    """Apply the script to the text; returns (output, quit early)."""
    lines = text.split("\n") if text else []
    trailing = text.endswith("\n")
    if trailing:
        lines.pop()
    out: list[str] = []
    for number, line in enumerate(lines, 1):
        last = number == len(lines)
        deleted = False
        appended: list[str] = []
        for cmd in cmds:
            if not _selected(cmd, number, line, last):
                continue
            if cmd.name == "s":
                count = 0

                def sub(m: re.Match[str]) -> str:
                    nonlocal count
                    count += 1
                    return _expand_repl(cmd.repl, m) if cmd.count in (0, count) else m.group(0)
                new = cmd.regex.sub(sub, line)  # type: ignore[union-attr]
                if count >= max(cmd.count, 1):
                    line = new
                    if cmd.print_:
                        out.append(line + "\n")
            elif cmd.name == "p":
                out.append(line + "\n")
            elif cmd.name == "d":
                deleted = True
                break
            elif cmd.name == "=":
                out.append(f"{number}\n")
            elif cmd.name == "y":
                src, dst = cmd.text.split("\0")
                line = line.translate(str.maketrans(src, dst))
            elif cmd.name == "i":
                out.append(cmd.text + "\n")
            elif cmd.name == "a":
                appended.append(cmd.text + "\n")
            elif cmd.name == "c":
                out.append(cmd.text + "\n")
                deleted = True
                break
            elif cmd.name in "qQ":
                if cmd.name == "q" and not quiet:
                    out.append(line + ("\n" if trailing or not last else ""))
                out.extend(appended)
                return "".join(out), True
        if not deleted and not quiet:
            out.append(line + ("\n" if trailing or not last else ""))
        out.extend(appended)
    return "".join(out), False


@command("sed")
def sed(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    args = [("-i" if a.startswith("-i") and not a.startswith("--") else a) for a in argv]
    try:
        opts = getopt(args, "ne:Erisu", {"quiet": "-n", "silent": "-n", "expression=": "-e",
                                          "regexp-extended": "-E", "in-place": "-i", "separate": "-s"},
                      usage=f"{USAGE}\n")
    except UsageError as error:
        return CommandResult("", error.message.rstrip("\n") + "\n", 1)
    scripts = opts.values("-e")
    operands = list(opts.operands)
    if not scripts:
        if not operands:
            return CommandResult("", USAGE_LONG, 1)
        scripts = [operands.pop(0)]
    extended = opts.has("-E", "-r")
    try:
        cmds = [c for n, s in enumerate(scripts, 1) for c in _Script(s, extended, n).cmds]
    except SedError as error:
        return CommandResult("", f"{error}\n", 1)
    quiet = opts.has("-n")
    if opts.has("-i"):
        if not operands:
            return CommandResult("", "sed: no input files\n", 4)
        from course_lib.shell.fs_view import View
        view = View(ctx)
        err = []
        for name in operands:
            try:
                text = view.read(name)
            except FsError as error:
                err.append(f"sed: can't read {name}: {error.strerror}\n")
                continue
            for cmd in cmds:
                cmd.active = False
            result, _ = run_sed(cmds, text, quiet)
            view.write(name, result)
        return CommandResult("", "".join(err), 2 if err else 0)
    texts, err = [], []
    for name in operands or ["-"]:
        try:
            texts.append(read_operand(ctx, name, stdin))
        except FsError as error:
            err.append(f"sed: can't read {name}: {error.strerror}\n")
    joined = "".join(t if t.endswith("\n") or i == len(texts) - 1 else t + "\n" for i, t in enumerate(texts))
    out, _ = run_sed(cmds, joined, quiet)
    return CommandResult(out, "".join(err), 2 if err else 0)
