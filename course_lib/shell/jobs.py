"""bash's job table for the background jobs of a terminal (`CMD &`, course_lib.shell.jobs_run, and the `nc -l`
listener a command line leaves running), and the job builtins as a non-interactive bash 5.2 prints them.

    jobs            [1]+  Running                 nc -l 8080 &
    jobs -l         [1]+  1000 Running                 sleep 10 &        (the pid in 5 columns)
    kill %1         no notice: a job killed by TERM, INT or PIPE leaves silently when reaped; any other
                    signal's death is told there: `bash: 1000 Killed                  sleep 10`
    kill PID        the same; `kill: (PID) - No such process` for an unknown one
    fg, bg          `bash: fg: no job control` (status 1)
    wait            course_lib.shell.jobs_wait
A job is reaped (leaves the table) after the next foreground program or by `wait`; until then `jobs` shows how
it ended (Done, Exit N, Terminated, Killed), once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from course_lib.result import CommandResult
from course_lib.shell import jobs_run, signals
from course_lib.shell.registry import command

KILL_USAGE = ("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n")


@dataclass(eq=False)
class Job:
    number: int
    process: Any                 # has pid, running, cmdline and stop(code)
    text: str
    signo: int = 0               # the signal `kill` sent that ended it

    @property
    def ended(self) -> Optional[str]:
        """How a signal ended it ("Terminated", "Killed"...), None otherwise."""
        signo = self.signo or getattr(self.process, "signo", 0)
        return signals.death(signo) if signo else None


class JobTable(list):
    """One shell's jobs, with what `$!` and `wait PID` remember of the reaped ones."""

    def __init__(self) -> None:
        super().__init__()
        self.last_bg: Optional[str] = None
        self.statuses: dict[int, int] = {}
        self.inherited: tuple[Job, ...] = ()      # the parent's jobs a `$(...)` still lists (not its children)


class _Stacks:
    """greenlet -> the job tables of the shells and subshells running on it, innermost last (an entry not needed yet
    is a tuple (keep, last): the table enter_subshell describes, made on first use). Kept on the greenlet itself,
    so a job left parked in a lab nobody uses any more is freed with it."""

    def __bool__(self) -> bool:
        return True

    def get(self, glet: Any, default: Any = None) -> Any:
        return glet.__dict__.get("job_tables", default)

    def setdefault(self, glet: Any, default: list[Any]) -> list[Any]:
        return glet.__dict__.setdefault("job_tables", default)

    def pop(self, glet: Any, default: Any = None) -> Any:
        return glet.__dict__.pop("job_tables", default)


_NESTED = _Stacks()


def _table(machine: Any) -> JobTable:
    """The running shell's table: a `bash -c` or a subshell inside has its own; the terminal's is the machine's."""
    stack = jobs_run.getcurrent().__dict__.get("job_tables")
    if stack:
        top = stack[-1]
        return top if type(top) is JobTable else _made(machine, stack, len(stack) - 1)
    table = machine.__dict__.get("shell_jobs")
    if table is None:
        table = machine.__dict__["shell_jobs"] = JobTable()
    return table


def _made(machine: Any, stack: list[Any], index: int) -> JobTable:
    """The table of a subshell entered earlier, made now from its parent's (the entry below, else the machine's):
    nothing can change the parent's in between, the subshell runs before its parent goes on."""
    keep, last = stack[index]
    if index == 0:
        parent = machine.__dict__.get("shell_jobs")
        if parent is None:
            parent = machine.__dict__["shell_jobs"] = JobTable()
    else:
        below = stack[index - 1]
        parent = below if type(below) is JobTable else _made(machine, stack, index - 1)
    table = JobTable()
    table.last_bg = last if last is not None else (
        parent.last_bg if parent.last_bg is not None else str(parent[-1].process.pid) if parent else "")
    if keep and parent:
        table.extend(parent)
        table.inherited = tuple(parent)
    stack[index] = table
    return table


def nested_shell(entering: bool) -> None:
    """A shell process starts inside the terminal's (`bash -c`, a script): its own job table until it ends."""
    if entering:
        _NESTED.setdefault(jobs_run.getcurrent(), []).append((False, ""))
        return
    leave_subshell()


