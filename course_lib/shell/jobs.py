"""bash's job table for the processes a command line leaves running (an `nc -l` listener, as with `&`), and the
`jobs` and `kill` commands as an interactive bash prints them.

    jobs            [1]+  Running                 nc -l 8080 &
    kill %1         [1]+  Terminated              nc -l 8080      (the notice bash prints before its next prompt)
    kill PID        the process ends the same way; `kill: (PID) - No such process` for an unknown one
A job that ended by itself (a listener after its one connection) is reported once by `jobs` as Done.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from course_lib.result import CommandResult
from course_lib.shell import signals
from course_lib.shell.registry import command

KILL_USAGE = ("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n")


@dataclass(eq=False)
class Job:
    number: int
    process: Any                 # has pid, running, cmdline and stop(code)
    text: str
    ended: Optional[str] = None  # "Terminated", "Killed"... when a signal ended it


def _table(machine: Any) -> list[Job]:
    return machine.__dict__.setdefault("shell_jobs", [])


def add(machine: Any, process: Any, text: str) -> Job:
    """A process the command line left running: the next job number (numbering restarts when none is left)."""
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
    pid = f" {job.process.pid}" if with_pid else ""
    text = job.text + " &" if status == "Running" else job.text
    return f"[{job.number}]{mark}{pid}  {status:<24}{text}\n" if not with_pid else \
        f"[{job.number}]{mark}{pid} {status:<24}{text}\n"


@command("jobs")
def jobs(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    table = _table(ctx.machine)
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
            job = _find(table, spec)
            if job is None:
                err += f"bash: jobs: {spec}: no such job\n"
            else:
                chosen.append(job)
    for job in chosen:
        running = job.process.running
        if "r" in flags and not running or "s" in flags:
            continue
        if "p" in flags:
            out.append(f"{job.process.pid}\n")
            continue
        out.append(_line(job, marks[job.number], "Running" if running else (job.ended or "Done"), "l" in flags))
    for job in [j for j in chosen if not j.process.running]:
        table.remove(job)                        # a finished job is reported once
    return CommandResult("".join(out), err, 1 if err else 0)


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
    found = [j for j in table if j.text.startswith(key)]
    return found[0] if len(found) == 1 else None


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
    marks = _marks(table)
    err, notices, rc = "", "", 0
    for target in targets:
        job = _find(table, target) if target.startswith("%") else None
        if target.startswith("%") and job is None:
            err, rc = err + f"bash: kill: {target}: no such job\n", 1
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
        if signo in (0, 18) or not job.process.running:
            continue
        job.ended = signals.death(signo)
        _end(job.process, signo)
        notices += _line(job, marks[job.number], job.ended)
        table.remove(job)
    return CommandResult("", err + notices, rc)


def _end(process: Any, signo: int) -> None:
    stop = getattr(process, "stop", None)
    if callable(stop) and signo not in (0, 18, 19):
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
        job = _find(table, spec if spec.startswith("%") else "%" + spec)
        if job is None:
            err += f"bash: {name}: {spec}: no such job\n"
        else:
            found.append(job)
    return found, err


@command("fg")
def fg(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    """fg [JOB]: bash prints the job's command line and waits for it; a job still running (a listener) is left
    running here, since a notebook cell cannot wait for it."""
    chosen, err = _pick(ctx, "fg", argv[1:2])
    if err:
        return CommandResult("", err, 1)
    job = chosen[0]
    if not job.process.running:
        _table(ctx.machine).remove(job)
    return CommandResult(job.text + "\n", "", 0)


@command("bg")
def bg(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    chosen, err = _pick(ctx, "bg", argv[1:])
    notes = "".join(f"bash: bg: job {j.number} already in background\n" for j in chosen)
    return CommandResult("", err + notes, 1 if err else 0)


@command("disown")
def disown(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    flags = [a for a in argv[1:] if a.startswith("-") and not a.startswith("%")]
    specs = [a for a in argv[1:] if a not in flags]
    table = _table(ctx.machine)
    if "-a" in flags:
        chosen, err = list(table), ""
    else:
        chosen, err = _pick(ctx, "disown", specs)
    for job in chosen:
        if "-h" not in flags:
            table.remove(job)
    return CommandResult("", err, 1 if err else 0)


def wait(ctx: Any, argv: list[str]) -> CommandResult:
    """bash's wait: no operand returns at once here (the jobs left are listeners that never end); a job or
    pid that is no child is bash's error, status 127; a finished job's status is its own."""
    table = _table(ctx.machine)
    rc, err = 0, ""
    for spec in [a for a in argv[1:] if a != "-n" and a != "-f"]:
        if spec.startswith("%"):
            job = _find(table, spec)
            if job is None:
                err, rc = err + f"bash: wait: {spec}: no such job\n", 127
                continue
        elif spec.isascii() and spec.isdigit():
            job = next((j for j in table if getattr(j.process, "pid", None) == int(spec)), None)
            if job is None:
                err, rc = err + f"bash: wait: pid {spec} is not a child of this shell\n", 127
                continue
        else:
            err, rc = err + f"bash: wait: `{spec}': not a pid or valid job spec\n", 2
            continue
        rc = 0 if job.process.running else getattr(job.process, "returncode", 0) or 0
    return CommandResult("", err, rc)


def last_pid(machine: Any) -> str:
    """$!: the pid of the newest background job ("" when the shell started none)."""
    table = machine.__dict__.get("shell_jobs")
    return str(table[-1].process.pid) if table else ""


BASH_BUILTINS = frozenset({"kill", "jobs", "fg", "bg", "disown", "wait"})   # `type` says "is a shell builtin"
