"""Background jobs (`CMD &`) as tasks that run concurrently in the lab's model time, as a non-interactive bash 5.2.

A job is a copy of the shell (a subshell: its variables, functions, cwd, options) running the and-or list on its
own greenlet, with stdin from /dev/null. It starts when the foreground next lets model time pass (or when the
script ends), and runs until it waits in model time: a wait (`sleep`, ping's interval, nc's listener, curl's
timeout: any `Scheduler.pump`) inside a job does not run the event queue itself but registers the job as a
waiter and hands control back; the foreground's own waits run the queue and resume each job when its time has
come or its condition holds. So `nc -l -p 8080 > got & sleep 1; echo hi | nc 127.0.0.1 8080` delivers "hi".

What bash does and this module copies (measured with `bash -c` in a private namespace):
- `$!` is the job's pid; `jobs [-lpr]` lists `[1]+  Running                 sleep 10 &` (`-l`: the pid in 5
  columns); a job that ended is removed silently at the next reap point (after a foreground program ends,
  or `wait`), and only a death by a signal other than INT, TERM or PIPE prints `bash: PID Killed   CMD`
  there (`bash: line N: ` in bash -c; the terminal drops `line N: ` as for every error);
- asynchronous jobs ignore SIGINT and SIGQUIT (no job control); a killed job stays `Running` in `jobs`
  until reaped; `wait %N|PID` gives its status (143 TERM, 137 KILL, 129 HUP...), `wait` all of them (0);
  the status of the last reaped pids stays for `wait PID`, until a `wait` without operands;
- a job's output reaches the terminal when it writes it (in model time), inside whichever `lab.run` of
  the machine is running then (or the next one); a job still running when the script ends lives on in the
  machine (`ps`, `jobs`, `kill` in the next run) and goes on when model time passes.
A job writes into the stdout/stderr it inherited (a pipe or `$(...)` is read to its end: course_lib.shell.jobs_sinks),
and a program beside jobs may write line by line as it runs (ping does: course_lib.shell.jobs_stream).
Limits: other programs' output is written when they end; a pipeline's stages run one after another (a reader
starts when its writer and the jobs holding its pipe are done: the stages' waits add up, `sleep 1 | sleep 1` takes
2 s; running them side by side would need every program to read its stdin as it comes, where a program here takes
it whole when it starts); a job blocked on something that never comes (`nc -l` with no client) makes `wait`
return when nothing is left to happen in the model instead of hanging.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Optional

from greenlet import getcurrent, greenlet  # noqa: F401 (getcurrent: also the job tables' key, shell.jobs)

from course_lib.shell import jobs_sinks
from course_lib.shell.interpreter_state import ShellExit, Sink

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell

LIVE = 0                    # jobs not yet reaped, on any lab: the interpreter's hooks cost nothing when 0
IGNORED = frozenset({2, 3})     # SIGINT, SIGQUIT: ignored by asynchronous commands without job control
QUIET = frozenset({2, 15, 13})  # deaths bash reports in no notice


class JobKilled(BaseException):
    """A signal ends the job: raised inside its greenlet where it waits (no command's error handling takes it)."""

    def __init__(self, signo: int) -> None:
        super().__init__(signo)
        self.signo = signo
        self.partial: Optional[Any] = None      # what the program it killed had written (a CommandResult)


@dataclass(eq=False)
class Task:
    """One background job's process: the pid `$!` gives, its state, where it waits."""

    pid: int
    cmdline: str
    machine: Any
    network: Any
    run: Optional[Callable[[], int]] = None
    name: str = ""
    glet: Optional[greenlet] = None
    running: bool = True
    returncode: Optional[int] = None
    signo: int = 0
    done: Optional[Callable[[], bool]] = None     # waiting until this holds (None: until `wake_seq`'s timer)
    wake_seq: int = 0
    limit: Any = None                             # the time limit of a `timeout` inside the job (while away)
    reaped: bool = False
    single: bool = False                          # one simple command: the job's process is that program
    sink: Any = field(default=None, repr=False)

    def stop(self, code: int) -> None:
        """kill: the process dies of signal code-128 (at once: a waiting greenlet unwinds where it waits)."""
        kill(self, code - 128)


class TerminalSink(Sink):
    """A job's standard output and error: the output of the script that started it while that runs, then the
    terminal, i.e. the machine's running lab.run (else kept for the next one)."""

    def __init__(self, machine: Any, origin: Optional[Sink]) -> None:
        super().__init__()
        self.machine = machine
        self.origin = origin

    def put(self, text: str, is_err: bool) -> None:
        if self.origin is not None:
            self.origin.put(text, is_err)
            return
        target = self.machine.__dict__.get("_job_terminal")
        if target is not None:
            target.put(text, is_err)
        else:
            self.machine.__dict__.setdefault("_job_pending", []).append((text, is_err))


_CURRENT: list[Task] = []       # the job running now (innermost last)
def caller_of(shell: "Shell") -> Optional["Shell"]:
    """The shell that runs `shell` as a program (`bash -c`, a script, `kubectl exec ... sh`), if any."""
    for found in reversed(getcurrent().__dict__.get("shell_callers", ())):     # interpreter_commands.call_external
        if found is not shell:
            return found
    return None


def current() -> Optional[Task]:
    return _CURRENT[-1] if _CURRENT else None


# ---- starting a job ---------------------------------------------------------------------------------

def spawn(shell: "Shell", item: Any) -> int:
    """`item &`: the job is made and queued to start; the shell goes on at once (status 0, `$!` set)."""
    global LIVE
    from course_lib.net.sockets import _pid_for
    from course_lib.shell import jobs
    from course_lib.shell.jobs_text import command_text
    machine = shell.ctx.machine
    network = getattr(machine, "network", None)
    text = command_text(item)
    real = getattr(shell.ctx, "backend", "sim") == "real"
    if real:                            # real processes, started at once (course_lib.backends.real.jobs)
        network = None
    sub = _subshell(shell, machine)
    shell.__dict__.setdefault("jobs_spawned", []).append(sub.sinks[0])
    pid = _pid_for(machine.root, "bash", None) if hasattr(machine, "root") else 0
    single = not item.rest and len(item.first.commands) == 1 and getattr(item.first.commands[0], "words", None)
    task = (_real_task() if real else Task)(pid, text, machine, network, name=text.split(" ", 1)[0] if single
                                            else "bash", sink=sub.sinks[0])
    task.single = bool(single)          # one program: bash's fork execs it (the same pid)
    if not single:
        task.cmdline = "-bash"          # a subshell: the shell's fork (ps shows it as the shell)
    sub.sinks[0].task = task
    jobs_sinks.feed(shell.sinks[-1], task, *jobs_sinks.streams(item))
    last = jobs.last_pid(machine)       # the job's own `$!` (it is a subshell: the parent's as it was)
    task.run = lambda: _body(sub, item, last)
    getattr(machine, "processes", []).append(task)
    jobs.add(machine, task, text, force=True)
    jobs.set_last(machine, pid)
    LIVE += 1
    if network is None or not hasattr(network, "clock"):
        _start(task)
        if real:
            jobs.set_last(machine, task.pid)    # a one-program job's $!: the program's real pid
        return 0
    from course_lib.net.events import scheduler
    sched = scheduler(network)
    install(sched)
    network.__dict__.setdefault("_job_starts", []).append(task)
    sched.at(network.clock, _start, task)
    return 0


def _real_task() -> type:
    from course_lib.backends.real.jobs import RealTask
    return RealTask


def _subshell(shell: "Shell", machine: Any) -> "Shell":
    import copy
    sub = copy.copy(shell)
    sub.restore(shell.snapshot())
    sub.aliases = dict(shell.aliases)
    sub.ctx = shell.ctx.derive(env=dict(shell.ctx.env or {}), cwd=shell.cwd)
    sub._expander = None
    from course_lib.shell import traps
    traps.subshell_begin(sub)                               # traps and a call stack of its own
    if "frames" in sub.__dict__:
        sub.__dict__["frames"] = list(sub.__dict__["frames"])
    sub.sinks = [TerminalSink(machine, shell.sinks[-1])]    # the stdout/stderr it inherits (jobs_sinks)
    sub.depth = shell.depth + 1
    return sub


def _body(sub: "Shell", item: Any, last: str) -> int:
    from course_lib.shell import jobs
    from course_lib.shell.interpreter_state import LoopControl, as_stream
    from course_lib.shell.parse_ast import AndOr
    jobs.enter_subshell(sub.ctx.machine, last=last)      # a job table of its own (bash: empty)
    try:
        return sub.run_and_or(AndOr(item.first, item.rest), as_stream(""))
    except ShellExit as done:
        return done.rc
    except LoopControl:
        return 0
    finally:
        jobs.leave_subshell()


def _start(task: Task) -> None:
    if task.glet is not None or not task.running:
        return
    starts = task.network.__dict__.get("_job_starts", []) if task.network is not None else []
    if task in starts:
        starts.remove(task)
    task.glet = greenlet(lambda: _main(task))
    _resume(task)


def start_pending(network: Any) -> None:
    """The script ends: the jobs it started and nobody let run yet start now (and run to their first wait)."""
    for task in list(network.__dict__.get("_job_starts", [])) if network is not None else []:
        _start(task)


def _main(task: Task) -> None:
    try:
        rc = task.run() if task.run is not None else 0
    except JobKilled as killed:
        rc = 128 + killed.signo
    except Exception:       # noqa: BLE001 - the interpreter reports its own errors; never a traceback here
        rc = 1
    _ended(task, rc)


def _ended(task: Task, rc: int) -> None:
    if task.returncode is None:
        task.returncode = rc
    task.running = False
    task.done = None
    procs = getattr(task.machine, "processes", [])
    if task in procs:
        procs.remove(task)
    orphans = task.machine.__dict__.get("_job_orphans") if hasattr(task.machine, "__dict__") else None
    if orphans and task in orphans:
        orphans.remove(task)
        account(task)


# ---- switching between the foreground and the jobs ---------------------------------------------------

def _resume(task: Task) -> None:
    """Run the job until it waits again or ends (from the foreground, or from another job)."""
    glet = task.glet
    if glet is None or glet.dead:
        return
    net = task.network
    outer = net.__dict__.get("time_limit") if net is not None else None
    if net is not None:
        _set_limit(net, task.limit)
    _CURRENT.append(task)
    try:
        glet.parent = getcurrent()
        glet.switch()
    finally:
        _CURRENT.pop()
        if net is not None:
            task.limit = net.__dict__.get("time_limit")
            _set_limit(net, outer)


def _set_limit(net: Any, limit: Any) -> None:
    if limit is None:
        net.__dict__.pop("time_limit", None)
    else:
        net.__dict__["time_limit"] = limit


def kill(task: Task, signo: int) -> None:
    """Signal `signo` ends the job (the caller has left out the ignored and stopping signals)."""
    if not task.running:
        return
    task.signo = signo
    task.returncode = 128 + signo
    glet = task.glet
    if glet is None or glet.dead:
        _ended(task, 128 + signo)
        return
    task.done = None
    net = task.network
    outer = net.__dict__.get("time_limit") if net is not None else None
    _CURRENT.append(task)
    try:
        glet.parent = getcurrent()
        glet.throw(JobKilled(signo))
    finally:
        _CURRENT.pop()
        if net is not None:
            _set_limit(net, outer)
    _ended(task, 128 + signo)


def _wake(task: Task, seq: int) -> None:
    if task.running and task.wake_seq == seq and task.glet is not None:
        _resume(task)


# ---- the scheduler with jobs ------------------------------------------------------------------------

def install(sched: Any) -> None:
    """From the first job on, the lab's scheduler is the job-aware kind (for good: it costs little)."""
    if getattr(type(sched), "handles_jobs", False):
        return
    base = type(sched)
    while base.__name__ == "LimitedScheduler":      # a timeout's pump: ours handles time limits itself
        base = base.__mro__[1]
    sched.__class__ = _job_class(base)


_JOB_CLASSES: dict[type, type] = {}


def _job_class(base: type) -> type:
    made = _JOB_CLASSES.get(base)
    if made is None:
        made = _JOB_CLASSES[base] = type("JobScheduler", (base,), {
            "__slots__": (), "handles_jobs": True, "handles_limits": True, "pump": _pump, "base_pump": staticmethod(base.pump)})
    return made


def _pump(self: Any, until: Optional[float] = None, done: Optional[Callable[[], bool]] = None) -> bool:
    from course_lib.shell.coreutils_timeout import TimeLimitReached, limit_of
    task = current()
    limit = limit_of(self.network)
    stop = until
    if limit is not None and (until is None or until > limit.at + 1e-9):
        stop = limit.at
    if task is not None:
        ok = _wait(self, task, stop, done)
    else:
        base = self.base_pump
        waiters = self.network.__dict__.setdefault("_job_waiters", [])

        def check() -> bool:
            if waiters:
                _run_ready(waiters)
            return bool(done()) if done is not None else False
        ok = base(self, stop, check)
        ok = bool(done()) if done is not None else True
    if stop is not until and not (ok and done is not None):
        raise TimeLimitReached(limit)
    return ok


def _run_ready(waiters: list[Task]) -> None:
    for task in list(waiters):
        if task.done is None or not task.running:
            if task in waiters:
                waiters.remove(task)
        elif task.done():
            waiters.remove(task)
            task.done = None
            task.wake_seq += 1
            _resume(task)


def _wait(sched: Any, task: Task, until: Optional[float], done: Optional[Callable[[], bool]]) -> bool:
    """A pump inside a job: wait for the foreground's pumps to bring `until` or make `done` hold."""
    if not task.running:
        raise JobKilled(task.signo or 9)
    if done is not None and done():
        return True
    net = sched.network
    task.wake_seq += 1
    seq = task.wake_seq
    if until is not None:
        sched.at(until, _wake, task, seq)
    if done is not None or until is None:
        heap = sched.heap
        task.done = done if done is not None else (lambda: len(heap) <= sched.idle)
        net.__dict__.setdefault("_job_waiters", []).append(task)
    glet = task.glet
    assert glet is not None
    glet.parent.switch()
    if not task.running:
        raise JobKilled(task.signo or 9)
    return bool(done()) if done is not None else True


def hold(wait_for: Callable[[], bool]) -> bool:
    """Inside a job, wait in model time until `wait_for()` holds (a listener's end); False outside a job."""
    task = current()
    if task is None or task.network is None:
        return False
    from course_lib.net.events import scheduler
    sched = scheduler(task.network)
    while not wait_for():
        if not _wait(sched, task, None, wait_for):
            break
    return True


# ---- reaping ----------------------------------------------------------------------------------------

def terminal_begin(machine: Any, top: Sink) -> None:
    """A top-level lab.run of the machine starts: jobs' output goes to it, what came in between first."""
    found = machine.__dict__
    found["_job_terminal"] = top
    if "_job_pending" in found:
        for text, is_err in found.pop("_job_pending"):
            top.put(text, is_err)


def terminal_end(ctx: Any) -> None:
    """A top-level run ends: later output of its jobs waits for the next run."""
    ctx.machine.__dict__.pop("_job_terminal", None)


def script_end(shell: "Shell") -> None:
    """A script that started jobs ends: those nobody let run yet start now (their first output, such as an
    error, is the script's); from now on their output goes to the terminal."""
    sinks = shell.__dict__.pop("jobs_spawned", [])
    for sink in sinks:
        task = getattr(sink, "task", None)
        if task is not None and task.glet is None and task.running:
            _start(task)
    caller = caller_of(shell)           # a shell started by a program: its jobs write where that program's output goes
    jobs_sinks.close_script(shell, TerminalSink(shell.ctx.machine, None) if caller is None else caller.sinks[-1])


def live_on(machine: Any) -> bool:
    """Whether the machine's terminal has background jobs not yet reaped, or jobs of no shell's still running
    (the interpreter's hooks then run)."""
    from course_lib.shell.jobs import _table
    table = _table(machine)
    return any(isinstance(job.process, Task) for job in table) or bool(machine.__dict__.get("_job_orphans"))


def orphan(task: Task) -> None:
    """The shell whose job it was ended (a subshell, `bash -c`): a running job is nobody's job now but runs on
    (its output still goes where it went); one that ended is forgotten."""
    if task.running and hasattr(task.machine, "__dict__"):
        task.machine.__dict__.setdefault("_job_orphans", []).append(task)
    else:
        account(task)


def account(task: Task) -> None:
    """A job left the table (reaped, disowned): one fewer for the hooks to look at."""
    global LIVE
    if not task.reaped:
        task.reaped = True
        LIVE = max(0, LIVE - 1)
