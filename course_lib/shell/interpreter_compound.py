"""Compound commands of the interpreter: subshells, if, for, while/until and case (a Shell mixin)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from course_lib.shell import jobs, traps
from course_lib.shell.bash_pattern import fnmatch
from course_lib.shell.interpreter_state import LoopControl, ShellExit
from course_lib.shell.parse_ast import Case, CommandList, For, If, While

if TYPE_CHECKING:
    from course_lib.shell.interpreter_expand import Expander

MAX_LOOP = 10000          # the simulation bounds loops (a real `while true` would never end)


class CompoundMixin:
    """Needs the Shell's run_list, snapshot/restore, set_var, err, expander and loop/cond depths."""

    expander: "Expander"
    ctx: Any
    cond_depth: int
    loop_depth: int
    positional: list[str]

    def run_list(self, node: CommandList, stdin: str) -> int: ...  # noqa: E704 - the Shell's

    def snapshot(self) -> tuple[Any, ...]: ...  # noqa: E704

    def restore(self, snap: tuple[Any, ...]) -> None: ...  # noqa: E704

    def set_var(self, name: str, value: str) -> None: ...  # noqa: E704

    def err(self, text: str) -> None: ...  # noqa: E704

    def run_subshell(self, body: CommandList, stdin: str) -> int:
        snap = self.snapshot()
        jobs.enter_subshell(self.ctx.machine)       # its own job table (bash: `(sleep 5 &); jobs` lists none)
        trapped = traps.subshell_begin(self)        # and traps of its own
        rc = 1
        try:
            rc = self.run_list(body, stdin)
        except ShellExit as done:
            rc = done.rc
        finally:
            jobs.leave_subshell()
            rc = traps.subshell_end(self, trapped, rc)
            self.restore(snap)
        return rc

    def condition(self, body: CommandList, stdin: str) -> int:
        self.cond_depth += 1
        try:
            return self.run_list(body, stdin)
        finally:
            self.cond_depth -= 1

    def run_if(self, node: If, stdin: str) -> int:
        for cond, body in node.clauses:
            if self.condition(cond, stdin) == 0:
                return self.run_list(body, stdin)
        if node.orelse is not None:
            return self.run_list(node.orelse, stdin)
        return 0

    def _loop_body(self, body: CommandList, stdin: str) -> tuple[int, Optional[str]]:
        try:
            return self.run_list(body, stdin), None
        except LoopControl as ctl:
            if ctl.levels > 1:
                ctl.levels -= 1
                raise
            return 0, ctl.kind

    def run_for(self, node: For, stdin: str) -> int:
        self.lineno = node.line
        items = self.positional if node.words is None else self.expander.expand_words(node.words)
        rc = 0
        self.loop_depth += 1
        try:
            for item in items:
                self.lineno = node.line
                if "traps" in self.__dict__:
                    words = " ".join(w.raw for w in node.words) if node.words is not None else '"$@"'
                    traps.run_debug_trap(self, f"for {node.var} in {words}")
                if self.xtrace:
                    from course_lib.shell.coreutils_builtin import xtrace
                    words = " ".join(w.raw for w in node.words) if node.words is not None else '"$@"'
                    xtrace(self, f"for {node.var} in {words}")
                self.set_var(node.var, item)
                rc, ctl = self._loop_body(node.body, stdin)
                if ctl == "break":
                    break
        finally:
            self.loop_depth -= 1
        return rc

    def run_while(self, node: While, stdin: str) -> int:
        rc = 0
        self.loop_depth += 1
        try:
            for _ in range(MAX_LOOP):
                ok = self.condition(node.cond, stdin) == 0
                if ok == node.until:
                    return rc
                rc, ctl = self._loop_body(node.body, stdin)
                if ctl == "break":
                    return rc
            self.err(f"bash: {'until' if node.until else 'while'}: loop stopped after {MAX_LOOP} "
                     "iterations (the simulation bounds loops)\n")
            return 1
        finally:
            self.loop_depth -= 1

    def run_case(self, node: Case, stdin: str) -> int:
        subject = self.expander.expand_text(node.subject)
        if self.xtrace:
            from course_lib.shell.coreutils_builtin import xtrace
            xtrace(self, f"case {node.subject.raw} in")
        rc, run_next = 0, False
        for index, (patterns, body) in enumerate(node.arms):
            if not run_next and not any(fnmatch(subject, self.expander.expand_text(pattern))
                                        for pattern in patterns):
                continue
            rc = self.run_list(body, stdin) if body.items else 0
            end = node.ends[index] if index < len(node.ends) else ";;"
            if end == ";;":
                return rc
            run_next = end == ";&"              # ;& runs the next arm's commands, ;;& tests the next patterns
        return rc

