"""Background jobs on the real backend: a job's programs are real processes in the lab's netns that run while the
terminal goes on, and the job waits for them in real time.

A job (`CMD &`) is the simulation's: a subshell on its own greenlet (course_lib.shell.jobs_run), started at once.
Where the simulation's job waits in model time, this one waits for a real process: run_binary hands the process
to `communicate`, which inside a job parks the job's greenlet until the process has ended (a thread reads its
output meanwhile) and goes back to the terminal. Whatever waits in the terminal -- a foreground program, `wait`,
`jobs`, the next lab.run -- resumes the parked jobs whose process has ended, so a job goes on to its next command
(and writes its output) about when bash's would.

    ping -c 3 10.0.0.2 > log & sleep 5; cat log     the ping is a real process beside the real sleep
    kill %1                                         the real signal to the job's process (its group); the
                                                    lines it wrote stay (what ping printed before TERM)
    wait / wait %1 / wait -n                        real time, until the job ends (a job's status: 143 after TERM)

`$!` is the real pid of a one-program job (as bash's fork-and-exec gives); a compound job's is the shell's own
number. Limits: a job's output is written when its program ends (a killed one's when it is killed); a kill ends
the job as bash's death by that signal even if the program handles the signal; killing a compound job also ends
the program it waits for (bash would leave that one running, orphaned); `wait` gives up after TIMEOUT seconds
like a learner's Ctrl-C (the script ends with 130). Every process is in a lab netns, so lab.close(), interpreter
exit and `python -m course_lib cleanup` kill it with the rest (ledger.kill_processes_in).
"""
from __future__ import annotations

import contextvars
import os
import signal
import subprocess
import threading
import time
from typing import Any, Callable, Optional

from greenlet import getcurrent, greenlet

from course_lib.result import CommandResult
from course_lib.shell import jobs_run, jobs_stream
from course_lib.shell.interpreter_state import ShellExit

TIMEOUT = 30.0               # seconds `wait` waits before the learner's Ctrl-C (binaries.TIMEOUT: a program's)
_COND = threading.Condition()
_PARKED: list["RealTask"] = []      # jobs waiting for a process (or a condition), of every real lab


class RealTask(jobs_run.Task):
    """A job of the real backend: `running` notices that the process it waits for has ended and lets it go on."""

    wake: Optional[Callable[[], bool]] = None     # what the parked job waits for
    proc: Optional[subprocess.Popen] = None       # its program now

    @property
    def running(self) -> bool:               # type: ignore[override]
        if self.__dict__.get("_running", True) and self.wake is not None and self.wake() and not _inside(self):
            jobs_run._resume(self)
        return self.__dict__.get("_running", True)

    @running.setter
    def running(self, value: bool) -> None:
        self.__dict__["_running"] = value

    @property
    def glet(self) -> Optional[greenlet]:        # type: ignore[override]
        return self.__dict__.get("_glet")

    @glet.setter
    def glet(self, value: Optional[greenlet]) -> None:
        """The job runs in a copy of the context it was started in (as a fork inherits its parent): the real
        backend's commands stay the ones its lookups prefer (registry.active_backend is a context variable)."""
        if value is not None and not value:
            value.gr_context = contextvars.copy_context()
        self.__dict__["_glet"] = value


def _inside(task: RealTask) -> bool:
    """Whether the job is the greenlet running now (or one it resumed): it cannot be resumed from here."""
    return task in jobs_run._CURRENT or getcurrent() is task.glet


class _Reader:
    """A process's stdin written, and its stdout/stderr read line by line as it writes them, by threads (no pipe
    ever fills up); `drain` hands the lines not yet written to the program's jobs_stream writer."""

    def __init__(self, proc: subprocess.Popen, stdin: str) -> None:
        self.proc = proc
        self.parts: dict[bool, list[str]] = {False: [], True: []}     # stdout / stderr lines so far
        self.taken = {False: 0, True: 0}                               # how many of them were written
        self.done = threading.Event()
        self._open = 2
        for target, args in ((self._feed, (stdin,)), (self._read, (proc.stdout, False)),
                             (self._read, (proc.stderr, True))):
            threading.Thread(target=target, args=args, daemon=True, name="course_lib-job-io").start()

    @property
    def out(self) -> str:
        return "".join(self.parts[False])

    @property
    def err(self) -> str:
        return "".join(self.parts[True])

    def _feed(self, stdin: str) -> None:
        try:
            if stdin:
                self.proc.stdin.write(stdin)
            self.proc.stdin.close()
        except (OSError, ValueError):
            pass

    def _read(self, pipe: Any, is_err: bool) -> None:
        try:
            for line in iter(pipe.readline, ""):
                with _COND:
                    self.parts[is_err].append(line)
                    _COND.notify_all()
        except (OSError, ValueError):
            pass
        finally:
            with _COND:
                self._open -= 1
                last = not self._open
            if last:
                self.proc.wait()
                with _COND:
                    self.done.set()
                    _COND.notify_all()

    def fresh(self) -> bool:
        return any(len(self.parts[e]) > self.taken[e] for e in (False, True))

    def drain(self, writer: Any) -> None:
        for is_err in (False, True):
            count = len(self.parts[is_err])
            text = "".join(self.parts[is_err][self.taken[is_err]:count])
            self.taken[is_err] = count
            writer.write(text, is_err)


