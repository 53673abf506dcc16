"""Where a background job's output goes: the stdout and stderr it inherited when it started, as in bash.

A job (course_lib.shell.jobs_run) writes into the interpreter's sink that was innermost when it was spawned: the
pipe of a pipeline stage, a `$(...)` capture, a redirection of a compound command (`{ ...; } > f`), or the
script's output. Those sinks are taken off the shell's stack when their command is over, but the job still holds
the file descriptor, so:
- a pipe or a command substitution is read to its end: its reader waits (in model time) until every job that holds
  its write end has ended (`x=$(sleep 1 & echo hi)` takes one second in bash; `{ echo a & wait; } | tr a b` is b);
- a redirection that is over keeps sending the job's later writes where it pointed (`{ (sleep 1; echo x) & } > f`
  fills f a second later; `2>&1` sends them to the stdout they were dup'ed to);
- the script's output, once the script is over, is the terminal (the machine's running lab.run, else the next).
Which of the job's streams reach the sink is read from the job's own redirections when it is one simple command
(`sleep 9 > /dev/null &` holds no pipe: `x=$(sleep 9 >/dev/null & echo hi)` returns at once, as in bash).
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Optional

from greenlet import getcurrent

from course_lib.shell.interpreter_state import Sink

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell

Feeder = tuple[Any, bool, bool]     # (the job's task, it writes into the sink's stdout, into its stderr)


def streams(item: Any) -> tuple[bool, bool]:
    """Whether a job `item &` writes into the stdout and the stderr it inherits: a single simple command's own
    redirections may send both elsewhere (a subshell or a list holds both while it runs)."""
    from course_lib.shell.parse_ast import SimpleCommand
    commands = item.first.commands
    if item.rest or len(commands) != 1 or not isinstance(commands[0], SimpleCommand):
        return True, True
    fds = {1: "out", 2: "err"}
    for r in commands[0].redirects or ():
        target = r.target.raw if r.target is not None else ""
        if r.op in (">&", "<&") and (target.isdigit() or target == "-"):
            fd = r.fd if r.fd is not None else (1 if r.op == ">&" else 0)
            if fd in fds:
                fds[fd] = fds.get(int(target), "other") if target != "-" else "other"
        elif r.op in ("&>", "&>>") or (r.op == ">&" and r.fd is None):
            fds[1] = fds[2] = _file(target, fds)
        elif r.op in (">", ">>", ">|"):
            fd = 1 if r.fd is None else r.fd
            if fd in fds:
                fds[fd] = _file(target, fds)
    return "out" in fds.values(), "err" in fds.values()


def _file(target: str, fds: dict[int, str]) -> str:
    if target in ("/dev/stdout", "/proc/self/fd/1"):
        return fds[1]
    if target in ("/dev/stderr", "/proc/self/fd/2"):
        return fds[2]
    return "other"


def feed(sink: Sink, task: Any, out: bool, err: bool) -> None:
    """The job `task` holds `sink` (its stdout and/or stderr lead there)."""
    if out or err:
        sink.__dict__.setdefault("feeders", []).append((task, out, err))


def _holders(sink: Sink) -> list[Feeder]:
    return [f for f in sink.__dict__.get("feeders", ()) if f[0].running]


def drain(shell: "Shell", sink: Sink) -> None:
    """A pipe's or a command substitution's reader reads to the end: wait (model time) until no job that holds
    the write end is running (or nothing is left to happen in the model)."""
    if not any(o for _, o, _ in _holders(sink)):
        return
    from course_lib.shell import jobs_run
    task = jobs_run.current()
    if task is not None and not task.running:
        return
    network = getattr(shell.ctx.machine, "network", None)
    if network is None or not hasattr(network, "clock"):
        return
    from course_lib.net.events import scheduler

    def done() -> bool:
        return not any(o for _, o, _ in _holders(sink))
    jobs_run.start_pending(network)
    if not done():
        scheduler(network).pump(None, done)


def close_pipe(shell: "Shell", sink: Sink) -> None:
    """A pipe or capture is popped (after drain): a job's later stderr still goes to the enclosing sink."""
    held = _holders(sink)
    if not held:
        return
    parent = shell.sinks[-1]
    for task, _, err in held:
        feed(parent, task, False, err)
    _forward(sink, parent, {1: "null", 2: "err"}, None)


