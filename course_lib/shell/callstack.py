"""Where a running script is, as bash 5.2 -c tells it: $LINENO, FUNCNAME, BASH_LINENO, BASH_SOURCE, `caller`.

Each command node carries its line in the text it was parsed from (parse.py: a simple command's is bash's
line_number when its first element was reduced). The Shell keeps the line of the command running now (`lineno`)
and the offset of the text that command came from (`line_base`); $LINENO is their sum:
- eval's text counts from the line of the eval command (`eval $'a\\nb'` on line 3: a is 3, b is 4);
- a $(...) counts from the line of the command it is part of, its leading blank lines left out;
- a function's body from where it was defined (a definition inside eval or a sourced file keeps its offset);
- a sourced file from 1.
A function call or `source` is a frame: its name (FUNCNAME lists the frames only while a function runs, a sourced
file as `source`), the file it was defined in or sourced (BASH_SOURCE; `environment` for bash -c's own
functions) and the line it was called from (BASH_LINENO). bash -c has no `main` frame below them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Optional

from course_lib.result import CommandResult

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell

TOP_SOURCE = "environment"         # BASH_SOURCE of a function bash -c's text defined


class Frame(NamedTuple):
    name: str           # the function, or "source"
    source: str         # BASH_SOURCE: where the function was defined, or the file sourced
    line: int           # BASH_LINENO: the caller's line


def lineno(sh: "Shell") -> int:
    return sh.line_base + sh.lineno


def frames(sh: "Shell") -> list[Frame]:
    """The frames, innermost last."""
    found = sh.__dict__.get("frames")
    if found is None:
        found = sh.__dict__["frames"] = []
    return found


def items(sh: "Shell", name: str) -> Optional[list[str]]:
    """FUNCNAME, BASH_LINENO or BASH_SOURCE innermost first (None: another name)."""
    stack = sh.__dict__.get("frames") or ()
    if name == "FUNCNAME":
        return [f.name for f in reversed(stack)] if sh.func_depth else []
    if name == "BASH_LINENO":
        return [str(f.line) for f in reversed(stack)]
    if name == "BASH_SOURCE":
        return [f.source for f in reversed(stack)]
    return None


def _current_source(sh: "Shell") -> str:
    return next((f.source for f in reversed(sh.__dict__.get("frames") or ()) if f.name == "source"), TOP_SOURCE)


def define(sh: "Shell", name: str, body: Any, line: int = 1) -> None:
    """`name() { ...; }` on `line` of the text running: the function, and where its text came from."""
    sh.functions[name] = body
    origins = sh.__dict__.get("func_origins")
    if origins is None:
        origins = sh.__dict__["func_origins"] = {}
    origins[name] = (_current_source(sh), sh.line_base, line)


def definition_line(sh: "Shell", name: str, default: int) -> int:
    """The line (in its text) where function `name` was defined: $LINENO as it starts (`default` when unknown: a
    function of an earlier lab.run)."""
    origin = (sh.__dict__.get("func_origins") or {}).get(name)
    return default if origin is None else origin[2]


def call(sh: "Shell", name: str, run: Callable[[], int]) -> int:
    """Run function `name` in a frame of its own: its lines count from its definition's; $LINENO is the caller's
    again after it."""
    origin = (sh.__dict__.get("func_origins") or {}).get(name, (TOP_SOURCE, 0, 0))
    return _in_frame(sh, Frame(name, origin[0], lineno(sh)), origin[1], run)


def source(sh: "Shell", path: str, run: Callable[[], int]) -> int:
    """Run a sourced file's text in a frame of its own (its lines from 1)."""
    return _in_frame(sh, Frame("source", path, lineno(sh)), 0, run)


def _in_frame(sh: "Shell", frame: Frame, base: int, run: Callable[[], int]) -> int:
    stack = frames(sh)
    stack.append(frame)
    line, old_base = sh.lineno, sh.line_base
    sh.line_base = base
    try:
        return run()
    finally:
        stack.pop()
        sh.lineno, sh.line_base = line, old_base


def nested_text(sh: "Shell", script: str, run: Callable[[str], int], substitution: bool = False) -> int:
    """Run text the current command gives (eval's, a $(...)'s): its lines count from the command's line
    (a $(...)'s leading blank lines left out); $LINENO is the command's again after it."""
    line, base = sh.lineno, sh.line_base
    skipped = 0
    if substitution:
        start = len(script) - len(script.lstrip(" \t\n"))
        skipped = script.count("\n", 0, start)
    sh.line_base = base + line - 1 - skipped
    try:
        return run(script)
    finally:
        sh.lineno, sh.line_base = line, base


def command_text(sh: "Shell") -> str:
    """$BASH_COMMAND: the trapped command inside a trap, else the command running now (as bash prints it)."""
    trapped = sh.__dict__.get("trap_command")
    if trapped is not None:
        return trapped
    node = sh.__dict__.get("current")
    return node_text(node) if node is not None else ""


def node_text(node: Any) -> str:
    from course_lib.shell.jobs_text import _command
    argv = getattr(node, "argv", None)
    return " ".join(argv) if argv is not None else _command(node)


_CALLER_USAGE = "caller: usage: caller [expr]\n"


def b_caller(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    """`caller [N]`: LINE SOURCE of the current call, or LINE FUNCTION SOURCE of frame N (bash's caller.c)."""
    args = argv[1:]
    if args and args[0][:1] == "-" and args[0] != "-" and args[0] != "--":
        return CommandResult("", f"bash: caller: {args[0][:2]}: invalid option\n{_CALLER_USAGE}", 2)
    if args and args[0] == "--":
        args = args[1:]
    lines, sources, names = items(sh, "BASH_LINENO"), items(sh, "BASH_SOURCE"), items(sh, "FUNCNAME")
    assert lines is not None and sources is not None and names is not None
    if not args:
        if not lines:
            return CommandResult("", "", 1)
        return CommandResult(f"{lines[0]} {sources[1] if len(sources) > 1 else 'NULL'}\n", "", 0)
    if not names:
        return CommandResult("", "", 1)
    text = args[0].strip()
    if not text.lstrip("+-").isdigit():
        return CommandResult("", f"bash: caller: {args[0]}: invalid number\n{_CALLER_USAGE}", 2)
    number = int(text)
    if number < 0 or number + 1 >= len(names) or number + 1 >= len(sources) or number >= len(lines):
        return CommandResult("", "", 1)
    return CommandResult(f"{lines[number]} {names[number + 1]} {sources[number + 1]}\n", "", 0)