def communicate(proc: subprocess.Popen, stdin: str, network: Any, timeout: float) -> tuple[str, str, bool]:
    """A real program's (stdout, stderr, cut): inside a job it runs beside the terminal (the job parks until it
    ends; a kill of the job signals it); in the terminal the jobs that can go on do while it runs, and after
    `timeout` seconds it gets a Ctrl-C (cut). Beside live jobs its lines are written as they come (jobs_stream)."""
    reader = _Reader(proc, stdin)
    writer = jobs_stream.writer()
    task = jobs_run.current()
    if isinstance(task, RealTask) and getcurrent() is task.glet:
        if task.single and task.proc is None:
            task.pid = proc.pid                     # bash's $!: the program's own pid
        task.proc = proc
        try:
            _follow(reader, writer, lambda wake: park(task, wake) or True)
        except jobs_run.JobKilled as killed:        # kill %N: the real signal; what it wrote stays
            _end(proc, reader, killed.signo)
            killed.partial = CommandResult(reader.out, reader.err, 128 + killed.signo)
            raise
        except BaseException:                       # the lab goes away under a parked job
            _end(proc, reader, signal.SIGKILL)
            raise
        finally:
            task.proc = None
        return reader.out, reader.err, False
    deadline = time.monotonic() + timeout
    if _follow(reader, writer, lambda wake: block_until(network, wake, deadline - time.monotonic())):
        return reader.out, reader.err, False
    _end(proc, reader, signal.SIGINT, grace=5.0)
    return reader.out, reader.err, True


def _follow(reader: _Reader, writer: Any, wait: Callable[[Callable[[], bool]], bool]) -> bool:
    """Wait for the program's end, writing its lines as they come when it has a writer; False when cut short."""
    while True:
        done = wait(lambda: reader.done.is_set() or (writer is not None and reader.fresh()))
        if writer is not None:
            reader.drain(writer)
        if reader.done.is_set() or not done:
            return done


def _end(proc: subprocess.Popen, reader: _Reader, signo: int, grace: float = 2.0) -> None:
    """Send `signo` to the program's process group; KILL it if it is still there after `grace` seconds."""
    for sig in (signo, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        if reader.done.wait(grace):
            return


def park(task: RealTask, wake: Callable[[], bool]) -> None:
    """Inside a job: hand control back to the terminal until wake() holds."""
    task.wake = wake
    _PARKED.append(task)
    try:
        while not wake():
            glet = task.glet
            assert glet is not None and glet.parent is not None
            glet.parent.switch()
    finally:
        task.wake = None
        if task in _PARKED:
            _PARKED.remove(task)


def advance(network: Any) -> bool:
    """Resume the lab's parked jobs that can go on (their process ended); True when one was."""
    moved = False
    for task in [t for t in _PARKED if getattr(t.machine, "network", None) is network]:
        if task.wake is not None and task.wake() and not _inside(task):
            jobs_run._resume(task)
            moved = True
    return moved


def block_until(network: Any, done: Callable[[], bool], timeout: Optional[float] = None) -> bool:
    """Wait in real time until done() holds, letting the lab's jobs go on meanwhile; False after `timeout` s.
    Inside a job this parks the job instead (the terminal's waits resume it)."""
    task = jobs_run.current()
    if isinstance(task, RealTask) and getcurrent() is task.glet:
        park(task, done)
        return True
    deadline = None if timeout is None else time.monotonic() + timeout
    while not done():
        if advance(network):
            continue
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            return False
        with _COND:
            if not any(t.wake is not None and t.wake() for t in _PARKED) and not done():
                _COND.wait(0.05 if left is None else min(0.05, left))
    return True


def wait_for_jobs(ctx: Any, done: Callable[[], bool]) -> None:
    """The `wait` builtin on the real backend: real time until done(); after TIMEOUT the learner's Ctrl-C."""
    if not block_until(getattr(ctx.machine, "network", None), done, TIMEOUT):
        raise ShellExit(130)


def forget(network: Any) -> None:
    """The lab closes: its parked jobs end here (their processes die with the lab's netns), and their programs'
    writers (jobs_stream) with them."""
    ended = [t for t in _PARKED if getattr(t.machine, "network", None) is network]
    jobs_stream.forget([t.glet for t in ended if t.glet is not None])
    for task in ended:
        _PARKED.remove(task)
        task.wake = None
        proc = task.proc
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        task.running = False
