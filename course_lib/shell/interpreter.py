"""The bash-subset interpreter: runs scripts command by command, with redirections, pipes and builtins.

Entry points: `run_script(ctx, script, stdin="")` and `run_argv(ctx, argv, stdin="")`, both giving a
CommandResult whose stdout/stderr are what bash would print and whose returncode is bash's.
"""
from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any, Optional

from course_lib.result import CommandResult
from course_lib.shell import interpreter_commands as _commands
from course_lib.shell import jobs_run as _jobs
from course_lib.shell import jobs_sinks as _sinks
from course_lib.shell.interpreter_commands import MAX_DEPTH, CommandMixin, builtins_table
from course_lib.shell.interpreter_compound import CompoundMixin
from course_lib.shell.interpreter_exec import call_safely, run_plain_line, run_registered, run_registered_in_netns
from course_lib.shell.interpreter_expand import Expander, ExpansionError
from course_lib.shell.interpreter_glob import glob_paths
from course_lib.shell.interpreter_source import SourceMixin
from course_lib.shell.interpreter_state import (FunctionReturn, LoopControl, PersistentState, RedirectError,
                                                ShellExit, Sink, Stream, as_stream, ash_environ, exported_env,
                                                remaining, shell_tables)

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

__all__ = ["run_script", "run_argv", "Shell", "Stream", "ShellExit", "LoopControl", "FunctionReturn",
           "RedirectError", "as_stream", "remaining"]

log = logging.getLogger(__name__)


class Shell(SourceMixin, CommandMixin, CompoundMixin):
    """One bash process: variables, options, functions, cwd and the output sinks."""

    # options and counters start at these (class-level, so a new shell does not store them)
    subst_rc: Optional[int] = None
    errexit = nounset = noglob = xtrace = pipefail = False
    cond_depth = loop_depth = func_depth = 0
    lineno = line_base = 0          # the running command's line in its text, and that text's offset (callstack)
    current: Any = None             # the simple command running now ($BASH_COMMAND)
    _expander: Optional[Expander] = None

    def __init__(self, ctx: "ExecContext", argv0: str = "bash", positional: Optional[list[str]] = None,
                 depth: int = 0) -> None:
        self.ctx = ctx
        self.vars, self.exported, state = shell_tables(ctx)
        if state is not None:
            self.functions = dict(state.functions)
            self.aliases = dict(getattr(state, "aliases", {}))
            self.last_rc = getattr(state, "last_rc", 0)
        else:
            self.functions = {}
            self.aliases: dict[str, str] = {}
            self.last_rc = 0
        self.cwd = ctx.cwd or "/"
        self.argv0 = argv0
        self.positional = list(positional) if positional else []
        self.pid = 4242 + depth
        self.depth = depth
        self.sinks = [Sink(top=True)]

    @property
    def expander(self) -> Expander:
        """The word expander, made on first need (it refers back: a cycle only for shells that expand)."""
        expander = self._expander
        if expander is None:
            expander = self._expander = Expander(self)
        return expander

    def release(self) -> None:
        """The shell is done: drop the expander's reference back to it (frees the shell at once)."""
        self._expander = None

    # ---- state ----------------------------------------------------------------------------------
    def set_var(self, name: str, value: Any) -> None:
        """Assign a variable, an array element `X[i]` or (a list value) a whole array."""
        last = name[-1:]
        if "\0" in self.vars or last == "+" or last == "]" or type(value) is list:
            _lazy("course_lib.shell.var_attrs", "assign")(self, name, value)    # attributes, +=, arrays: var_attrs
            return
        self.vars[name] = value

    def unset_var(self, name: str) -> None:
        for key in [k for k in self.vars if k == name or (k.startswith(name + "[") and k.endswith("]"))]:
            del self.vars[key]

    def array_items(self, name: str) -> list[tuple[int, str]]:
        """The elements of array `name` by index (a plain variable is element 0)."""
        items = [(0, self.vars[name])] if name in self.vars else []
        prefix = name + "["
        for key, value in self.vars.items():
            if key.startswith(prefix) and key.endswith("]") and key[len(prefix):-1].isdigit():
                items.append((int(key[len(prefix):-1]), value))
        return sorted(items)

    exec_only = False       # run_argv's: a program exec'd directly, its environment as given

    def env(self) -> dict[str, str]:
        """The exported variables that are set (in the variables' order; BusyBox ash's in its own)."""
        env = exported_env(self.vars, self.exported)
        if self.exec_only or getattr(self.ctx.machine, "userland", "debian") == "debian":
            return env
        return ash_environ(env)

    def command_ctx(self, extra: Optional[dict[str, str]] = None) -> "ExecContext":
        env = self.env()
        if extra:
            env.update(extra)
        return self.ctx.derive(env=env, cwd=self.cwd)

    def view(self) -> Any:
        return _lazy("course_lib.shell.fs_view", "View")(self.ctx.derive(cwd=self.cwd))

    def snapshot(self) -> tuple[Any, ...]:
        """What a subshell changes only for itself (a pipeline stage, `( ... )`, `$(...)`, a job), fds of `exec 3>F` too."""
        state = self.__dict__
        return (dict(self.vars), set(self.exported), dict(self.functions), self.cwd, list(self.positional),
                self.errexit, self.nounset, self.noglob, self.xtrace, self.pipefail,
                {key: state[key] for key in _SUBSHELL_OWN if key in state})

    def restore(self, snap: tuple[Any, ...]) -> None:
        (self.vars, self.exported, self.functions, self.cwd, self.positional,
         self.errexit, self.nounset, self.noglob, self.xtrace, self.pipefail, own) = snap
        state = self.__dict__
        for key in _SUBSHELL_OWN:
            if key in own:
                state[key] = own[key]
            else:
                state.pop(key, None)

    def persist(self) -> None:
        """Keep cwd, exported environment, variables and functions in the context (a terminal's memory).
        The shell is done: the state takes its tables (the next shell copies them)."""
        env = self.env()
        self.ctx.cwd = self.cwd
        self.ctx.env = env
        self.ctx.shell_state = PersistentState(self.vars, self.exported, self.functions, self.aliases,
                                              self.last_rc, self.cwd, dict(env))

    # ---- output ---------------------------------------------------------------------------------
    def out(self, text: str) -> None:
        if text:
            self.sinks[-1].put(text, False)

    def err(self, text: str) -> None:
        if text:
            self.sinks[-1].put(text, True)

    def push(self) -> None:
        self.sinks.append(Sink())

    def pop(self) -> tuple[str, str]:
        sink = self.sinks.pop()
        return "".join(sink.out), "".join(sink.err)

    def glob(self, pattern: str) -> list[str]:
        return glob_paths(self.view(), pattern)

    def command_substitution(self, script: str) -> str:
        if self.depth + self.func_depth >= MAX_DEPTH:
            raise ExpansionError("maximum nesting level exceeded")
        snap = self.snapshot()
        errexit, self.errexit = self.errexit, False
        self.push()
        sink = self.sinks[-1]
        _sinks.capture_begin(self)      # a subshell: its own jobs; read to the end (jobs holding it end first)
        self.depth += 1
        self.subst_level += 1
        from course_lib.shell import callstack, traps
        trapped = traps.subshell_begin(self)
        try:
            rc = callstack.nested_text(self, script, self.run_source, substitution=True)
            rc = traps.subshell_end(self, trapped, rc)
            trapped = None
        finally:
            if trapped is not None:
                traps.subshell_end(self, trapped, 0)
            self.depth -= 1
            self.subst_level -= 1
            out, err = _sinks.capture_end(self, sink, *self.pop())
            self.restore(snap)
            self.errexit = errexit
        self.err(err)
        self.subst_rc = rc
        return out.rstrip("\n")

