"""Running commands in a Shell: lists, pipelines, simple commands, builtins, functions, programs, redirections.

A Shell mixin (course_lib.shell.interpreter.Shell): it needs the Shell's variables, functions, sinks
(out/err/push/pop), expander, set_var and command_ctx.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Callable, Optional

from course_lib.result import CommandResult
from course_lib.shell import jobs_run as _jobs
from course_lib.shell import jobs as _jobtable
from course_lib.shell import jobs_sinks as _sinks
from course_lib.shell import jobs_stream as _stream
from course_lib.shell import callstack as _callstack
from course_lib.shell import traps as _traps
from course_lib.shell.interpreter_compound import MAX_LOOP
from course_lib.shell.interpreter_exec import call_safely
from course_lib.shell.interpreter_expand import ExpansionError
from course_lib.shell.interpreter_resolve import resolve, which
from course_lib.shell.interpreter_state import (DiscardLine, FunctionReturn, LoopControl, RedirectError, ShellExit,
                                                as_stream, remaining)
from course_lib.shell.parse_ast import (AndOr, ArithCommand, ArrayValue, Case, CFor, Command, CommandList, Conditional,
                                        For, FunctionDef, Group, If, Pipeline, PlainCommand, SimpleCommand, Subshell,
                                        While)

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext
    from course_lib.shell.interpreter_expand import Expander

MAX_DEPTH = 30            # nesting of functions and $(...) together (keeps Python's stack safe)

Runner = Callable[[str], int]

_BUILTINS: Optional[dict[str, Callable[..., CommandResult]]] = None


def builtins_table() -> dict[str, Callable[..., CommandResult]]:
    """The shell's builtins by name (interpreter_builtins imports the interpreter: bound on first use)."""
    global _BUILTINS
    if _BUILTINS is None:
        _BUILTINS = importlib.import_module("course_lib.shell.interpreter_builtins").BUILTINS
    return _BUILTINS


def _reap(shell: Any, argv: list[str]) -> None:
    """A foreground program ended: background jobs that ended meanwhile are reaped (course_lib.shell.jobs)."""
    from course_lib.shell.jobs import after_foreground
    after_foreground(shell, argv)


def _unwritten(writer: Optional[_stream.Writer], result: CommandResult) -> CommandResult:
    """A program's result less what it wrote as it went (course_lib.shell.jobs_stream)."""
    if writer is None or not (writer.out or writer.err):
        return result
    return CommandResult(writer.rest(result.stdout), writer.rest(result.stderr, True), result.returncode)


