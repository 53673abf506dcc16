"""bash's traps in the simulated shell: the `trap` builtin and when EXIT, ERR, DEBUG and RETURN actions run.

As bash 5.2 -c does them (measured in a private namespace, cases in tests/shell/data/bash_cases.txt):
- EXIT runs when the script (or a subshell that set its own) ends, $? its status; `exit N` in it sets the status.
- ERR runs after a command fails where errexit would act, $? its status; not for a compound command.
- DEBUG runs before each simple command, each `for` iteration, `case`, `[[ ]]`, `(( ))` and each part of an
  arithmetic `for`, with $BASH_COMMAND that command (as bash prints it back) and $LINENO its line.
- RETURN runs when a function or a sourced file returns, in its context.
- A function does not inherit DEBUG and RETURN (without set -T, functrace) nor ERR (without set -E, errtrace):
  they are put aside while it runs and come back unless it set its own. A subshell ( ... ), $(...) or a
  compound pipeline stage lists its parent's traps but runs only ERR (with -E) and DEBUG/RETURN (with -T);
  a trap it sets is its own, and its own EXIT trap runs when it ends.
A trap's action runs with $? as before it and changes $? of nothing; no trap runs inside the DEBUG trap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from course_lib.result import CommandResult
from course_lib.shell import signals

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell

_PSEUDO = ("EXIT", "DEBUG", "RETURN", "ERR")
_TRAP_USAGE = "trap: usage: trap [-lp] [[arg] signal_spec ...]\n"


def _trap_key(spec: str) -> Optional[str]:
    upper = spec.upper()
    if upper in _PSEUDO or upper == "0" or upper in ("SIGEXIT",):
        return "EXIT" if upper in ("0", "SIGEXIT") else upper
    number = signals.signo(spec)
    if number <= 0:
        return None
    return "SIG" + (signals.name(number) or str(number))


def traps(sh: "Shell") -> dict[str, str]:
    """The shell's trap table (key -> action), made on first need."""
    found = sh.__dict__.get("traps")
    if found is None:
        found = sh.__dict__["traps"] = {}
    return found


def action_of(sh: "Shell", key: str) -> Optional[str]:
    """The action the shell runs for `key` now (None: none, or one a subshell only lists)."""
    table = sh.__dict__.get("traps")
    if not table:
        return None
    action = table.get(key)
    if action and key in sh.__dict__.get("traps_off", ()):
        return None
    return action


