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
from course_lib.shell.registry import _BACKEND_COMMANDS, _COMMANDS
from course_lib.shell.fs import get_fs
from course_lib.shell.interpreter_resolve import _PROGRAM_PATHS, _candidates, _program_path, which_direct
from course_lib.shell.interpreter_source import MAX_SOURCE_NESTING, _NESTING
from course_lib.shell.context import deriver, with_fields
from course_lib.shell.interpreter_state import (FunctionReturn, LoopControl, PersistentState, ShellExit, Stream,
                                                Environ, TerminalEnv, environ_of, exported_env)
from course_lib.shell.parse_cache import _PLAIN_WORDS, plain_words

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

log = logging.getLogger("course_lib.shell.interpreter")
_UNKNOWN: Any = object()
_set_item = dict.__setitem__
_with_env = deriver("env", "cwd")
_in_netns_with_env = deriver("netns_name", "stack", "netns", "env", "cwd")
_in_terminal = deriver("shell_state", "env", "cwd")
_in_terminal_netns = deriver("shell_state", "env", "cwd", "netns_name", "stack", "netns")


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
    found = registered_program(ctx, argv[0])
    if found is None:
        return None
    fn, env = found
    if not changes:
        command_ctx = _with_env(ctx, env, ctx.cwd or "/")
    else:
        changes["env"], changes["cwd"] = env, ctx.cwd or "/"
        command_ctx = with_fields(ctx, changes)
    return _run_program(fn, command_ctx, argv, str(stdin[stdin.pos:]) if type(stdin) is Stream else stdin or "")


def run_registered_in_netns(ctx: "ExecContext", argv: list[str], stdin: str, netns_name: str, stack: Any,
                            netns: Any) -> Optional[CommandResult]:
    """run_registered(ctx, argv, stdin, {"netns_name": netns_name, "stack": stack, "netns": netns}) (ip netns
    exec's changes), without the dict."""
    found = registered_program(ctx, argv[0])
    if found is None:
        return None
    return _run_program(found[0], _in_netns_with_env(ctx, netns_name, stack, netns, found[1], ctx.cwd or "/"), argv,
                        str(stdin[stdin.pos:]) if type(stdin) is Stream else stdin or "")


def registered_program(ctx: "ExecContext", name: str) -> Optional[tuple[Any, dict[str, str]]]:
    """(implementation, environment) run_registered runs program `name` with in ctx; None when the general
    path must run it (a path, another userland, no such registered command, PATH that which_direct leaves)."""
    # a Debian userland, where every registered command is there to run (a BusyBox or Alpine image has
    # its own list and errors: resolve() decides there)
    if "/" in name or getattr(ctx.machine, "userland", "debian") != "debian":
        return None
    fn = registry.lookup_plain(name)
    if fn is None:
        return None
    env = program_environ(ctx, name, fn)
    return None if env is None else (fn, env)


def program_environ(ctx: "ExecContext", name: str, registered: Any) -> Optional[dict[str, str]]:
    """The environment run_registered gives the registered program `name` in ctx: shell_environ(ctx)'s, with bash's
    `_` set to which_direct's path of the program (not in a container); None when which_direct takes the general
    lookup. Kept per program in environ_of(ctx)'s entry: PATH's candidate files and the environment with the
    program's usual path; the file table is asked each time whether a candidate is there."""
    return _program_env(environ_of(ctx), ctx, name, registered)


def _program_env(known: Environ, ctx: "ExecContext", name: str, registered: Any) -> Optional[dict[str, str]]:
    program = known.programs.get(name)
    if program is None:
        program = _program_entry(known, ctx.machine, name)
    return _env_of_program(program, ctx, registered)


def _program_entry(known: Environ, machine: Any, name: str) -> tuple:
    """(PATH's candidate files or None, the environment with the program's usual path, Environ, name, whether `_`
    is set), kept in known.programs."""
    owned = getattr(machine, "owner_machine", None) is None      # a container's process is exec'd by no shell
    usual = dict(known.env)
    if owned:
        usual["_"] = _PROGRAM_PATHS.get(name) or _program_path(name)
    program = known.programs[name] = (_candidates(known.path, name), usual, known, name, owned)
    return program


def _env_of_program(program: tuple, ctx: "ExecContext", registered: Any) -> Optional[dict[str, str]]:
    candidates, usual, known, name, owned = program
    if candidates is None:
        return None
    machine = ctx.machine
    if (machine.fs or get_fs(machine)).nodes.keys().isdisjoint(candidates):
        return usual.copy()                 # which_direct's answer: the registered program's usual path
    env = known.env.copy()
    if owned:
        env["_"] = which_direct(ctx, known.path, name, registered)
    return env


