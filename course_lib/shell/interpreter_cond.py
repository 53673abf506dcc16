"""bash's [[ ... ]] conditional expressions, (( ... )) arithmetic commands and C-style for loops."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from course_lib.shell.bash_pattern import fnmatch
from course_lib.shell.coreutils_builtin import xtrace
from course_lib.shell.interpreter_arith import evaluate
from course_lib.shell.interpreter_expand import ExpansionError
from course_lib.shell.parse_ast import CFor, Conditional, Lit, ShellSyntaxError, Word
from course_lib.shell.parse_word import WordScanner

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell

_UNARY = {"-e", "-f", "-d", "-s", "-r", "-w", "-x", "-z", "-n", "-L", "-h", "-a", "-b", "-c", "-p", "-S",
          "-t", "-g", "-u", "-k", "-O", "-G", "-N", "-v", "-o"}
_BINARY = {"==", "=", "!=", "<", ">", "=~", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"}


def arith_value(shell: "Shell", text: str, command: str = "((") -> int:
    """The value of `(( text ))` (or a for (( )) part, `[[ ]]`'s or let's operand); an arithmetic error is
    the command's `((: TEXT: division by 0 ...`, status 1, and the script goes on (unlike $((...)))."""
    try:
        word = Word(WordScanner(text).scan_quoted_body(heredoc=True), text)
    except ShellSyntaxError as error:
        raise ExpansionError(error.message, 2) from None
    expanded = shell.expander.expand_text(word)
    try:
        return evaluate(expanded, shell)
    except ExpansionError as error:       # a readonly name's error is the assignment's: no `((: ` before it
        prefix = "" if error.message.endswith(": readonly variable") else f"{command}: "
        raise ExpansionError(f"{prefix}{error.message}", 1) from None


def run_arith(shell: "Shell", text: str) -> int:
    if shell.xtrace:
        xtrace(shell, f"(( {text} ))")
    return 0 if arith_value(shell, text) != 0 else 1


def _cfor_step(shell: "Shell", node: CFor, text: str) -> int:
    """One part of `for ((init; cond; step))` at the line of its `for`, after the DEBUG trap (`((cond))`)."""
    shell.lineno = node.line
    if "traps" in shell.__dict__:
        from course_lib.shell.traps import run_debug_trap
        run_debug_trap(shell, f"(({text.lstrip() or '1'}))")
    return _cfor_part(shell, text.strip())


def _cfor_part(shell: "Shell", text: str) -> int:
    if shell.xtrace:
        xtrace(shell, f"(( {text or '1'} ))")
    return arith_value(shell, text) if text else 1


def run_cfor(shell: "Shell", node: CFor, stdin: str, max_loop: int) -> int:
    rc = 0
    _cfor_step(shell, node, node.init)
    shell.loop_depth += 1
    try:
        for _ in range(max_loop):
            if _cfor_step(shell, node, node.cond) == 0:
                return rc
            rc, ctl = shell._loop_body(node.body, stdin)
            if ctl == "break":
                return rc
            _cfor_step(shell, node, node.step)
        shell.err(f"bash: for: loop stopped after {max_loop} iterations (the simulation bounds loops)\n")
        return 1
    finally:
        shell.loop_depth -= 1


