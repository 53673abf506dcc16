"""coreutils expr (its grammar, exit statuses and errors), tac and fold, as coreutils 9.1 answers them.

    expr 3 + 4        7 (exit 0)            expr 0 / expr ''      0 / empty line (exit 1: null or zero)
    expr 7 / 0        expr: division by zero (exit 2)        expr a + 1    expr: non-integer argument (exit 2)
    expr hello : 'h\\(.*\\)o'   ell (a BRE anchored at the start; without a group: the length matched)
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Union

from course_lib.result import CommandResult
from course_lib.shell.coreutils_common import UsageError, getopt, locale_quotes, read_inputs, try_help, usage_result
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

Value = Union[int, str]
_INT = re.compile(r"-?[0-9]+")


class _ExprError(Exception):
    pass


class _Expr:
    """expr.c's recursive descent: eval (|), eval1 (&), eval2 (comparisons), eval3 (+ -), eval4 (* / %),
    eval5 (:), eval6 (length, substr, index, match, +, parentheses), eval7 (a token)."""

    def __init__(self, args: list[str]) -> None:
        self.args, self.i = args, 0

    def peek(self, *words: str) -> bool:
        return self.i < len(self.args) and self.args[self.i] in words

    def take(self) -> str:
        if self.i >= len(self.args):
            raise _ExprError(f"syntax error: missing argument after ‘{self.args[self.i - 1]}’")
        self.i += 1
        return self.args[self.i - 1]

    def run(self) -> Value:
        value = self.eval_or()
        if self.i < len(self.args):
            raise _ExprError(f"syntax error: unexpected argument ‘{self.args[self.i]}’")
        return value

    def eval_or(self) -> Value:
        left = self.eval_and()
        while self.peek("|"):
            self.i += 1
            right = self.eval_and()
            left = left if not _null(left) else (right if not _null(right) else 0)
        return left

    def eval_and(self) -> Value:
        left = self.eval_cmp()
        while self.peek("&"):
            self.i += 1
            right = self.eval_cmp()
            left = left if not _null(left) and not _null(right) else 0
        return left

    def eval_cmp(self) -> Value:
        left = self.eval_add()
        while self.peek("<", "<=", "=", "==", "!=", ">=", ">"):
            op = self.take()
            right = self.eval_add()
            a, b = (int(left), int(right)) if _is_int(left) and _is_int(right) else (str(left), str(right))
            left = int({"<": a < b, "<=": a <= b, "=": a == b, "==": a == b, "!=": a != b, ">=": a >= b,
                        ">": a > b}[op])
        return left

    def eval_add(self) -> Value:
        left = self.eval_mul()
        while self.peek("+", "-"):
            op = self.take()
            a, b = _num(left), _num(self.eval_mul())
            left = a + b if op == "+" else a - b
        return left

    def eval_mul(self) -> Value:
        left = self.eval_match()
        while self.peek("*", "/", "%"):
            op = self.take()
            a, b = _num(left), _num(self.eval_match())
            if op != "*" and b == 0:
                raise _ExprError("division by zero")
            quotient = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1) if op != "*" else 0
            left = a * b if op == "*" else quotient if op == "/" else a - b * quotient
        return left

    def eval_match(self) -> Value:
        left = self.eval_unary()
        while self.peek(":"):
            self.i += 1
            left = _match(str(left), str(self.eval_unary()))
        return left

    def eval_unary(self) -> Value:
        if self.peek("+") and self.i + 1 < len(self.args):
            self.i += 1
            return self.take()
        if self.peek("length") and self.i + 1 < len(self.args):
            self.i += 1
            return len(str(self.eval_unary()))
        if self.peek("match") and self.i + 2 < len(self.args):
            self.i += 1
            text = str(self.eval_unary())
            return _match(text, str(self.eval_unary()))
        if self.peek("index") and self.i + 2 < len(self.args):
            self.i += 1
            text, chars = str(self.eval_unary()), str(self.eval_unary())
            return next((n + 1 for n, c in enumerate(text) if c in chars), 0)
        if self.peek("substr") and self.i + 3 < len(self.args):
            self.i += 1
            text, pos, length = str(self.eval_unary()), self.eval_unary(), self.eval_unary()
            if not (_is_int(pos) and _is_int(length)) or int(pos) < 1 or int(length) < 1:
                return ""
            return text[int(pos) - 1:int(pos) - 1 + int(length)]
        if self.peek("("):
            self.i += 1
            value = self.eval_or()
            if not self.peek(")"):
                if self.i >= len(self.args):
                    raise _ExprError(f"syntax error: expecting ')' after ‘{self.args[self.i - 1]}’")
                raise _ExprError(f"syntax error: expecting ')' instead of ‘{self.args[self.i]}’")
            self.i += 1
            return value
        if self.peek(")"):
            raise _ExprError("syntax error: unexpected ')'")
        token = self.take()
        return int(token) if _INT.fullmatch(token) else token


def _is_int(value: Value) -> bool:
    return isinstance(value, int) or bool(_INT.fullmatch(value))


def _num(value: Value) -> int:
    if not _is_int(value):
        raise _ExprError("non-integer argument")
    return int(value)


def _null(value: Value) -> bool:
    return value == 0 or value == "" or (isinstance(value, str) and _INT.fullmatch(value) is not None
                                         and int(value) == 0)


def _match(text: str, pattern: str) -> Value:
    """STRING : REGEXP, a POSIX BRE anchored at the start: the first group's text, else the length matched."""
    python = re.sub(r"\\([(){}|+?])|([(){}|+?])", lambda m: m.group(1) or "\\" + m.group(2), pattern)
    try:
        found = re.match(python, text)
    except re.error:
        raise _ExprError("Invalid regular expression") from None
    if re.compile(python).groups:
        return found.group(1) or "" if found else ""
    return found.end() if found else 0


