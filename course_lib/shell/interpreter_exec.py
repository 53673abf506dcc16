"""Running a command implementation safely, and a terminal line that is one plain external command.

`call_safely` runs a command (an exception becomes one line of error text, never a traceback);
`run_registered` is run_argv's way for a registered external command (what `ip netns exec` runs):
the context and environment a Shell would give it, without making the Shell.
`run_plain_line` is run_script's fast path for the commonest terminal line, one external command of
plain words (`ip netns exec h1 ping -c 1 10.0.0.2`): when the terminal's remembered state is settled
(a Shell made from it would change nothing in it), the command runs straight in the context a Shell
would give it, and the terminal remembers the new exit code -- the same result, output order, state
and environment as the general path, without making a Shell.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Callable, Optional

from course_lib.result import CommandError, CommandResult
from course_lib.shell import registry
from course_lib.shell.interpreter_resolve import which_direct
from course_lib.shell.interpreter_source import MAX_SOURCE_NESTING, _NESTING
from course_lib.shell.context import with_fields
from course_lib.shell.interpreter_state import (FunctionReturn, LoopControl, PersistentState, ShellExit, Stream,
                                                TerminalEnv, exported_env, shell_environ)
from course_lib.shell.parse_cache import _PLAIN_WORDS, plain_words

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

log = logging.getLogger("course_lib.shell.interpreter")
_UNKNOWN: Any = object()
_set_item = dict.__setitem__


def call_safely(fn: Callable[..., Any], ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    """Run a command implementation; a Python exception becomes a one-line internal error (rc 1)."""
    try:
        result = fn(ctx, argv, stdin)
    except CommandError as error:
        message = error.message if error.message.endswith("\n") or not error.message else error.message + "\n"
        return CommandResult("", message, error.returncode)
    except (ShellExit, LoopControl, FunctionReturn, RecursionError):
        raise
    except Exception as error:  # noqa: BLE001 - a bug must never reach the learner as a traceback
        log.debug("internal error in %s", argv, exc_info=True)
        return CommandResult("", f"bash: {argv[0]}: internal error: {type(error).__name__}: {error}\n", 1)
    if not isinstance(result, CommandResult):
        return CommandResult("", f"bash: {argv[0]}: internal error: no result\n", 1)
    return result


def run_registered(ctx: "ExecContext", argv: list[str], stdin: str,
                   changes: Optional[dict[str, Any]] = None) -> Optional[CommandResult]:
    """run_argv of a registered command that is no builtin (Shell(ctx).call_external's result, its
    errors as run_argv returns them), in ctx with `changes` made (the netns of `ip netns exec`: nothing
    the environment depends on); None when the command takes the general path."""
    name = argv[0]
    # a Debian userland, where every registered command is there to run (a BusyBox or Alpine image has
    # its own list and errors: resolve() decides there)
    if "/" in name or getattr(ctx.machine, "userland", "debian") != "debian":
        return None
    fn = registry.lookup_plain(name)
    if fn is None:
        return None
    variables_path, env = shell_environ(ctx)
    path = which_direct(ctx, variables_path, name, fn)
    if path is None:
        return None
    if getattr(ctx.machine, "owner_machine", None) is None:    # a container's process is exec'd by no shell
        env["_"] = path or name
    if changes:
        changes["env"], changes["cwd"] = env, ctx.cwd or "/"
        command_ctx = with_fields(ctx, changes)
    else:
        command_ctx = with_fields(ctx, {"env": env, "cwd": ctx.cwd or "/"})
    try:
        return call_safely(fn, command_ctx, argv, str(stdin[stdin.pos:]) if type(stdin) is Stream else stdin or "")
    except ShellExit as done:
        return CommandResult("", "", done.rc)
    except (LoopControl, FunctionReturn):
        return CommandResult("", "", 0)


def run_plain_line(ctx: "ExecContext", state: PersistentState, script: str, stdin: str,
                   builtins: dict[str, Any], shared: bool = False) -> Optional[CommandResult]:
    """run_script of `script` in the terminal whose state is `state` (ctx brings no environment of its
    own), when the script is one plain external command and the state is settled; else None (nothing
    was run: the general path runs it). `shared`: ctx is left as it is (else it takes the state, as
    run_script leaves its context)."""
    plan = state.lines.get(script)
    if plan is None or plan[0] is not builtins:
        plan = _line_plan(state, script, builtins)
    words = plan[1]
    if words is None or getattr(ctx.machine, "userland", "debian") != "debian":      # see run_registered
        return None
    name = words[0]
    fn = registry.lookup_plain(name)
    if fn is None or _NESTING.depth + 1 >= MAX_SOURCE_NESTING:
        return None
    path = which_direct(ctx, plan[2], name, fn)
    if path is None:
        return None
    cwd = plan[3]
    env = state.plain_env                   # what Shell.env() gives for the state's tables
    if env is None:
        env = state.plain_env = exported_env(state.vars, state.exported)
    command_env = TerminalEnv(env)          # Shell.env() and bash's `_`, known to come from this state
    path = path or name
    _set_item(command_env, "_", path)
    command_env.origin = (state, path)
    rc = state.last_rc
    out = err = ""
    result = None
    _NESTING.depth += 1                     # run_source's count of scripts inside scripts
    try:
        result = call_safely(fn, with_fields(ctx, {"shell_state": state, "env": command_env, "cwd": cwd}),
                             list(words), stdin or "")
        out, err, rc = result.stdout, result.stderr, result.returncode
    except ShellExit as done:
        rc = done.rc
    except LoopControl:
        pass
    except FunctionReturn as error:        # what run_script makes of an exception out of the shell
        err, rc = f"bash: internal error: {type(error).__name__}: {error}\n", 1
    finally:
        _NESTING.depth -= 1
    # Shell.persist: the terminal keeps its tables (no command could change them), now with this rc
    state.last_rc = rc
    if not shared:
        ctx.shell_state, ctx.cwd, ctx.env = state, cwd, dict(env)
    if out and err:
        return CommandResult(out, err, rc, ((False, out), (True, err)))
    if result is not None and type(result) is CommandResult and not result.chunks:
        return result                       # the command's own (results are never changed)
    return CommandResult(out, err, rc)


MAX_LINES = 256


def _line_plan(state: PersistentState, script: str, builtins: dict[str, Any]) -> tuple:
    """What run_plain_line reads of `script` in `state` (never changed once kept): (builtins, the words or None
    when the line takes the general path, PATH, cwd), remembered in the state."""
    words = _PLAIN_WORDS.get(script, _UNKNOWN)
    if words is _UNKNOWN:
        words = plain_words(script)
    variables = state.vars
    cwd = state.cwd or "/"
    if words is not None and (state.aliases or "/" in words[0] or words[0] in state.functions
                              or words[0] in builtins
                              # what Shell.__init__ would set is there already (state.env: what Shell.env() gives)
                              or variables.get("PWD") != cwd or "HOSTNAME" not in variables
                              or "OLDPWD" not in state.exported):
        words = None
    plan = (builtins, words, variables.get("PATH", ""), cwd)
    if len(state.lines) >= MAX_LINES:
        state.lines.clear()
    state.lines[script] = plan
    return plan