def b_trap(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    args = argv[1:]
    if args and args[0][:1] == "-" and args[0] not in ("-", "--"):
        bad = next((c for c in args[0][1:] if c not in "lp"), None)
        if bad:
            return CommandResult("", f"bash: trap: -{bad}: invalid option\n{_TRAP_USAGE}", 2)
        if "l" in args[0]:
            return CommandResult(signals.kill_list(), "", 0)
    table = traps(sh)
    if not args or args[0] == "-p":
        wanted = [_trap_key(a) for a in args[1:]] if args else []
        bad = "".join(f"bash: trap: {a}: invalid signal specification\n" for a in args[1:] if not _trap_key(a))
        out = "".join(f"trap -- '{cmd}' {key}\n" for key, cmd in table.items() if not wanted or key in wanted)
        return CommandResult(out, bad, 1 if bad else 0)
    if args[0] == "--":
        args = args[1:]
        if not args:                                        # `trap --` lists, as a bare trap
            return b_trap(sh, ["trap"], stdin)
    action, specs = (args[0], args[1:]) if len(args) > 1 or not _trap_key(args[0]) else ("-", args)
    if not specs:                                           # one word that is no signal: no ACTION + SIGSPEC
        return CommandResult("", _TRAP_USAGE, 2)
    err = ""
    off = sh.__dict__.get("traps_off")
    for spec in specs:
        key = _trap_key(spec)
        if key is None:
            err += f"bash: trap: {spec}: invalid signal specification\n"
            continue
        if off:
            off.discard(key)                                # the subshell's own from now on
        if action == "-":
            table.pop(key, None)
        else:
            table[key] = action
    return CommandResult("", err, 1 if err else 0)


# ---- running an action ------------------------------------------------------------------------------

def run_action(sh: "Shell", action: str, rc: int, command: Optional[str] = None) -> Optional[int]:
    """Run a trap's action: $? is `rc`, $LINENO the trapped command's line, $BASH_COMMAND the trapped command
    (`command`, else the one running now). Returns the status of an `exit` in it (None: it did not exit)."""
    from course_lib.shell import callstack
    state = sh.__dict__
    outer = state.get("trap_command")
    if outer is None:
        state["trap_command"] = command if command is not None else callstack.command_text(sh)
    line, base, current = sh.lineno, sh.line_base, sh.current
    sh.line_base = sh.line_base + sh.lineno - 1              # the action's first line is the command's
    state.pop("exit_rc", None)
    sh.last_rc = rc
    try:
        sh.run_source(action)
    finally:
        sh.lineno, sh.line_base, sh.current = line, base, current
        if outer is None:
            state.pop("trap_command", None)
    return state.pop("exit_rc", None)


def run_exit_trap(sh: "Shell", rc: int) -> int:
    """The script ends with status `rc`: its EXIT trap runs ($? is rc); an `exit N` in it gives the status."""
    action = action_of(sh, "EXIT")
    if not action:
        return rc
    del sh.__dict__["traps"]["EXIT"]
    exited = run_action(sh, action, rc)
    return rc if exited is None else exited


def run_err_trap(sh: "Shell", rc: int, command: object) -> None:
    """`trap CMD ERR`: a pipeline failed where errexit would act (run_and_or checks that). bash runs CMD with $?
    the status, not for a compound command (its failed command ran it already), not inside a subshell or $(...)
    without errtrace (a function puts ERR aside itself: function_begin), not from within the trap; `exit` in CMD
    ends the script."""
    action = action_of(sh, "ERR")
    if not action or sh.__dict__.get("in_err_trap"):
        return
    from course_lib.shell import jobs, jobs_run
    from course_lib.shell.parse_ast import ArithCommand, Conditional, SimpleCommand, Subshell
    if not isinstance(command, (SimpleCommand, Subshell, Conditional, ArithCommand)):
        return
    if not sh.__dict__.get("errtrace") and (sh.subst_level or jobs._NESTED.get(jobs_run.getcurrent())):
        return
    sh.__dict__["in_err_trap"] = True
    try:
        exited = run_action(sh, action, rc)
    finally:
        del sh.__dict__["in_err_trap"]
    if exited is not None:
        from course_lib.shell.interpreter_state import ShellExit
        raise ShellExit(exited)
    sh.last_rc = rc


def run_debug_trap(sh: "Shell", command: str) -> None:
    """Before a command: the DEBUG trap's action, $BASH_COMMAND `command`; $? stays as it was."""
    state = sh.__dict__
    action = state["traps"].get("DEBUG")
    if not action or "trap_command" in state or "DEBUG" in state.get("traps_off", ()):
        return
    rc = sh.last_rc
    exited = run_action(sh, action, rc, command)
    if exited is not None:
        from course_lib.shell.interpreter_state import ShellExit
        raise ShellExit(exited)
    sh.last_rc = rc


def debug_before(sh: "Shell", node: Any) -> None:
    """A simple command is about to run: its DEBUG trap, if one is set (and the pipeline has not run it already:
    bash runs a stage's in the shell itself, before the stage's fork, so its output is not the pipe's)."""
    state = sh.__dict__
    if "DEBUG" in state["traps"] and state.pop("debug_done", None) is not node:
        from course_lib.shell.callstack import node_text
        run_debug_trap(sh, node_text(node))


def debug_stage(sh: "Shell", node: Any) -> None:
    """A pipeline stage that is a simple command is about to start: its DEBUG trap, at the shell's output."""
    if "DEBUG" in sh.__dict__["traps"]:
        sh.lineno = node.line
        sh.current = node
        debug_before(sh, node)
        sh.__dict__["debug_done"] = node


# ---- scopes: functions, subshells ------------------------------------------------------------------

def function_begin(sh: "Shell") -> Optional[dict[str, str]]:
    """A function starts: the traps it does not inherit are put aside (returned for function_end)."""
    table = sh.__dict__.get("traps")
    if not table:
        return None
    keys = () if sh.__dict__.get("functrace") else ("DEBUG", "RETURN")
    keys += () if sh.__dict__.get("errtrace") else ("ERR",)    # type: ignore[operator]
    aside = {key: table.pop(key) for key in keys if key in table}
    return aside or None


def function_end(sh: "Shell", aside: Optional[dict[str, str]], rc: int, returned: bool = True,
                 command: Optional[str] = None) -> None:
    """A function (or a sourced file: `command` the source command) returns with `rc`: its RETURN trap runs, then
    the traps put aside come back unless it set its own. `returned` False: it was left otherwise (exit)."""
    action = action_of(sh, "RETURN") if returned else None
    if action and "trap_command" not in sh.__dict__:
        run_action(sh, action, sh.last_rc, command)         # $?: the last command's (`return N` sets it after)
        sh.last_rc = rc
    if aside:
        table = traps(sh)
        for key, value in aside.items():
            table.setdefault(key, value)


def subshell_begin(sh: "Shell") -> tuple[Any, Any, Any]:
    """A subshell starts: a table of its own that lists the parent's traps; only ERR (errtrace), DEBUG and
    RETURN (functrace) keep running in it. Returns what subshell_end puts back."""
    state = sh.__dict__
    saved = (state.pop("traps", None), state.pop("traps_off", None), sh.current)
    table = saved[0]
    if table:
        state["traps"] = dict(table)
        off = set(saved[1] or ()) | {"EXIT"} | ({"SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"}
                                                 & set(table))
        if not state.get("functrace"):
            off |= {"DEBUG", "RETURN"}
        if not state.get("errtrace"):
            off.add("ERR")
        state["traps_off"] = off
    return saved


def subshell_end(sh: "Shell", saved: tuple[Any, Any, Any], rc: int) -> int:
    """The subshell ends with `rc`: its own EXIT trap runs (an `exit N` in it gives the status), and the
    parent's traps are back, and its $BASH_COMMAND."""
    if action_of(sh, "EXIT"):
        rc = run_exit_trap(sh, rc)
    state = sh.__dict__
    state.pop("traps", None)
    state.pop("traps_off", None)
    if saved[0] is not None:
        state["traps"] = saved[0]
    if saved[1] is not None:
        state["traps_off"] = saved[1]
    sh.current = saved[2]
    return rc


def script_done(sh: "Shell", rc: int) -> int:
    """A script (lab.run's, `bash -c`'s) ends: its EXIT trap runs, then the jobs it started and nobody let
    run yet start (course_lib.shell.jobs_run.script_end). Returns the script's final status."""
    if "traps" in sh.__dict__:
        rc = run_exit_trap(sh, rc)
    if "jobs_spawned" in sh.__dict__:
        from course_lib.shell.jobs_run import script_end
        script_end(sh)
    return rc