def close_redirect(shell: "Shell", sink: Sink, fds: dict[int, Any]) -> None:
    """The command of a redirection is over while jobs still hold its sink: their later writes go where its fds
    point (the enclosing sink's stdout or stderr, a file, nowhere)."""
    held = _holders(sink)
    if not held:
        return
    parent = shell.sinks[-1]
    one, two = fds.get(1, "out"), fds.get(2, "err")
    for task, out, err in held:
        feed(parent, task, (out and one == "out") or (err and two == "out"),
             (out and one == "err") or (err and two == "err"))
    _forward(sink, parent, {1: one, 2: two}, shell.ctx.derive(cwd=shell.cwd))


def close_script(shell: "Shell", target: Sink) -> None:
    """The script is over: what its jobs write to its output from now on goes to `target`: the terminal (the
    machine's), or the output of the program that ran the script (`bash -c`), whose reader then waits for them."""
    top = shell.sinks[0]
    if type(top) is not Sink:
        return
    for task, out, err in _holders(top):
        feed(target, task, out, err)
    _forward(top, target, {1: "out", 2: "err"}, None)


class _ErrThrough(Sink):
    """A pipe or a `$(...)` capture: only stdout is taken; what is written to stderr goes on at once (bash does not
    pipe it), so it keeps its place among what jobs write meanwhile."""

    def put(self, text: str, is_err: bool) -> None:
        if is_err:
            self.__dict__["err_to"].put(text, True)
        else:
            self.out.append(text)


def pass_stderr(shell: "Shell") -> None:
    """The sink just pushed takes stdout only (a pipeline stage, a command substitution)."""
    sink = shell.sinks[-1]
    if type(sink) is Sink and len(shell.sinks) > 1:
        sink.__dict__["err_to"] = shell.sinks[-2]
        sink.__class__ = _ErrThrough


class _Forward(Sink):
    """A sink whose command is over: writes are passed on at once (see close_*)."""

    def put(self, text: str, is_err: bool) -> None:
        where = self.__dict__["route"][2 if is_err else 1]
        if where == "out" or where == "err":
            self.__dict__["parent"].put(text, where == "err")
        elif isinstance(where, tuple):
            from course_lib.shell.fs import FsError
            from course_lib.shell.fs_view import View
            try:
                View(self.__dict__["ctx"]).write(where[1], text, append=True)
            except FsError:
                pass


def _forward(sink: Sink, parent: Sink, route: dict[int, Any], ctx: Optional[Any]) -> None:
    sink.__dict__.update(parent=parent, route=route, ctx=ctx)
    sink.__class__ = _Forward


def capture_begin(shell: "Shell") -> None:
    """A command substitution starts: a subshell that still lists the parent's jobs (course_lib.shell.jobs); its
    stderr is not captured (pass_stderr)."""
    pass_stderr(shell)
    here = getcurrent().__dict__            # jobs.enter_subshell(machine, keep=True), inline: it is on every $(...)
    stack = here.get("job_tables")
    if stack is None:
        stack = here["job_tables"] = []
    stack.append((True, None))


def capture_end(shell: "Shell", sink: Sink, out: str, err: str) -> tuple[str, str]:
    """The command substitution's script is over and `sink` popped: it is read to its end (the jobs that hold
    its stdout end first); its jobs are nobody's now. Returns what it captured and its stderr."""
    stack = getcurrent().__dict__.get("job_tables")
    if stack and type(stack[-1]) is tuple:      # its table was never needed: nothing to leave behind
        stack.pop()
    else:
        from course_lib.shell import jobs
        jobs.leave_subshell()
    if "feeders" not in sink.__dict__:
        return out, err
    if sys.exc_info()[0] is None:
        drain(shell, sink)
        out, err = "".join(sink.out), "".join(sink.err)
    close_pipe(shell, sink)
    return out, err