def run_plain_line(ctx: "ExecContext", state: PersistentState, script: str, stdin: str,
                   builtins: dict[str, Any], shared: bool = False) -> Optional[CommandResult]:
    """run_script of `script` in the terminal whose state is `state` (ctx brings no environment of its
    own), when the script is one plain external command and the state is settled; else None (nothing
    was run: the general path runs it). `shared`: ctx is left as it is (else it takes the state, as
    run_script leaves its context). `ip netns exec NAME CMD...` runs CMD straight in netns NAME, as the
    ip command would (ip_netns_exec)."""
    plan = state.lines.get(script)
    if plan is None or plan[0] is not builtins:
        plan = _line_plan(state, script, builtins)
    words = plan[1]
    machine = ctx.machine
    if words is None or getattr(machine, "userland", "debian") != "debian":      # see run_registered
        return None
    name = words[0]
    fn = _COMMANDS.get(name) if registry._loaded and not _BACKEND_COMMANDS else registry.lookup(name)
    depth = _NESTING.depth
    if fn is None or depth + 1 >= MAX_SOURCE_NESTING:
        return None
    if (machine.fs or get_fs(machine)).nodes.keys().isdisjoint(plan[5]):
        path = plan[6]                      # which_direct's answer when no PATH directory has the name
    else:
        path = which_direct(ctx, plan[2], name, fn) or name
    cwd = plan[3]
    env = state.plain_env                   # what Shell.env() gives for the state's tables
    if env is None:
        env = state.plain_env = exported_env(state.vars, state.exported)
    exec_in = plan[4]
    if plan[7] is not None and _IP_FAST.ON and (fn is _IP_ENTRY or _is_ip(fn)):
        made = _ip_direct(ctx, words, plan[7], state.last_rc)     # ip's short way (ip/fast.py): no context made
        if made is not None:
            state.last_rc = made.returncode
            if not shared:
                ctx.shell_state, ctx.cwd, ctx.env = state, cwd, dict(env)
            return made
    if exec_in is not None and (fn is _IP_ENTRY or _is_ip(fn)):
        call = _netns_exec_call(ctx, state, exec_in, path, cwd, env)
        if call is None:
            exec_in = None
    if exec_in is None:
        command_env = TerminalEnv(env)      # Shell.env() and bash's `_`, known to come from this state
        _set_item(command_env, "_", path)
        command_env.origin = (state, path)
        call = (fn, _in_terminal(ctx, state, command_env, cwd), list(words))
    rc = state.last_rc
    out = err = ""
    result = None
    if exec_in is not None and call[0] is None:     # ping's short way (nettools/ping_fast): no context to make
        result = _ping_direct(machine, *call[1:])   # (it runs no script: no nesting to count)
        if result is None:
            call = _netns_exec_call(ctx, state, exec_in, path, cwd, env, False)
        else:
            out, err, rc = result.stdout, result.stderr, result.returncode
    if result is None:
        _NESTING.depth = depth + 1          # run_source's count of scripts inside scripts
        try:
            if exec_in is None:
                result = call_safely(*call, stdin or "")
            else:                           # ip_netns_exec's run of the program, and ip's result
                result = _ip_netns_exec_result(_run_program(*call, stdin or ""), exec_in[1][0])
            out, err, rc = result.stdout, result.stderr, result.returncode
        except ShellExit as done:
            rc = done.rc
        except LoopControl:
            pass
        except FunctionReturn as error:    # what run_script makes of an exception out of the shell
            err, rc = f"bash: internal error: {type(error).__name__}: {error}\n", 1
        except RecursionError:              # run_script's answer, as the slow path gives it
            err, rc = "bash: maximum nesting level exceeded\n", 2
        finally:
            _NESTING.depth = depth
    # Shell.persist: the terminal keeps its tables (no command could change them), now with this rc
    state.last_rc = rc
    if not shared:
        ctx.shell_state, ctx.cwd, ctx.env = state, cwd, dict(env)
    if out and err:
        return CommandResult(out, err, rc, ((False, out), (True, err)))
    if result is not None and type(result) is CommandResult and not result.chunks:
        return result                       # the command's own (results are never changed)
    return CommandResult(out, err, rc)