_SUBSHELL_OWN = ("exec_fds", "errtrace", "functrace")     # kept in the Shell's __dict__ only when set

_LAZY: dict[str, Any] = {}


def _lazy(module: str, name: str) -> Any:
    """`from MODULE import NAME`, done on first use (those modules import this one)."""
    value = _LAZY.get(name)
    if value is None:
        value = _LAZY[name] = getattr(importlib.import_module(module), name)
    return value


_NO_ROOT = object()


def run_script(ctx: "ExecContext", script: str, stdin: str = "", shared: bool = False) -> CommandResult:
    """Run a bash script (one line or many) like a terminal of the machine: cwd, variables, aliases
    and functions stay (in ctx.shell_state, else with the machine) for the next run. `shared`: ctx is
    the caller's and stays as it is (the run takes a copy when it needs one)."""
    machine = ctx.machine
    top_level = False
    terminal = None
    if ctx.shell_state is None and not ctx.netns_name:
        netns = ctx.netns
        root = getattr(machine, "root", _NO_ROOT)
        top_level = (None if root is _NO_ROOT else root) is netns
        if top_level or root is _NO_ROOT:
            # the machine's terminal (previous runs' cwd, variables...) when ctx has none, outside `ip netns exec`
            terminal = getattr(machine, "__dict__", {}).get("_shell_terminal")
    if terminal is not None:
        if top_level and not ctx.env and not (_jobs.LIVE and _jobs.live_on(machine)):
            result = run_plain_line(ctx, terminal, script, stdin, _commands._BUILTINS or builtins_table(), shared)
            if result is not None:
                machine.__dict__["_shell_terminal"] = terminal
                return result
        if shared:
            ctx, shared = ctx.derive(env={}), False
        ctx.shell_state = terminal
        ctx.cwd = terminal.cwd
        ctx.env = {**terminal.env, **ctx.env} if ctx.env else terminal.env
    if shared:
        ctx = ctx.derive(env=dict(ctx.env))
    shell = Shell(ctx)
    if top_level and _jobs.LIVE:        # jobs of earlier runs write to this run's output
        _jobs.terminal_begin(machine, shell.sinks[0])
    try:
        rc = shell.run_source(script, as_stream(stdin or ""))
    except RecursionError:      # commands nested deeper than the simulation runs (the parser allows ~200 levels)
        shell.err("bash: maximum nesting level exceeded\n")
        rc = 2
    except Exception as error:  # noqa: BLE001
        log.debug("internal error running %r", script, exc_info=True)
        shell.err(f"bash: internal error: {type(error).__name__}: {error}\n")
        rc = 1
    if "traps" in shell.__dict__ or "jobs_spawned" in shell.__dict__:
        from course_lib.shell.traps import script_done
        rc = script_done(shell, rc)     # its EXIT trap; the jobs it started run to their first wait
    if top_level and "_job_terminal" in machine.__dict__:
        _jobs.terminal_end(ctx)
    shell.last_rc = rc
    shell.persist()
    shell.release()
    if top_level and hasattr(ctx.machine, "__dict__"):
        ctx.machine.__dict__["_shell_terminal"] = ctx.shell_state
    top = shell.sinks[0]
    return CommandResult("".join(top.out), "".join(top.err), rc, tuple(top.seq) if top.out and top.err else ())