def enter_subshell(machine: Any, keep: bool = False, last: Optional[str] = None) -> None:
    """A subshell starts (`( ... )`, a compound command in a pipeline, a background job): bash gives it a job
    table of its own, empty, and `$!` as it was; jobs it starts are not the parent's (`(sleep 5 &); jobs` lists
    nothing). keep: a command substitution still lists and signals the parent's jobs (`x=$(jobs)`, `$(kill %1)`)
    but does not wait for them (they are no children of it). The table is made when first needed (_made)."""
    here = jobs_run.getcurrent().__dict__
    stack = here.get("job_tables")
    if stack is None:
        stack = here["job_tables"] = []
    stack.append((keep, last))


def leave_subshell() -> None:
    """The subshell ends: the jobs it started and left running are nobody's jobs now (they run on)."""
    stack = jobs_run.getcurrent().__dict__.get("job_tables")
    if not stack:
        return
    table = stack.pop()
    if type(table) is JobTable:
        for job in table:
            if job not in table.inherited and isinstance(job.process, jobs_run.Task):
                jobs_run.orphan(job.process)


def add(machine: Any, process: Any, text: str, force: bool = False) -> Optional[Job]:
    """A process the command line left running: the next job number (numbering restarts when none is left).
    Inside a background job, a listener is that job's own process: no job of its own (unless `force`)."""
    if not force and jobs_run.current() is not None:
        return None
    table = _table(machine)
    job = Job(max((j.number for j in table), default=0) + 1, process, text)
    table.append(job)
    return job


def _marks(table: list[Job]) -> dict[int, str]:
    marks = {j.number: " " for j in table}
    if table:
        marks[table[-1].number] = "+"
    if len(table) > 1:
        marks[table[-2].number] = "-"
    return marks


def _line(job: Job, mark: str, status: str, with_pid: bool = False) -> str:
    text = job.text + " &" if status == "Running" else job.text
    return f"[{job.number}]{mark}  {status:<24}{text}\n" if not with_pid else \
        f"[{job.number}]{mark} {job.process.pid:>5} {status:<24}{text}\n"


def _status(job: Job) -> str:
    """What `jobs` says: Running, or how it ended (Done, Exit N, Terminated, Killed...), reported once."""
    process = job.process
    if process.running:
        return "Running"
    signo = job.signo or getattr(process, "signo", 0)
    if signo:
        return signals.death(signo)
    code = getattr(process, "returncode", 0) or 0
    return "Done" if code == 0 else f"Exit {code}"


