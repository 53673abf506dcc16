"""The %%lab / %lab IPython magics: raw command lines run on the current lab, printed like a terminal.

```
%load_ext course_lib.magic
lab = Lab()                  # the magics use the notebook's `lab`, or the lab given to use(lab)

%%lab A                      # the cell is a bash script run on machine A ("host" when omitted)
ip link set eth0 up
ip addr show eth0

%lab ip route                # one line on "host"
%lab --host A ip neigh       # one line on A
```
stdout is printed as is and stderr on the notebook's stderr, in the order a terminal shows them; nothing is
returned, so no Python repr is shown. The last CommandResult is kept in `course_lib.magic.last_result`.

In an exercise cell, the line `raise NotImplementedError()` (nbgrader's placeholder for "your
answer here") raises NotImplementedError, so an unanswered exercise fails like a Python one.
"""
from __future__ import annotations

import shlex
import sys
from typing import Any, Optional

from course_lib.result import CommandResult

__all__ = ["use", "current_lab", "run_cell", "load_ipython_extension", "last_result"]

PLACEHOLDER = "raise NotImplementedError()"

_current: Any = None
last_result: Optional[CommandResult] = None


class LabMagicError(Exception):
    """A problem with the magic's own use (no lab, unknown host); shown without a traceback."""


def use(lab: Any) -> Any:
    """Make `lab` the one %%lab and %lab run on (and load the magics when inside IPython)."""
    global _current
    _current = lab
    shell = _ipython()
    if shell is not None and "lab" not in shell.magics_manager.magics.get("cell", {}):
        load_ipython_extension(shell)
    return lab


def current_lab(user_ns: Optional[dict] = None) -> Any:
    """The lab given to use(), else the notebook's variable `lab`, else an error that says what to do."""
    if _current is not None:
        return _current
    candidate = (user_ns or {}).get("lab")
    if candidate is not None and hasattr(candidate, "host"):
        return candidate
    raise LabMagicError("No lab yet: run `from course_lib import Lab` and `lab = Lab()` first "
                        "(or course_lib.magic.use(my_lab)).")


def parse_line(line: str) -> tuple[Optional[str], str]:
    """Split the magic's line into (host or None, the rest): `--host A rest` or `-H A rest`."""
    words = line.strip().split(None, 2)
    if words and words[0] in ("--host", "-H"):
        if len(words) < 2:
            raise LabMagicError("usage: %lab [--host NAME] COMMAND  /  %%lab [NAME]")
        return words[1], words[2] if len(words) > 2 else ""
    if words and words[0].startswith("--host="):
        return words[0].split("=", 1)[1], line.strip().split(None, 1)[1] if len(words) > 1 else ""
    return None, line.strip()


def run_cell(lab: Any, host: Optional[str], script: str, stdin: Optional[str] = None) -> CommandResult:
    """Run `script` on `host` of `lab`, print it like a terminal, and return the result."""
    global last_result
    if any(line.strip() == PLACEHOLDER for line in script.splitlines()):
        raise NotImplementedError("This exercise is not answered yet: replace the line "
                                  f"`{PLACEHOLDER}` with your commands.")
    name = host or "host"
    try:
        machine = lab.host(name)
    except (KeyError, ValueError) as exc:
        raise LabMagicError(str(exc.args[0]) if exc.args else f"no host named {name!r}") from None
    result = machine.run(script) if stdin is None else machine.run(script, stdin=stdin)
    last_result = result
    pieces = getattr(result, "chunks", ()) or ((False, result.stdout), (True, result.stderr))
    for is_err, text in pieces:            # in the order the terminal would have shown them
        if text:
            stream = sys.stderr if is_err else sys.stdout
            stream.write(text)
            stream.flush()
    return result


def _ipython() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext course_lib.magic`: register %%lab and %lab."""
    from IPython.core.error import UsageError
    from IPython.core.magic import Magics, line_cell_magic, magics_class

    @magics_class
    class LabMagics(Magics):
        @line_cell_magic
        def lab(self, line: str, cell: Optional[str] = None) -> None:
            """%%lab [HOST]: run the cell as a bash script on HOST; %lab [--host HOST] CMD: one line."""
            try:
                lab = current_lab(self.shell.user_ns)
                if cell is None:
                    host, command = parse_line(line)
                    if not command:
                        raise LabMagicError("usage: %lab [--host NAME] COMMAND")
                    run_cell(lab, host, command)
                else:
                    host, rest = parse_line(line)
                    if host is None and rest:
                        words = shlex.split(rest)
                        host = words[0]
                        if len(words) > 1:
                            raise LabMagicError("usage: %%lab [NAME] (then the commands, one per line)")
                    run_cell(lab, host, cell)
            except LabMagicError as exc:
                raise UsageError(str(exc)) from None

    ipython.register_magics(LabMagics)
