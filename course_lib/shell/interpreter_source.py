"""Running a script's source: parsed one complete command at a time, or replayed from the parse cache."""
from __future__ import annotations

import threading
from typing import Optional

from course_lib.shell.interpreter_state import DiscardLine, LoopControl, ShellExit
from course_lib.shell.parse import Parser
from course_lib.shell.parse_ast import CommandList, ShellSyntaxError
from course_lib.shell.parse_cache import ParsedScript, parse_cache_get, parse_cache_put, plain_command

MAX_SOURCE_NESTING = 24   # scripts, `bash -c`, $(...) and `source` inside each other


class _Nesting(threading.local):
    depth = 0


_NESTING = _Nesting()


class SourceMixin:
    """The Shell's script runner; the Shell provides aliases, last_rc, err() and run_list()."""

    aliases: dict[str, str]
    last_rc: int

    def run_source(self, script: str, stdin: str = "") -> int:
        """Parse and run a script one complete command at a time; a syntax error stops it (rc 2)."""
        if _NESTING.depth >= MAX_SOURCE_NESTING:
            self.err("bash: maximum nesting level exceeded (scripts running scripts)\n")
            return 1
        _NESTING.depth += 1
        try:
            return self._run_source(script, stdin)
        finally:
            _NESTING.depth -= 1

    def _run_source(self, script: str, stdin: str) -> int:
        if not self.aliases:
            cached = parse_cache_get(script)
            if cached is not None:
                return self._replay(script, cached, stdin)
            plain = plain_command(script)
            if plain is not None:
                return self._run_plain(plain, stdin)
            return self._parse_and_run(script, stdin, record=True)
        return self._parse_and_run(script, stdin)

    def _run_plain(self, node: CommandList, stdin: str) -> int:
        """A one-line plain command (what _replay does for a script of one command, no warnings)."""
        try:
            self.run_and_or(node.items[0], stdin)       # run_list of its one item
        except LoopControl:
            pass
        except ShellExit as done:
            self.last_rc = done.rc
            return done.rc
        return self.last_rc

    def _replay(self, script: str, cached: "ParsedScript", stdin: str) -> int:
        """Run a script parsed before (same text, no aliases then): its commands, its warnings, its
        syntax error. An alias defined on the way makes the rest be parsed afresh, as bash would."""
        try:
            for index, (node, warnings, pos, line) in enumerate(cached.commands):
                if index and self.aliases:
                    _, _, prev_pos, prev_line = cached.commands[index - 1]
                    return self._parse_and_run(script, stdin, start=(prev_pos, prev_line))
                for warning in warnings:
                    self.err(f"bash: {warning}\n")
                try:
                    self.run_list(node, stdin)
                except LoopControl:
                    pass
                except DiscardLine as dropped:      # an expansion error: the next line runs
                    self.last_rc = dropped.rc
            if cached.commands and self.aliases:
                _, _, pos, line = cached.commands[-1]
                return self._parse_and_run(script, stdin, start=(pos, line))
            for warning in cached.end_warnings:
                self.err(f"bash: {warning}\n")
            if cached.error is not None:
                self.err(f"bash: {cached.error}\n")
                self.last_rc = 2
                return 2
            return self.last_rc
        except ShellExit as done:
            self.last_rc = done.rc
            return done.rc

    def _parse_and_run(self, script: str, stdin: str, record: bool = False,
                       start: Optional[tuple[int, int]] = None) -> int:
        parser = Parser(script, self.aliases)
        if start is not None:
            parser.lexer.pos, parser.lexer.line = start
        commands: list[tuple[CommandList, tuple[str, ...], int, int]] = []
        try:
            while True:
                if record and self.aliases:
                    record = False                   # parsed with aliases from here on: not reusable
                try:
                    node = parser.next_command()
                except ShellSyntaxError as error:
                    if record:
                        parse_cache_put(script, ParsedScript(commands, tuple(parser.lexer.warnings),
                                                             error.message))
                    self._warnings(parser)
                    self.err(f"bash: {error.message}\n")
                    self.last_rc = 2
                    return 2
                if record:
                    if node is None:
                        parse_cache_put(script, ParsedScript(commands, tuple(parser.lexer.warnings), None))
                    else:
                        commands.append((node, tuple(parser.lexer.warnings), parser.lexer.pos,
                                         parser.lexer.line))
                self._warnings(parser)
                if node is None:
                    return self.last_rc
                try:
                    self.run_list(node, stdin)
                except LoopControl:
                    pass
                except DiscardLine as dropped:      # an expansion error: the next line runs
                    self.last_rc = dropped.rc
        except ShellExit as done:
            self.last_rc = done.rc
            return done.rc

    def _warnings(self, parser: Parser) -> None:
        for warning in parser.lexer.warnings:
            self.err(f"bash: {warning}\n")
        parser.lexer.warnings.clear()
