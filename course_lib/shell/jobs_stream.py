"""Output a program writes while it runs, line by line at model time, when background jobs make it observable.

A program's CommandResult is its whole output, written where its stdout goes when it ends. That is what a reader
sees as long as nothing runs beside it. With background jobs (course_lib.shell.jobs_run) the terminal and the files
are shared in model time: a background `ping -c 3 -i 1` and a foreground `sleep 1.5; echo mid` interleave line by
line on a real terminal, and `ping ... > log & sleep 2; cat log` shows the replies so far. So, while jobs live, a
program may write as it goes:

    out = jobs_stream.lines(header)     # a list; while a shell's program runs beside jobs, each line added is
    out.append(line)                    # written at once where the program's stdout goes (the header too)

and the shell (interpreter_commands.call_external) writes only the rest of the program's final stdout (what it
wrote so far must be its start). Where it goes: the innermost sink of the shell running it, through redirections
that are open (a file is written at once; `2>&1` passes it on), up to a pipe, a `$(...)` or the script's output.
Another program can stream the same way (`kubectl logs -f` as a job: `writer()` gives the current one).
"""
from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Iterable, Optional

from course_lib.shell import jobs_run

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell


class Writer:
    """The stdout/stderr of the program a shell runs now; what it wrote so far."""

    __slots__ = ("shell", "label", "out", "err", "glet")

    def __init__(self, shell: "Shell", label: str) -> None:
        self.glet = weakref.ref(jobs_run.getcurrent())     # weak: a parked job of a dropped lab is freed
        self.shell = weakref.ref(shell)
        self.label = label
        self.out = 0            # characters of stdout written so far
        self.err = 0

    def write(self, text: str, is_err: bool = False) -> None:
        if not text:
            return
        if is_err:
            self.err += len(text)
        else:
            self.out += len(text)
        shell = self.shell()
        if shell is not None:
            _pass(shell, text, is_err, self.label)

    def rest(self, text: str, is_err: bool = False) -> str:
        """The part of the program's final output not written yet (all of it if it does not start so)."""
        done = self.err if is_err else self.out
        return text[done:] if done and len(text) >= done else text


_WRITERS: list[Writer] = []


def begin(shell: "Shell", label: str) -> Optional[Writer]:
    """call_external starts a program: while jobs live, it may write as it goes (None: it does not)."""
    if not jobs_run.LIVE:
        return None
    writer = Writer(shell, label)
    _WRITERS.append(writer)
    return writer


def end(writer: Writer) -> None:
    if _WRITERS and _WRITERS[-1] is writer:
        _WRITERS.pop()
    elif writer in _WRITERS:
        _WRITERS.remove(writer)


def forget(glets: "Iterable[object]") -> None:
    """Jobs that will never run on (a closed lab's parked jobs): their programs' writers go, with any whose job
    or shell is gone already."""
    gone = set(map(id, glets))
    _WRITERS[:] = [found for found in _WRITERS if found.shell() is not None
                   and (glet := found.glet()) is not None and not glet.dead and id(glet) not in gone]


def writer() -> Optional[Writer]:
    """The writer of the program running now on this greenlet (None: its output is written when it ends)."""
    here = jobs_run.getcurrent()
    callers = here.__dict__.get("shell_callers")
    for found in reversed(_WRITERS):
        if found.glet() is here:        # only for the program its shell runs now, not one a shell inside it runs
            return found if callers and found.shell() is callers[-1] else None
    return None


class Lines(list):
    """A program's stdout lines, each written at once as it is added (see the module docstring)."""

    def __init__(self, items: Iterable[str], out: Writer) -> None:
        super().__init__(items)
        self.writer = out
        for text in self:
            out.write(text)

    def append(self, text: str) -> None:
        list.append(self, text)
        self.writer.write(text)


def lines(*first: str) -> list[str]:
    """A program's list of stdout lines: a plain list, or Lines while it runs beside background jobs."""
    found = writer() if _WRITERS else None
    return Lines(first, found) if found is not None else list(first)


def _pass(shell: "Shell", text: str, is_err: bool, label: str) -> None:
    """Write at once where the shell's stdout (stderr) goes now: through the open redirections, into a file at
    once, else into the innermost pipe, capture or output."""
    from course_lib.shell.interpreter_redirect import _write
    sinks = shell.sinks
    index = len(sinks) - 1
    while index > 0:
        sink = sinks[index]
        fds = sink.__dict__.get("fds")
        if fds is None:
            break
        target = fds.get(2 if is_err else 1, "err" if is_err else "out")
        if target == "out" or target == "err":
            is_err = target == "err"
            index -= 1
            continue
        if isinstance(target, tuple):
            _write(shell, target, text, label, fds.get(2, "err"))
        return
    sinks[index].put(text, is_err)