class _Cond:
    def __init__(self, shell: "Shell", node: Conditional) -> None:
        self.shell = shell
        self.words = node.words
        self.ops = node.operators
        self.i = 0

    def text(self, index: int) -> str:
        return self.shell.expander.expand_text(self.words[index])

    def peek(self) -> str:
        if self.i < len(self.words):
            word = self.words[self.i]
            lit = word.literal()
            if self.ops[self.i] or lit is not None:
                return lit or ""
        return "" if self.i >= len(self.words) else "\0word"

    def is_op(self, text: str) -> bool:
        return self.i < len(self.words) and self.ops[self.i] and self.words[self.i].raw == text

    def pattern(self, index: int, regex: bool) -> str:
        out = []
        for part in self.words[index].parts:
            value, _ = self.shell.expander.part_chunks(part)
            quoted = getattr(part, "quoted", False)
            if quoted:
                value = re.escape(value) if regex else "".join(f"[{c}]" if c in "*?[" else c for c in value)
            out.append(value)
        return "".join(out)

    def or_(self) -> bool:
        value = self.and_()
        while self.is_op("||"):
            self.i += 1
            right = self.and_()
            value = value or right
        return value

    def and_(self) -> bool:
        value = self.not_()
        while self.is_op("&&"):
            self.i += 1
            right = self.not_()
            value = value and right
        return value

    def not_(self) -> bool:
        if self.i < len(self.words) and not self.ops[self.i] and self.words[self.i].literal() == "!":
            self.i += 1
            return not self.not_()
        return self.primary()

    def primary(self) -> bool:
        if self.is_op("("):
            self.i += 1
            value = self.or_()
            if not self.is_op(")"):
                raise ExpansionError("syntax error in conditional expression", 2)
            self.i += 1
            return value
        if self.i >= len(self.words):
            raise ExpansionError("syntax error in conditional expression", 2)
        first = self.i
        lit = self.words[first].literal()
        nxt = self.words[first + 1] if first + 1 < len(self.words) else None
        op_next = nxt.raw if nxt is not None and (self.ops[first + 1] or nxt.literal() in _BINARY) else None
        if lit in _UNARY and nxt is not None and op_next not in _BINARY:
            self.i += 2
            if lit == "-v":
                from course_lib.shell.var_attrs import is_set
                return is_set(self.shell, self.text(first + 1))
            from course_lib.shell.coreutils_builtin import _unary
            return _unary(self.shell.command_ctx(), lit, self.text(first + 1))  # type: ignore[arg-type]
        if op_next in _BINARY and first + 2 < len(self.words):
            self.i += 3
            return self.binary(self.text(first), op_next, first + 2)  # type: ignore[arg-type]
        self.i += 1
        return self.text(first) != ""

    def binary(self, left: str, op: str, right_index: int) -> bool:
        if op in ("==", "=", "!="):
            hit = fnmatch(left, self.pattern(right_index, regex=False))
            return hit if op != "!=" else not hit
        if op == "=~":
            from course_lib.shell.coreutils_grep import RegexError, translate
            try:                                # a POSIX ERE ([[:alpha:]] classes...), as regcomp reads it
                match = re.search(translate(self.pattern(right_index, regex=True), True), left)
            except (re.error, RegexError):
                raise _BadRegex() from None     # regcomp failed: the conditional's status is 2
            self.shell.unset_var("BASH_REMATCH")
            if match:
                self.shell.set_var("BASH_REMATCH", [match.group(0), *(g or "" for g in match.groups())])
            return match is not None
        right = self.text(right_index)
        if op in ("<", ">"):
            return left < right if op == "<" else left > right
        if op.startswith("-") and op not in ("-nt", "-ot", "-ef"):
            try:
                a, b = evaluate(left, self.shell), evaluate(right, self.shell)
            except ExpansionError as error:
                raise ExpansionError(f"[[: {error.message}", 1) from None
            return {"-eq": a == b, "-ne": a != b, "-lt": a < b, "-le": a <= b, "-gt": a > b,
                    "-ge": a >= b}[op]
        return False


class _BadRegex(Exception):
    """The right side of =~ is no valid extended regular expression."""


def run_conditional(shell: "Shell", node: Conditional) -> int:
    if shell.xtrace and not any(node.operators) and len(node.words) <= 3:
        words = [shell.expander.expand_text(w) if i == 0 or len(node.words) == 2 else w.raw
                 for i, w in enumerate(node.words)]
        if len(words) == 3:
            words[1] = node.words[1].raw
        if len(words) == 1:
            words.insert(0, "-n")
        xtrace(shell, "[[ " + " ".join(w if w else "''" for w in words) + " ]]")
    parser = _Cond(shell, node)
    try:
        value = parser.or_()
    except _BadRegex:
        return 2
    if parser.i != len(node.words):
        word = node.words[parser.i].raw
        raise ExpansionError(f"syntax error in conditional expression: unexpected token `{word}'", 2)
    return 0 if value else 1


__all__ = ["run_conditional", "run_arith", "run_cfor", "Lit"]