@command("jobs")
def jobs(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    table = _table(ctx.machine)
    if argv[1:2] == ["-x"]:             # jobs -x COMMAND ARGS: job specs replaced by their pids, COMMAND run
        if len(argv) < 3:
            return CommandResult("", "", 0)
        from course_lib.shell.interpreter import run_argv
        words = [str(job.process.pid) if (job := _find(table, word)) is not None else word for word in argv[2:]]
        return run_argv(ctx, words, stdin)
    flags = "".join(a[1:] for a in argv[1:] if a.startswith("-"))
    specs = [a for a in argv[1:] if not a.startswith("-")]
    for bad in (c for c in flags if c not in "lpnrs"):
        return CommandResult("", f"bash: jobs: -{bad}: invalid option\njobs: usage: jobs [-lnprs] [jobspec ...] "
                             "or jobs -x command [args]\n", 2)
    marks = _marks(table)
    out, err = [], ""
    chosen = table
    if specs:
        chosen = []
        for spec in specs:
            job = _find(table, spec if spec.startswith("%") else "%" + spec)    # bash's get_job_spec: % optional
            if job is None:
                err += _ambiguous(table, spec, "jobs") + f"bash: jobs: {spec}: no such job\n"
            else:
                chosen.append(job)
    shown = []
    for job in chosen:
        status = _status(job)
        if "r" in flags and status != "Running" or "s" in flags:
            continue
        if "p" in flags:
            out.append(f"{job.process.pid}\n")
            continue
        out.append(_line(job, marks[job.number], status, "l" in flags))
        shown.append((job, status))
    for job, status in shown:
        if status != "Running":
            _forget(ctx.machine, job)            # a finished job is reported once
    return CommandResult("".join(out), err, 1 if err else 0)


def _forget(machine: Any, job: Job) -> None:
    table = _table(machine)
    if job in table:
        table.remove(job)
    status = getattr(job.process, "returncode", None)
    if status is None:
        status = 128 + job.signo if job.signo else 0
    table.statuses[job.process.pid] = status
    if isinstance(job.process, jobs_run.Task) and job not in table.inherited:
        jobs_run.account(job.process)


def reap(machine: Any, only: Optional[Job] = None) -> str:
    """bash's notify_and_cleanup: jobs that ended leave the table; the notices of deaths by a signal other
    than INT, TERM and PIPE (`bash: PID Killed   CMD`) are returned."""
    notices = ""
    for job in [j for j in _table(machine) if not j.process.running and (only is None or j is only)]:
        signo = getattr(job.process, "signo", 0) or job.signo
        if signo and signo not in jobs_run.QUIET:
            notices += f"bash: {job.process.pid:>5} {signals.death(signo):<24}{job.text}\n"
        _forget(machine, job)
    return notices


def after_foreground(shell: Any, argv: list[str]) -> None:
    """A foreground program ended: bash reaps the jobs that ended meanwhile (job builtins are no programs)."""
    if argv and argv[0] not in BASH_BUILTINS:
        shell.err(reap(shell.ctx.machine))


def _find(table: list[Job], spec: str) -> Optional[Job]:
    if not spec.startswith("%"):
        return None
    key = spec[1:]
    if key in ("", "+", "%"):
        return table[-1] if table else None
    if key == "-":
        return table[-2] if len(table) > 1 else (table[-1] if table else None)
    if key.isascii() and key.isdigit():
        return next((j for j in table if j.number == int(key)), None)
    found = [j for j in table if (key[1:] in j.text if key.startswith("?") else j.text.startswith(key))]
    return found[0] if len(found) == 1 else None


def _ambiguous(table: list[Job], spec: str, builtin: str) -> str:
    """bash's `NAME: ambiguous job spec` line when a %NAME or %?TEXT spec matches more than one job, else ""."""
    key = spec[1:] if spec.startswith("%") else spec
    if key in ("", "+", "%", "-") or key.isascii() and key.isdigit():
        return ""
    name = key[1:] if key.startswith("?") else key
    found = [j for j in table if (name in j.text if key.startswith("?") else j.text.startswith(name))]
    return f"bash: {builtin}: {name}: ambiguous job spec\n" if len(found) > 1 else ""


def _signal(argv: list[str]) -> tuple[int, list[str], Optional[CommandResult]]:
    signo, rest, given = 15, list(argv), ""
    if rest and rest[0] in ("-s", "-n"):
        if len(rest) < 2:
            return 0, [], CommandResult("", f"bash: kill: {rest[0]}: option requires an argument\n", 1)
        given, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("-") and rest[0] != "-" and rest[0] != "--":
        given, rest = rest[0][1:], rest[1:]
    if given:
        signo = signals.signo(given)
        if signo < 0:
            return 0, [], CommandResult("", f"bash: kill: {given}: invalid signal specification\n", 1)
    if rest and rest[0] == "--":
        rest = rest[1:]
    return signo, rest, None


@command("kill")
def kill(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    if len(argv) > 1 and argv[1] in ("-l", "-L"):
        return _list(argv[2:])
    signo, targets, bad = _signal(argv[1:])
    if bad is not None:
        return bad
    if not targets:
        return CommandResult("", KILL_USAGE, 2)            # a builtin usage line has no "bash: "
    table = _table(ctx.machine)
    err, rc = "", 0
    for target in targets:
        job = _find(table, target) if target.startswith("%") else None
        if target.startswith("%") and job is None:
            err, rc = err + (_ambiguous(table, target, "kill") or f"bash: kill: {target}: no such job\n"), 1
            continue
        if job is None:
            if not (target.lstrip("-").isascii() and target.lstrip("-").isdigit()):
                err, rc = err + f"bash: kill: {target}: arguments must be process or job IDs\n", 1
                continue
            process = next((p for p in getattr(ctx.machine, "processes", []) if getattr(p, "pid", None) ==
                            int(target)), None)
            job = next((j for j in table if j.process is process), None) if process is not None else None
            if process is None:
                err, rc = err + f"bash: kill: ({target}) - No such process\n", 1
                continue
            if job is None:
                _end(process, signo)
                continue
        if signo in _HARMLESS or signo in jobs_run.IGNORED or not job.process.running:
            continue
        job.signo = signo
        _end(job.process, signo)
    return CommandResult("", err, rc)


_HARMLESS = frozenset({0, 17, 18, 19, 20, 21, 22, 23, 28})   # none, CHLD, CONT, STOP/TSTP/TTIN/TTOU, URG, WINCH


def _end(process: Any, signo: int) -> None:
    if signo in _HARMLESS:
        return
    if isinstance(process, jobs_run.Task):
        jobs_run.kill(process, signo)
        return
    stop = getattr(process, "stop", None)
    if callable(stop):
        stop(128 + signo)


def _list(specs: list[str]) -> CommandResult:
    """kill -l [SIG...]: the table, or each number's name / each name's number (an exit status above 128
    names its signal)."""
    if not specs:
        return CommandResult(signals.kill_list(), "", 0)
    out, err = [], ""
    for spec in specs:
        if spec.isascii() and spec.isdigit():
            number = int(spec) - 128 if int(spec) > 128 else int(spec)
            found = "EXIT" if number == 0 else signals.name(number)
            if found is None:
                err += f"bash: kill: {spec}: invalid signal specification\n"
            else:
                out.append(found + "\n")
            continue
        number = signals.signo(spec)
        if number <= 0:
            err += f"bash: kill: {spec}: invalid signal specification\n"
        else:
            out.append(f"{number}\n")
    return CommandResult("".join(out), err, 1 if err else 0)


def _pick(ctx: Any, name: str, specs: list[str]) -> tuple[list[Job], str]:
    """The jobs `specs` name (none: the current job), and bash's 'no such job' lines for the others."""
    table = _table(ctx.machine)
    if not specs:
        return (table[-1:], "") if table else ([], f"bash: {name}: current: no such job\n")
    found, err = [], ""
    for spec in specs:
        if spec.startswith("%"):
            job = _find(table, spec)
        else:                           # disown N: a pid (bash's legal_number first)
            job = next((j for j in table if spec.isascii() and spec.isdigit() and j.process.pid == int(spec)), None)
        if job is None:
            err += _ambiguous(table, spec, name) + f"bash: {name}: {spec}: no such job\n"
        else:
            found.append(job)
    return found, err


@command("fg", "bg")
def fg(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    """fg/bg: a script's bash has no job control (checked first, whatever the operands)."""
    return CommandResult("", f"bash: {argv[0]}: no job control\n", 1)


@command("disown")
def disown(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    flags = [a for a in argv[1:] if a.startswith("-") and not a.startswith("%")]
    specs = [a for a in argv[1:] if a not in flags]
    table = _table(ctx.machine)
    err = ""
    for group in [None] if "-a" in flags else [[spec] for spec in specs] or [[]]:   # one spec at a time: a job
        chosen, more = (list(table), "") if group is None else _pick(ctx, "disown", group)  # named twice is gone
        err += more
        for job in chosen:
            if "-h" not in flags:
                table.remove(job)
                if isinstance(job.process, jobs_run.Task):
                    jobs_run.account(job.process)
    return CommandResult("", err, 1 if err else 0)


def set_last(machine: Any, pid: int) -> None:
    _table(machine).last_bg = str(pid)


def last_pid(machine: Any) -> str:
    """$!: the pid of the newest background job ("" when the shell started none)."""
    table = _table(machine)
    if table.last_bg is not None:
        return table.last_bg
    return str(table[-1].process.pid) if table else ""


BASH_BUILTINS = frozenset({"kill", "jobs", "fg", "bg", "disown", "wait"})   # `type` says "is a shell builtin"