def run_machine_line(ctx: "ExecContext", script: str, stdin: str = "") -> CommandResult:
    """run_script(ctx, script, stdin, shared=True) for a backend's own context of a machine: its root netns,
    no environment and no terminal state of its own (checked), so the machine's terminal runs the line."""
    if ctx.shell_state is None and not ctx.env and not ctx.netns_name and not (_jobs.LIVE and
                                                                                _jobs.live_on(ctx.machine)):
        terminal = ctx.machine.__dict__.get("_shell_terminal")
        if terminal is not None and ctx.machine.root is ctx.netns:
            result = run_plain_line(ctx, terminal, script, stdin, _commands._BUILTINS or builtins_table(), True)
            if result is not None:
                return result
    return run_script(ctx, script, stdin, shared=True)


def run_argv_in_netns(ctx: "ExecContext", argv: list[str], stdin: str, netns_name: str, stack: Any, netns: Any
                      ) -> CommandResult:
    """run_argv(ctx, argv, stdin, {"netns_name": netns_name, "stack": stack, "netns": netns}): what `ip netns
    exec` runs, without the dict for a registered program."""
    if argv and argv[0] not in (_commands._BUILTINS or builtins_table()):
        result = run_registered_in_netns(ctx, argv, stdin, netns_name, stack, netns)
        if result is not None:
            return result
    return run_argv(ctx, argv, stdin, {"netns_name": netns_name, "stack": stack, "netns": netns})


_NETNS_FIELDS = frozenset({"netns", "netns_name", "stack"})


def run_argv(ctx: "ExecContext", argv: list[str], stdin: str = "",
             changes: Optional[dict[str, Any]] = None) -> CommandResult:
    """Run one already-split command (no expansion), builtins included, in ctx.derive(**changes)."""
    if changes and not _NETNS_FIELDS.issuperset(changes):
        ctx, changes = ctx.derive(**changes), None
    if not argv:
        return CommandResult("", "", 0)
    BUILTINS = _commands._BUILTINS or builtins_table()
    if argv[0] not in BUILTINS:
        # the netns fields change nothing run_registered looks at: they go into the command's context
        result = run_registered(ctx, argv, stdin, changes)
        if result is not None:
            return result
    if changes:
        ctx = ctx.derive(**changes)
    shell = Shell(ctx)
    shell.exec_only = True
    try:
        if argv[0] in BUILTINS:
            return call_safely(lambda c, a, s: BUILTINS[argv[0]](shell, a, s), ctx, argv, stdin)
        return shell.call_external(argv, stdin or "", {})
    except ShellExit as done:
        out, err = "".join(shell.sinks[0].out), "".join(shell.sinks[0].err)
        return CommandResult(out, err, done.rc)
    except (LoopControl, FunctionReturn):
        return CommandResult("", "", 0)
    finally:
        shell.release()