@command("expr")
def expr(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        return locale_quotes(ctx, CommandResult("", f"expr: missing operand\n{try_help('expr')}\n", 2))
    try:
        value = _Expr(args).run()
    except _ExprError as error:
        return locale_quotes(ctx, CommandResult("", f"expr: {error}\n", 2))
    return CommandResult(f"{value}\n", "", 1 if _null(value) else 0)


@command("tac")
def tac(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "bs:r", {"before": "-b", "separator=": "-s", "regex": "-r"})
    except UsageError as error:
        return usage_result(error)
    texts, _ = read_inputs(ctx, opts.operands, stdin, "tac")
    out, err = [], []
    for name in opts.operands or ["-"]:
        found = next((t for n, t in texts if n == name), None)
        if found is None:
            err.append(f"tac: failed to open '{name}' for reading: No such file or directory\n")
            continue
        records = re.findall(r"[^\n]*\n|[^\n]+$", found)
        out.extend(reversed(records))
    return CommandResult("".join(out), "".join(err), 1 if err else 0)


@command("fold")
def fold(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "bsw:", {"bytes": "-b", "spaces": "-s", "width=": "-w"})
    except UsageError as error:
        return usage_result(error)
    width_text = opts.value("-w") or "80"
    if not width_text.isdigit() or int(width_text) < 1:
        why = ": Numerical result out of range" if width_text.isdigit() else ""
        return locale_quotes(ctx, CommandResult("", f"fold: invalid number of columns: ‘{width_text}’{why}\n", 1))
    width = int(width_text)
    texts, errors = read_inputs(ctx, opts.operands, stdin, "fold")
    out = []
    for _, text in texts:
        for line in re.findall(r"[^\n]*\n|[^\n]+$", text):
            body, newline = (line[:-1], "\n") if line.endswith("\n") else (line, "")
            while len(body) > width:
                cut = width
                if opts.has("-s"):
                    space = body.rfind(" ", 0, width)
                    cut = space + 1 if space >= 0 else width
                out.append(body[:cut] + "\n")
                body = body[cut:]
            out.append(body + newline)
    return CommandResult("".join(out), "".join(errors), 1 if errors else 0)
