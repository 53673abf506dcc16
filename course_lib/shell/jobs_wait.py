"""bash 5.2's `wait [-fn] [-p VAR] [%N|PID ...]` on the job table of the running shell (course_lib.shell.jobs).

    wait            every job of this shell, in model time; status 0; forgets the statuses kept for `wait PID`
    wait %N / PID   that job's status (143 after TERM, 137 KILL...); a reaped pid's status stays until a bare wait
    wait -n [ID..]  the first of them (all without operands) to end: its status, 127 when there is none
    -p VAR          VAR is unset, then set to the pid whose status wait returns
Every form reaps the jobs that have ended (bash's notices for deaths by KILL, HUP...). A job that can never end (a
listener nobody calls) stops the wait when nothing is left to happen in the model.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from course_lib.result import CommandResult
from course_lib.shell import jobs_run
from course_lib.shell.jobs import Job, JobTable, _ambiguous, _find, _table, reap

USAGE = "wait: usage: wait [-fn] [-p var] [id ...]\n"


def wait(ctx: Any, argv: list[str], shell: Optional[Any] = None) -> CommandResult:
    """The builtin (`shell`: the Shell, for -p's variable)."""
    flags, var, specs = "", None, list(argv[1:])
    while specs and specs[0].startswith("-") and len(specs[0]) > 1:
        word = specs.pop(0)
        if word == "--":
            break
        if word == "-p":
            if not specs:
                return CommandResult("", "bash: wait: -p: option requires an argument\n" + USAGE, 2)
            var = specs.pop(0)
            continue
        bad = next((c for c in word[1:] if c not in "fn"), None)
        if bad is not None:
            return CommandResult("", f"bash: wait: -{bad}: invalid option\n" + USAGE, 2)
        flags += word[1:]
    if var is not None:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*", var):
            return CommandResult("", f"bash: wait: `{var}': not a valid identifier\n", 1)
        if shell is not None:
            shell.unset_var(var)
    result, pid = (_wait_any if "n" in flags else _wait)(ctx, specs)
    if var is not None and shell is not None and pid is not None:
        shell.set_var(var, str(pid))
    return result


def _own(machine: Any) -> JobTable:
    table = _table(machine)
    if not table.inherited:
        return table
    own = JobTable()                    # a `$(...)`: the parent's jobs are no children of it
    own.extend(j for j in table if j not in table.inherited)
    return own


def _wait(ctx: Any, specs: list[str]) -> tuple[CommandResult, Optional[int]]:
    """wait [ID ...]: waits in model time for the jobs (all of them without operands) and gives the last one's
    status; a job or pid that is no child is bash's error (127). Also the pid whose status it is."""
    machine = ctx.machine
    table = _own(machine)
    remembered = _table(machine).statuses
    rc, err, pid = 0, "", None
    if not specs:
        _wait_for(ctx, lambda: all(not j.process.running for j in table))
        notices = reap(machine)
        remembered.clear()
        return CommandResult("", notices, 0), None
    for spec in specs:
        if spec.startswith("%"):
            job = _find(table, spec)
            if job is None:
                err, rc = err + (_ambiguous(table, spec, "wait") or f"bash: wait: {spec}: no such job\n"), 127
                continue
        elif spec.isascii() and spec.isdigit():
            job = next((j for j in table if getattr(j.process, "pid", None) == int(spec)), None)
            if job is None:
                if int(spec) in remembered:         # kept until a bare `wait` (bash's bgpids list)
                    rc, pid = remembered[int(spec)], int(spec)
                    continue
                err, rc = err + f"bash: wait: pid {spec} is not a child of this shell\n", 127
                continue
        else:
            err, rc = err + f"bash: wait: `{spec}': not a pid or valid job spec\n", 2
            continue
        process = job.process
        _wait_for(ctx, lambda: not process.running)
        if process.running:
            rc = 0
            continue
        rc, pid = _code(job), process.pid
        err += reap(machine, job)
    return CommandResult("", err + reap(machine), rc), pid     # bash's wait reaps every job that has ended


def _wait_any(ctx: Any, specs: list[str]) -> tuple[CommandResult, Optional[int]]:
    """wait -n [%N|PID ...]: the first of the jobs (all of them without operands) to end; its status, or 127 when
    there is none. An operand that names no job is bash's 'no such job' (a pid too)."""
    table = _own(ctx.machine)
    chosen, err = (list(table), "") if not specs else ([], "")
    for spec in specs:
        job = _find(table, spec) if spec.startswith("%") else next(
            (j for j in table if spec.isascii() and spec.isdigit() and j.process.pid == int(spec)), None)
        if job is None:
            err += f"bash: wait: {spec}: no such job\n"
        else:
            chosen.append(job)
    if not chosen:
        return CommandResult("", err, 127), None
    _wait_for(ctx, lambda: any(not j.process.running for j in chosen))
    ended = next((j for j in chosen if not j.process.running), None)
    if ended is None:
        return CommandResult("", err, 0), None
    return CommandResult("", err + reap(ctx.machine, ended) + reap(ctx.machine), _code(ended)), ended.process.pid


def _code(job: Job) -> int:
    code = getattr(job.process, "returncode", None)
    return code if code is not None else (128 + job.signo if job.signo else 0)


def _wait_for(ctx: Any, done: Any) -> None:
    """Let model time pass until done() holds or nothing is left to happen."""
    if getattr(ctx, "backend", "sim") == "real":        # real time (course_lib.backends.real.jobs)
        from course_lib.backends.real.jobs import wait_for_jobs
        wait_for_jobs(ctx, done)
        return
    network = getattr(ctx.machine, "network", None)
    if network is None or not hasattr(network, "clock") or done():
        return
    from course_lib.net.events import scheduler
    jobs_run.start_pending(network)
    if not done():
        scheduler(network).pump(None, done)