def _ip_direct(ctx: "ExecContext", words: tuple, request: Any, rc: int) -> Optional[CommandResult]:
    """What run_plain_line's run of the ip command gives for a line ip/fast.py makes (`request`, its line_plan of
    the words; `rc` the terminal's last exit code), without the command's context: ip_command reads only the
    stack, netns and backend of it, which the terminal's context has. None when the request's checks send the
    line to ip's general parser (nothing was made)."""
    try:
        made = _IP_FAST.run(ctx, words, request)
    except ShellExit as done:               # run_plain_line's answers for what call_safely lets through
        return CommandResult("", "", done.rc)
    except LoopControl:
        return CommandResult("", "", rc)
    except FunctionReturn as error:
        return CommandResult("", f"bash: internal error: {type(error).__name__}: {error}\n", 1)
    except RecursionError:
        return CommandResult("", "bash: maximum nesting level exceeded\n", 2)
    except Exception as error:  # noqa: BLE001 - call_safely's answer for a bug
        log.debug("internal error in %s", words, exc_info=True)
        return CommandResult("", f"bash: ip: internal error: {type(error).__name__}: {error}\n", 1)
    return None if made is None else CommandResult("", made[0], made[1])


def _run_program(fn: Any, ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    """run_registered's run of a program and its answers for the shell's own exceptions."""
    try:
        return call_safely(fn, ctx, argv, stdin)
    except ShellExit as done:
        return CommandResult("", "", done.rc)
    except (LoopControl, FunctionReturn):
        return CommandResult("", "", 0)


def _netns_exec_call(ctx: "ExecContext", state: PersistentState, exec_in: tuple, ip_path: str, cwd: str,
                     env: dict[str, str], direct: bool = True) -> Optional[tuple]:
    """(program, its context, argv) of `ip netns exec NAME CMD...` as the ip command in this terminal line would
    run it (ip_netns_exec, then run_registered with ip's environment: the state's and `_`=ip's path); None
    when the ip command must run (a missing netns, another backend, a program run_registered leaves to the
    general path). What it found is kept in the line's memo while the context's stack, the netns of that name,
    the program's implementation, ip's path and the hostname are the same."""
    name, argv, memo = exec_in
    program = argv[0]
    fn = _COMMANDS.get(program) if registry._loaded and not _BACKEND_COMMANDS else registry.lookup(program)
    stack = ctx.stack
    machine = ctx.machine
    hostname = getattr(machine, "hostname", "localhost")
    if memo and memo[0] is stack and memo[1] is machine and stack.netns is ctx.netns and memo[4] is fn \
            and memo[5] == ip_path and memo[6] == hostname and stack.machine.netns.get(name) is memo[2]:
        netns, inner, entry = memo[2], memo[3], memo[7]
    else:
        target = _ip_netns_target(ctx, name)
        if target is None or fn is None:
            return None
        inner, netns = target
        key = (ip_path, cwd, hostname, getattr(machine, "owner_machine", None) is None)
        known = state.environs.get(key)     # environ_of(ip's context)
        if known is None:
            ip_env = TerminalEnv(env)
            _set_item(ip_env, "_", ip_path)
            ip_env.origin = (state, ip_path)
            known = environ_of(_in_terminal(ctx, state, ip_env, cwd))
        entry = known.programs.get(program) or _program_entry(known, machine, program)
        # ping_fast's plan of the words (a function of them only) when the program is the registered ping
        memo[:] = (stack, machine, netns, inner, fn, ip_path, hostname, entry,
                   _ping_fast.plan_of(argv) if fn is _PING_ENTRY and entry[0] is not None else None)
    if direct and memo[8] is not None and PING_DIRECT and _ping_fast.ON \
            and (machine.fs or get_fs(machine)).nodes.keys().isdisjoint(entry[0]):
        return None, netns, memo[8], program        # the registered ping runs: its short way
    program_env = _env_of_program(entry, ctx, fn)
    if program_env is None:
        return None
    return fn, _in_terminal_netns(ctx, state, program_env, cwd, name, inner, netns), list(argv)


_IP_ENTRY: Any = None
PING_DIRECT = True          # `ip netns exec NAME ping ...` lines may run ping_fast without a context (False: off)


def _ping_direct(machine: Any, netns: Any, plan: tuple, program: str) -> Optional[CommandResult]:
    """ping_fast's run of a plan (None: not run, ping's own way answers), as call_safely would give it."""
    try:
        return _ping_fast._run_plan(machine, netns, plan)
    except (ShellExit, LoopControl, FunctionReturn, RecursionError):
        raise
    except Exception as error:  # noqa: BLE001 - a bug must never reach the learner as a traceback
        log.debug("internal error in %s", program, exc_info=True)
        return CommandResult("", f"bash: {program}: internal error: {type(error).__name__}: {error}\n", 1)


def _ping_registered() -> Any:
    """The registry's ping (nettools/ping_extras's, which tries ping_fast first), imported on first use."""
    global _PING_ENTRY, _ping_fast
    from course_lib.shell.nettools import ping_extras, ping_fast
    _PING_ENTRY, _ping_fast = ping_extras.ping, ping_fast
    return _PING_ENTRY


_PING_ENTRY: Any = None
_ping_fast: Any = None


def _is_ip(fn: Any) -> bool:
    """Whether `fn` (the registry's `ip`) is the ip command, or the BusyBox wrapper that runs it on Debian."""
    global _IP_ENTRY, _ip_netns_target, _ip_netns_exec_result
    from course_lib.shell.ip import main, netns
    original = fn
    if getattr(fn, "__name__", "") == "busybox_or_ip":
        original = next((cell.cell_contents for cell in fn.__closure__ or ()
                         if cell.cell_contents is main.ip_command), None)
    if original is not main.ip_command:
        return False
    _IP_ENTRY, _ip_netns_target, _ip_netns_exec_result = fn, netns.exec_target, netns.exec_result
    _ping_registered()
    return True


_ip_netns_target: Any = None
_ip_netns_exec_result: Any = None
_IP_FAST: Any = None


def _ip_fast() -> Any:
    """course_lib/shell/ip/fast.py, imported on first use."""
    global _IP_FAST
    from course_lib.shell.ip import fast
    _IP_FAST = fast
    return fast


MAX_LINES = 256


def _line_plan(state: PersistentState, script: str, builtins: dict[str, Any]) -> tuple:
    """What run_plain_line reads of `script` in `state` (never changed once kept): (builtins, the words or None
    when the line takes the general path, PATH, cwd, (NAME, program argv) of `ip netns exec NAME CMD...` or None,
    PATH's candidate files for the program and its usual path, ip/fast.py's request of an `ip` line or None),
    remembered in the state. What depends on the
    program's name only is kept once per name (_program_plan)."""
    words = _PLAIN_WORDS.get(script, _UNKNOWN)
    if words is _UNKNOWN:
        words = plain_words(script)
    lines = state.lines
    if len(lines) >= MAX_LINES:
        lines.clear()
    if words is None:
        plan = (builtins, None, state.vars.get("PATH", ""), state.cwd or "/", None, None, None, None)
    else:
        program = lines.get((words[0],))
        if program is None or program[0] is not builtins:
            program = _program_plan(state, words[0], builtins)
        exec_in = None
        if program[1] is None:
            words = None
        elif len(words) > 4 and words[:3] == ("ip", "netns", "exec") and words[4] not in builtins \
                and "/" not in words[4]:
            exec_in = (words[3], words[4:], [])     # ip_netns_exec's netns name, program (no builtin, no path), memo
        request = (_IP_FAST or _ip_fast()).line_plan(words) if words is not None and words[0] == "ip" else None
        plan = (builtins, words, program[2], program[3], exec_in, program[4], program[5], request)
    lines[script] = plan
    return plan


def _program_plan(state: PersistentState, name: str, builtins: dict[str, Any]) -> tuple:
    """What _line_plan reads for a program `name` in `state`: (builtins, True or None when its lines take the general
    path, PATH, cwd, PATH's candidate files for it, its usual path), kept in state.lines under (name,)."""
    variables = state.vars
    cwd = state.cwd or "/"
    path = variables.get("PATH", "")
    candidates = usual = None
    plain = not (state.aliases or "/" in name or name in state.functions or name in builtins
                 # what Shell.__init__ would set is there already (state.env: what Shell.env() gives)
                 or variables.get("PWD") != cwd or "HOSTNAME" not in variables or "OLDPWD" not in state.exported)
    if plain:
        candidates = _candidates(path, name)      # which_direct's, None when it takes the general lookup
        if candidates is None:
            plain = False
        else:
            usual = _PROGRAM_PATHS.get(name) or _program_path(name)
    program = state.lines[(name,)] = (builtins, True if plain else None, path, cwd, candidates, usual)
    return program
