"""Shell arithmetic for $((...)): integers, C operators, variables and assignments (a Pratt parser)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Optional

from course_lib.shell.interpreter_expand import ExpansionError

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell

_TOKEN = re.compile(r"\s*(\d+#[0-9A-Za-z@_]*|\d[0-9A-Za-z_]*|[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?|\*\*=?|<<=|>>=|\+\+|--|&&|\|\||"
                    r"[<>=!]=|<<|>>|[-+*/%&|^]=|[-+*/%()<>!~?:=&|^,])")
_BINARY: dict[str, tuple[int, Callable[[int, int], int]]] = {
    "||": (1, lambda a, b: int(bool(a) or bool(b))), "&&": (2, lambda a, b: int(bool(a) and bool(b))),
    "|": (3, lambda a, b: a | b), "^": (4, lambda a, b: a ^ b), "&": (5, lambda a, b: a & b),
    "==": (6, lambda a, b: int(a == b)), "!=": (6, lambda a, b: int(a != b)),
    "<": (7, lambda a, b: int(a < b)), ">": (7, lambda a, b: int(a > b)),
    "<=": (7, lambda a, b: int(a <= b)), ">=": (7, lambda a, b: int(a >= b)),
    "<<": (8, lambda a, b: a << (b & 63)), ">>": (8, lambda a, b: a >> (b & 63)),     # x86 masks the count
    "+": (9, lambda a, b: a + b), "-": (9, lambda a, b: a - b),
    "*": (10, lambda a, b: a * b), "/": (10, lambda a, b: _div(a, b)), "%": (10, lambda a, b: _mod(a, b)),
    "**": (11, lambda a, b: _power(a, b)),
}


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@_"


class _DivZero(Exception):
    pass


class _NegativeExponent(Exception):
    pass


def _power(a: int, b: int) -> int:
    if b < 0:
        raise _NegativeExponent()
    return pow(a, b, 1 << 64)


def _div(a: int, b: int) -> int:
    if b == 0:
        raise _DivZero()
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _mod(a: int, b: int) -> int:
    if b == 0:
        raise _DivZero()
    return a - _div(a, b) * b


def _wrap(v: int) -> int:
    v &= (1 << 64) - 1
    return v - (1 << 64) if v >= 1 << 63 else v


MAX_RECURSION = 64         # bash allows 1024 levels; its message is the same at any depth


_BAD = "\0"                # a place where no token could be read


class _Parser:
    level = 0
    skip = 0                # > 0: the operand is not evaluated (the far side of && || ?:): no errors, no assignments

    def __init__(self, text: str, shell: "Shell") -> None:
        self.text = text.lstrip()
        self.shell = shell
        self.tokens: list[str] = []
        self.starts: list[int] = []
        pos = 0
        stripped = self.text.rstrip()
        while pos < len(stripped):
            m = _TOKEN.match(stripped, pos)
            if not m:           # bash reads as it evaluates: an error before this one comes first
                self.tokens.append(_BAD)
                self.starts.append(pos + len(stripped[pos:]) - len(stripped[pos:].lstrip()))
                break
            self.tokens.append(m.group(1))
            self.starts.append(m.start(1))
            pos = m.end()
        self.i = 0

    def rest(self, index: int) -> str:
        """The expression's text from token `index` on (what bash calls the error token)."""
        if not self.tokens:
            return ""
        index = max(0, min(index, len(self.tokens) - 1))
        return self.text[self.starts[index]:]

    def error(self, msg: str, token: str, text: Optional[str] = None) -> ExpansionError:
        return ExpansionError(f"{self.text if text is None else text}: {msg} (error token is \"{token}\")", 1,
                              fatal=True)

    def peek(self) -> str:
        return self.tokens[self.i] if self.i < len(self.tokens) else ""

    def take(self) -> str:
        tok = self.peek()
        self.i += 1
        return tok

    def number(self, tok: str) -> int:
        """A constant: N, 0N (octal), 0xN, BASE#N (bases 2 to 64: 0-9 a-z A-Z @ _; up to 36 either case). An error
        names the expression's text up to the number: bash cuts it there while it reads it (readtok's *cp = '\\0')."""
        cut = self.text[:self.starts[self.i - 1] + len(tok)] if self.i and self.tokens[self.i - 1] == tok else None
        if "#" in tok:
            base_text, _, digits = tok.partition("#")
            base = int(base_text)
            if not digits:
                raise self.error("invalid integer constant", tok, cut)
            if not 2 <= base <= 64:
                raise self.error("invalid arithmetic base", tok, cut)
            value = 0
            for c in digits:
                digit = _DIGITS.find(c.lower() if base <= 36 else c)
                if digit < 0 or digit >= base:
                    raise self.error("value too great for base", tok, cut)
                value = value * base + digit
            return _wrap(value)
        if "_" in tok:
            raise self.error("value too great for base", tok, cut)
        try:
            if tok[:2].lower() == "0x":
                return _wrap(int(tok[2:] or "0", 16))
            return _wrap(int(tok, 8 if tok.startswith("0") else 10))
        except ValueError:
            raise self.error("value too great for base", tok, cut) from None

    def var(self, name: str) -> int:
        """A variable's (or an array element's) value: its text read as an expression in turn, as bash does
        (x=y; y=3; $((x+1)) is 4), up to MAX_RECURSION levels."""
        if name.endswith("]"):
            from course_lib.shell.parse_ast import Param
            base, _, sub = name[:-1].partition("[")
            raw = self.shell.expander.indexed_value(Param(base, index=sub)) or ""
        else:
            raw = self.shell.vars.get(name)
            if raw is None or name == "LINENO":        # $RANDOM, $LINENO... (interpreter_expand's dynamic ones)
                from course_lib.shell.interpreter_expand import _DYNAMIC
                if name in _DYNAMIC and name not in self.shell.__dict__.get("unset_dynamic", ()):
                    raw = _DYNAMIC[name](self.shell)
                raw = raw or ""
        text = raw.strip()
        if self.skip:
            return 0
        if text.isdigit() and (text[0] != "0" or text == "0"):
            return _wrap(int(text))
        if not text:
            return 0
        if self.level >= MAX_RECURSION:         # bash names this level's text, from the name on
            at = next((k for k in range(min(self.i, len(self.tokens) - 1), -1, -1) if self.tokens[k] == name), None)
            raise self.error("expression recursion level exceeded", name if at is None else self.rest(at))
        nested = _Parser(raw, self.shell)
        nested.level = self.level + 1
        value = nested.expr(-1)
        if nested.i < len(nested.tokens):
            raise nested.error("syntax error in expression", nested.rest(nested.i))
        return value

    def store(self, name: str, value: int) -> None:
        if self.skip:
            return
        if "\0" in self.shell.vars:           # attributes: a readonly name is this expression's error
            from course_lib.shell.var_attrs import assign
            assign(self.shell, name, str(value), arith=True)
        else:
            self.shell.set_var(name, str(value))

    def expr(self, min_prec: int = 0) -> int:
        left = self.unary()
        while True:
            op = self.peek()
            binary = _BINARY.get(op)
            if binary is None:
                if op == "?" and min_prec <= 0:
                    left = self.conditional(left)
                    continue
                if op == "," and min_prec < 0:      # the comma: the lowest level only (not in an assignment's value)
                    self.take()
                    left = self.expr(0)
                    continue
                self.not_an_operator(op)
                return left
            prec, fn = binary
            if prec < min_prec:
                return left
            self.take()
            start = self.i
            shortcut = (op == "&&" and not left) or (op == "||" and bool(left))
            right = self.side(shortcut, prec + (0 if op == "**" else 1)) if shortcut or self.skip else \
                self.expr(prec + (0 if op == "**" else 1))
            try:
                left = _wrap(fn(left, right))
            except _DivZero:
                if self.skip:
                    left = 0
                    continue
                raise self.error("division by 0", self.rest(start)) from None
            except _NegativeExponent:
                raise self.error("exponent less than 0", self.rest(self.i)) from None

    def conditional(self, left: int) -> int:
        """`left ? a : b` from the `?` on; the side not taken is parsed only."""
        self.take()
        if self.peek() in ("", ":"):
            raise self.error("expression expected", self.rest(self.i - 1))
        a = self.side(not left, 0)
        if self.peek() != ":":
            raise self.error("`:' expected for conditional expression", self.rest(self.i - 1))
        self.take()
        if self.peek() == "":
            raise self.error("expression expected", self.rest(self.i - 1))
        b = self.side(bool(left), 0)
        return a if left else b

    def not_an_operator(self, op: str) -> None:
        """What comes after an operand is no binary operator: bash's error when the text goes on wrongly."""
        if op in ("", ")", ":", ",", "?"):
            return
        if op == _BAD:
            raise self.error("syntax error: invalid arithmetic operator", self.rest(self.i))
        if op[:1].isalpha() or op[:1] == "_":
            if self.i + 1 < len(self.tokens) and self.tokens[self.i + 1] == _BAD:     # read before its value
                raise self.error("syntax error: invalid arithmetic operator", self.rest(self.i + 1))
            self.var(op)        # bash evaluates a name as it reads it: its value's error comes first
        if op == "=" or (op.endswith("=") and op[:-1] in _BINARY and op not in ("==", "!=", "<=", ">=")):
            raise self.error("attempted assignment to non-variable", self.rest(self.i))

    def side(self, skipped: bool, min_prec: int) -> int:
        """An operand that && || ?: may leave unevaluated (`skipped`): parsed only."""
        self.skip += skipped
        try:
            return self.expr(min_prec)
        finally:
            self.skip -= skipped

    def unary(self) -> int:
        tok = self.take()
        if tok == "" or tok == _BAD:
            raise self.error("syntax error: operand expected", self.rest(len(self.tokens) - 1 if tok == "" else
                                                                        self.i - 1))
        if tok == "(":
            value = self.expr(-1)
            if self.take() != ")":
                raise self.error("missing `)'", self.peek())
            return value
        if tok in ("-", "+", "!", "~"):
            value = self.unary()
            return _wrap({"-": -value, "+": value, "!": int(not value), "~": ~value}[tok])
        if tok in ("++", "--") and not (self.peek()[:1].isalpha() or self.peek()[:1] == "_"):
            # not before a name: two signs (--5 is 5); read again as two one-character tokens
            self.i -= 1
            self.tokens[self.i:self.i + 1] = [tok[0], tok[0]]
            self.starts[self.i:self.i + 1] = [self.starts[self.i], self.starts[self.i] + 1]
            return self.unary()
        if tok in ("++", "--"):
            name = self.take()
            value = self.var(name) + (1 if tok == "++" else -1)
            self.store(name, value)
            return value
        if tok[0].isdigit():
            return self.number(tok)
        if tok[0].isalpha() or tok[0] == "_":
            nxt = self.peek()
            if nxt == _BAD:             # bash reads the next token before the name's value (expr.c readtok)
                raise self.error("syntax error: invalid arithmetic operator", self.rest(self.i))
            if nxt in ("++", "--"):
                self.take()
                value = self.var(tok)
                self.store(tok, value + (1 if nxt == "++" else -1))
                return value
            if nxt == "=" or (nxt.endswith("=") and nxt[:-1] in _BINARY and nxt not in ("==", "!=", "<=", ">=")):
                self.take()
                right = self.expr(0)
                value = right if nxt == "=" else _wrap(_BINARY[nxt[:-1]][1](self.var(tok), right))
                self.store(tok, value)
                return value
            return self.var(tok)
        raise self.error("syntax error: operand expected", self.rest(self.i - 1))


def evaluate(text: str, shell: "Shell") -> int:
    """The value of an arithmetic expression (errors as ExpansionError with bash's text)."""
    if not text.strip():
        return 0
    parser = _Parser(text, shell)
    value = parser.expr(-1)
    if parser.i < len(parser.tokens):
        raise parser.error("syntax error: invalid arithmetic operator" if parser.peek() == _BAD
                           else "syntax error in expression", parser.rest(parser.i))
    return value