class CommandMixin:
    """How a Shell runs its commands."""

    ctx: "ExecContext"
    vars: dict[str, str]
    functions: dict[str, Any]
    positional: list[str]
    last_rc: int
    subst_rc: Optional[int]
    errexit: bool
    xtrace: bool
    pipefail: bool
    pipestatus: tuple[int, ...] = (0,)
    subst_level: int = 0                # command substitutions inside each other (set -x's `++`)
    cond_depth: int
    func_depth: int
    depth: int
    expander: "Expander"

    if TYPE_CHECKING:          # the Shell's own and CompoundMixin's (stubs here would hide them)
        def out(self, text: str) -> None: ...  # noqa: E704

        def err(self, text: str) -> None: ...  # noqa: E704

        def push(self) -> None: ...  # noqa: E704

        def pop(self) -> tuple[str, str]: ...  # noqa: E704

        def set_var(self, name: str, value: Any) -> None: ...  # noqa: E704

        def command_ctx(self, extra: Optional[dict[str, str]] = None) -> "ExecContext": ...  # noqa: E704

        def run_subshell(self, body: CommandList, stdin: str) -> int: ...  # noqa: E704

        def run_if(self, node: If, stdin: str) -> int: ...  # noqa: E704

        def run_for(self, node: For, stdin: str) -> int: ...  # noqa: E704

        def run_while(self, node: While, stdin: str) -> int: ...  # noqa: E704

        def run_case(self, node: Case, stdin: str) -> int: ...  # noqa: E704

    # ---- lists and pipelines --------------------------------------------------------------------
    def run_list(self, node: CommandList, stdin: str) -> int:
        rc = self.last_rc
        for item in node.items:
            if item.background:
                from course_lib.shell.jobs_run import spawn
                rc = self.last_rc = spawn(self, item)      # type: ignore[arg-type]
                continue
            rc = self.run_and_or(item, stdin)
        return rc

    def run_and_or(self, node: AndOr, stdin: str) -> int:
        if not node.rest:                   # one pipeline: what the general case below does for it
            rc = self.run_pipeline(node.first, stdin)
            self.last_rc = rc
            if rc != 0 and self.cond_depth == 0 and not node.first.negate:
                if "traps" in self.__dict__:
                    from course_lib.shell.traps import run_err_trap
                    run_err_trap(self, rc, node.first.commands[-1])
                if self.errexit:
                    raise ShellExit(rc)
            return rc
        last = not node.rest
        self.cond_depth += 0 if last else 1
        try:
            rc = self.run_pipeline(node.first, stdin)
        finally:
            self.cond_depth -= 0 if last else 1
        ran_last = last
        for index, (op, pipeline) in enumerate(node.rest):
            if (op == "&&") != (rc == 0):
                ran_last = False
                continue
            last = index == len(node.rest) - 1
            self.cond_depth += 0 if last else 1
            try:
                rc = self.run_pipeline(pipeline, stdin)
            finally:
                self.cond_depth -= 0 if last else 1
            ran_last = last
        self.last_rc = rc
        if rc != 0 and self.cond_depth == 0 and ran_last:
            last_pipeline = node.rest[-1][1] if node.rest else node.first
            if not last_pipeline.negate and "traps" in self.__dict__:
                from course_lib.shell.traps import run_err_trap
                run_err_trap(self, rc, last_pipeline.commands[-1])
            if not last_pipeline.negate and self.errexit:
                raise ShellExit(rc)
        return rc

    def run_pipeline(self, node: Pipeline, stdin: str) -> int:
        if len(node.commands) == 1:
            rc = self.run_command(node.commands[0], stdin)
            self.pipestatus = (rc,)
        else:
            data, rcs = stdin, []
            snap = self.snapshot()          # each command of a pipeline runs in a subshell
            before = self.last_rc           # started together: each stage's $? is the one before the pipeline
            for index, cmd in enumerate(node.commands):
                last = index == len(node.commands) - 1
                self.last_rc = before
                if "traps" in self.__dict__ and isinstance(cmd, SimpleCommand):
                    _traps.debug_stage(self, cmd)
                if not last:
                    self.push()
                    _sinks.pass_stderr(self)            # the pipe takes stdout only
                compound = not isinstance(cmd, SimpleCommand)      # a subshell with a job table of its own
                if compound:
                    _jobtable.enter_subshell(self.ctx.machine)
                trapped = _traps.subshell_begin(self)               # and traps of its own (`... | trap x ERR`)
                rc = 1
                try:
                    rc = self.run_command(cmd, data if index == 0 else as_stream(data))
                except ShellExit as done:
                    rc = done.rc
                except LoopControl:
                    rc = 0
                finally:
                    if compound:
                        _jobtable.leave_subshell()
                    rc = _traps.subshell_end(self, trapped, rc)
                    rcs.append(rc)
                    if not last:
                        sink = self.sinks[-1]
                        if "feeders" in sink.__dict__:      # the reader reads to EOF: jobs holding the pipe
                            _sinks.drain(self, sink)
                        data, err = self.pop()
                        self.err(err)
                        if "feeders" in sink.__dict__:
                            _sinks.close_pipe(self, sink)
            self.restore(snap)
            self.pipestatus = tuple(rcs)
            rc = rcs[-1]
            if self.pipefail:
                rc = next((r for r in reversed(rcs) if r != 0), 0)
        if node.negate:
            rc = 0 if rc else 1
        self.last_rc = rc
        return rc

    # ---- compound commands ----------------------------------------------------------------------
    def run_command(self, node: Command, stdin: str) -> int:
        if isinstance(node, SimpleCommand):
            return self.run_simple(node, stdin)
        if isinstance(node, FunctionDef):
            _callstack.define(self, node.name, node.body, node.line)
            self.last_rc = 0
            return 0
        if isinstance(node, (Conditional, ArithCommand, Subshell)):
            self.current = node             # $BASH_COMMAND (an ERR trap's after it failed)
        if isinstance(node, (Case, Conditional, ArithCommand)):
            self.lineno = node.line
            if "traps" in self.__dict__:
                _traps.run_debug_trap(self, _callstack.node_text(node) if not isinstance(node, Case)
                                      else f"case {node.subject.raw} in ")
        runner: Runner
        if isinstance(node, Group):
            runner = lambda data: self.run_list(node.body, data)  # noqa: E731
        elif isinstance(node, Subshell):
            runner = lambda data: self.run_subshell(node.body, data)  # noqa: E731
        elif isinstance(node, If):
            runner = lambda data: self.run_if(node, data)  # noqa: E731
        elif isinstance(node, For):
            runner = lambda data: self.run_for(node, data)  # noqa: E731
        elif isinstance(node, While):
            runner = lambda data: self.run_while(node, data)  # noqa: E731
        elif isinstance(node, Case):
            runner = lambda data: self.run_case(node, data)  # noqa: E731
        elif isinstance(node, (Conditional, ArithCommand, CFor)):
            from course_lib.shell import interpreter_cond as cond
            runner = (lambda data: cond.run_conditional(self, node)) if isinstance(node, Conditional) else \
                (lambda data: cond.run_arith(self, node.expr)) if isinstance(node, ArithCommand) else \
                (lambda data: cond.run_cfor(self, node, data, MAX_LOOP))  # noqa: E731
        else:
            raise TypeError(f"unknown node {node!r}")
        try:
            rc = self.with_redirects(node.redirects, stdin, runner, "bash")
        except ExpansionError as error:
            self.err(f"bash: {error.message}\n")
            rc = error.returncode
            if error.fatal:
                raise ShellExit(rc) from None
        self.last_rc = rc
        return rc

    # ---- simple commands ------------------------------------------------------------------------
    def run_simple(self, node: SimpleCommand, stdin: str) -> int:
        self.subst_rc = None
        self.lineno = node.line
        self.current = node
        if "traps" in self.__dict__:
            _traps.debug_before(self, node)
        try:
            if type(node) is PlainCommand:
                argv, assigns = list(node.argv), []
            else:
                argv = self.expander.expand_words(node.words)
                assigns = [(name, self.expander.expand_words(word.words) if isinstance(word, ArrayValue)
                            else self.expander.expand_text(word)) for name, word in node.assigns]
        except ExpansionError as error:
            self.err(f"bash: {error.message}\n")
            self.last_rc = error.returncode
            if error.fatal:
                raise ShellExit(error.returncode) from None
            return error.returncode
        if self.xtrace:
            from course_lib.shell.coreutils_builtin import xtrace, xtrace_quote
            for n, v in assigns:
                xtrace(self, f"{n}=({' '.join(v)})" if isinstance(v, list) else f"{n}={xtrace_quote(v)}")
            if argv:
                xtrace(self, " ".join(xtrace_quote(a) for a in argv))
        if not argv:
            try:
                for name, value in assigns:
                    self.set_var(name, value)  # type: ignore[arg-type]
            except ExpansionError as error:     # var_attrs: `d: readonly variable`, `declare -i n; n=1/0`
                self.err(f"bash: {error.message}\n")
                self.last_rc = error.returncode
                if error.fatal:
                    raise ShellExit(error.returncode) from None
                return error.returncode
            rc = self.subst_rc if self.subst_rc is not None else 0
            rc = self.with_redirects(node.redirects, stdin, lambda data: rc, "bash")
            self.last_rc = rc
            return rc
        name = argv[0]
        if name not in self.functions and name not in builtins_table() and not node.redirects:
            rc = self.emit(self.call_external(argv, stdin, dict(assigns), True))
            if _jobs.LIVE and _jobs.live_on(self.ctx.machine):
                _reap(self, argv)
            self.last_rc = rc
            return rc
        BUILTINS = builtins_table()
        if name in self.functions:
            runner: Runner = lambda data: self.call_function(name, argv, data, assigns)  # noqa: E731
            label = "bash"
        elif name in BUILTINS:
            runner = lambda data: self.call_builtin(BUILTINS[name], argv, data, assigns)  # noqa: E731
            label = f"bash: {name}"
        else:
            runner = lambda data: self.emit(self.call_external(argv, data, dict(assigns), True))  # noqa: E731
            label = name
        rc = self.with_redirects(node.redirects, stdin, runner, label, forked=label is name)
        if _jobs.LIVE and label is name and _jobs.live_on(self.ctx.machine):
            _reap(self, argv)
        self.last_rc = rc
        return rc

    def emit(self, result: CommandResult) -> int:
        self.out(result.stdout)
        self.err(result.stderr)
        return result.returncode

    def call_builtin(self, fn: Callable[..., CommandResult], argv: list[str], stdin: str,
                     assigns: list[tuple[str, str]]) -> int:
        saved = {name: self.vars.get(name) for name, _ in assigns}
        for name, value in assigns:
            self.vars[name] = value
        try:
            return self.emit(fn(self, argv, stdin))
        finally:
            for name, value in saved.items():
                if value is None:
                    self.vars.pop(name, None)
                else:
                    self.vars[name] = value

    def call_function(self, name: str, argv: list[str], stdin: str, assigns: list[tuple[str, str]]) -> int:
        if self.func_depth + self.depth >= MAX_DEPTH:
            self.err(f"bash: {name}: maximum function nesting level exceeded ({MAX_DEPTH})\n")
            return 1
        positional, self.positional = self.positional, argv[1:]
        self.func_depth += 1
        saved = {n: self.vars.get(n) for n, _ in assigns}
        self.vars.update(dict(assigns))
        aside = _traps.function_begin(self) if "traps" in self.__dict__ else None
        try:
            return _callstack.call(self, name, lambda: self._function_body(name, stdin, aside))
        finally:
            if "local_frames" in self.__dict__:
                from course_lib.shell.builtins_extra import restore_locals
                restore_locals(self)
            self.func_depth -= 1
            self.positional = positional
            for n, value in saved.items():
                if value is None:
                    self.vars.pop(n, None)
                else:
                    self.vars[n] = value

    def _function_body(self, name: str, stdin: str, aside: Optional[dict[str, str]]) -> int:
        """The function's commands in its frame; then its RETURN trap and the traps it put aside (traps)."""
        try:
            if "traps" in self.__dict__ and "DEBUG" in self.__dict__["traps"]:     # inherited (set -T)
                self.lineno = _callstack.definition_line(self, name, self.lineno)
                _traps.run_debug_trap(self, _callstack.command_text(self))
            rc = self.run_command(self.functions[name], stdin)
        except FunctionReturn as ret:
            rc = ret.rc
        except BaseException:                   # exit, a job's signal: no RETURN trap
            if aside:
                _traps.function_end(self, aside, 1, returned=False)
            raise
        if "traps" in self.__dict__ or aside:
            _traps.function_end(self, aside, rc)
        return rc

    def call_external(self, argv: list[str], stdin: str, extra_env: dict[str, str], emitted: bool = False
                      ) -> CommandResult:
        """A program's result. `emitted`: the caller writes it into this shell's output, so beside live jobs the
        program may write there as it goes (jobs_stream) and the result is then only the rest."""
        fn = resolve(self, argv[0])
        if isinstance(fn, CommandResult):
            return fn
        if getattr(self.ctx.machine, "userland", "debian") == "debian":     # bash's; BusyBox ash sets no `_`
            extra_env["_"] = which(self, argv[0]) or argv[0]
        writer = _stream.begin(self, argv[0]) if _jobs.LIVE and emitted else None     # written as it goes
        here = _jobs.getcurrent().__dict__       # a shell this program starts hands its jobs' output back here
        callers = here.get("shell_callers")
        if callers is None:
            callers = here["shell_callers"] = []
        callers.append(self)
        try:
            result = call_safely(fn, self.command_ctx(extra_env), argv, remaining(stdin))
        except _jobs.JobKilled as killed:         # the job's signal: what the program wrote before it stays
            if killed.partial is not None:
                self.emit(_unwritten(writer, killed.partial))
                killed.partial = None
            raise
        finally:
            callers.pop()
            if writer is not None:
                _stream.end(writer)
        return result if writer is None else _unwritten(writer, result)

    # ---- redirections ---------------------------------------------------------------------------
    def with_redirects(self, redirects: list[Any], stdin: str, runner: Runner, label: str, forked: bool = False
                       ) -> int:
        """Run with the redirections open. `forked`: a program's, which bash opens in the program's fork, so an
        expansion error there (`cat <<EOF` of a `$((1/0))`) ends that child (status 1), not the shell's line."""
        if not redirects:
            return runner(stdin)
        from course_lib.shell.interpreter_redirect import open_redirects, route
        try:
            stdin, fds = open_redirects(self, redirects, stdin)
        except RedirectError as error:
            self.err(f"bash: {error}\n")
            return 1
        except DiscardLine as dropped:
            if not forked:
                raise
            return dropped.rc
        self.push()
        if _jobs.LIVE:                      # a program beside jobs writes through it as it goes (jobs_stream)
            self.sinks[-1].__dict__["fds"] = fds
        merged = label == "bash" and fds.get(1, "out") == fds.get(2, "err")
        if merged:                          # `{ ...; } 2>&1`: the commands' writes keep their order
            self.sinks[-1].ordered = True
        rc = 1
        try:
            rc = runner(stdin)
        finally:
            sink = self.sinks[-1]
            seq = sink.seq
            out, err = self.pop()
            if merged and out and err:
                failed = any([route(self, text, "", {1: fds[1]}, label) for _, text in seq])
            else:
                failed = route(self, out, err, fds, label)
            if "feeders" in sink.__dict__:          # jobs started inside write there later too
                _sinks.close_redirect(self, sink, fds)
        return 1 if failed else rc
