"""The engine of the small awk (mawk-like) for learners' one-liners: patterns, print/printf, fields, NR/NF/FS/OFS,
variables, arithmetic, comparisons, regex matches, if/else, next, length/substr/tolower/toupper.
Anything else is refused with a clear error instead of a wrong answer."""
from __future__ import annotations

import re
from typing import Any, Callable

from course_lib.shell.coreutils_awk_lex import (_ESC, _KEYWORDS, _TOKEN, AwkError, _Break, _Continue,
                                               _Exit, _Next, _num, _str, _unsupported, awk_regex)
from course_lib.shell.coreutils_awk_runtime import SUBSEP, AwkRuntime


def _power(a: float, b: float) -> float:
    try:
        value = a ** b
    except OverflowError:
        return float("inf")
    except ZeroDivisionError:
        return float("inf")
    return float("-nan") if isinstance(value, complex) else float(value)


class Awk(AwkRuntime):
    def __init__(self, program: str, fs: str | None) -> None:
        self.src = program
        self.tokens = self._lex(program)
        self.i = 0
        self.vars: dict[str, Any] = {"NR": 0.0, "NF": 0.0, "FS": fs if fs is not None else " ", "OFS": " ",
                                     "ORS": "\n", "FNR": 0.0, "FILENAME": ""}
        self.fields: list[str] = [""]
        self.out: list[str] = []
        self.rules: list[tuple[str, Any, Any]] = []
        self._parse_program()

    # ---- lexing ---------------------------------------------------------------------------------
    def _lex(self, src: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        pos = 0
        while pos < len(src):
            if src[pos] in " \t":
                pos += 1
                continue
            if src[pos] == "#":
                while pos < len(src) and src[pos] != "\n":
                    pos += 1
                continue
            if src[pos] == "/" and (not out or out[-1][1] in ("(", ",", "{", "}", ";", "\n", "!", "~", "!~",
                                                              "&&", "||")):
                end = pos + 1
                while end < len(src) and src[end] != "/":
                    end += 2 if src[end] == "\\" else 1
                if end >= len(src):
                    raise AwkError("awk: line 1: runaway regular expression /" + src[pos + 1:pos + 10] + " ...")
                out.append(("re", src[pos + 1:end]))
                pos = end + 1
                continue
            m = _TOKEN.match(src, pos)
            if not m or m.end() == pos:
                raise AwkError(f"awk: line 1: syntax error at or near {src[pos]}")
            kind = m.lastgroup or "op"
            text = m.group(kind)
            if kind == "str":
                text = re.sub(r"\\(.)", lambda x: _ESC.get(x.group(1), "\\" + x.group(1)), text[1:-1])
            out.append((kind, text))
            pos = m.end()
        return out

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.i] if self.i < len(self.tokens) else ("eof", "")

    def take(self, text: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if text is not None and tok[1] != text:
            raise AwkError(f"awk: line 1: syntax error at or near {tok[1] or 'end of file'}")
        self.i += 1
        return tok

    def skip_nl(self) -> None:
        while self.peek()[1] in ("\n", ";"):
            self.i += 1

    # ---- parsing --------------------------------------------------------------------------------
    def _parse_program(self) -> None:
        self.skip_nl()
        while self.peek()[0] != "eof":
            kind, text = self.peek()
            if text in ("BEGIN", "END"):
                self.take()
                self.rules.append((text, None, self._block()))
            elif text == "function":
                raise _unsupported("user-defined functions")
            else:
                pattern = None if text == "{" else self._expr()
                action = self._block() if self.peek()[1] == "{" else None
                self.rules.append(("main", pattern, action))
            self.skip_nl()

    def _block(self) -> Callable[[], None]:
        self.take("{")
        stmts = []
        self.skip_nl()
        while self.peek()[1] != "}":
            if self.peek()[0] == "eof":
                raise AwkError("awk: line 1: syntax error at or near end of file")
            stmts.append(self._statement())
            self.skip_nl()
        self.take("}")

        def run() -> None:
            for stmt in stmts:
                stmt()
        return run

    def _statement(self) -> Callable[[], None]:
        kind, text = self.peek()
        if text == "{":
            return self._block()
        if text in ("print", "printf"):
            self.take()
            args = []
            if self.peek()[1] not in (";", "\n", "}", "eof", ">"):
                args.append(self._expr(no_gt=True))
                while self.peek()[1] == ",":
                    self.take()
                    args.append(self._expr(no_gt=True))
            if self.peek()[1] == ">":
                raise _unsupported("output redirection inside awk")
            if text == "print":
                return lambda: self.out.append(
                    self.vars["OFS"].join(_str(a()) for a in args) + self.vars["ORS"] if args
                    else self._record() + self.vars["ORS"])
            if not args:
                raise AwkError("awk: line 1: syntax error at or near printf")
            from course_lib.shell.coreutils_builtin import printf_impl
            return lambda: self.out.append(printf_impl(["printf"] + [_str(a()) for a in args]).stdout)
        if text == "if":
            self.take()
            self.take("(")
            cond = self._expr()
            self.take(")")
            self.skip_nl()
            then = self._statement()
            save = self.i
            self.skip_nl()
            other = None
            if self.peek()[1] == "else":
                self.take()
                self.skip_nl()
                other = self._statement()
            else:
                self.i = save

            def run_if() -> None:
                if self._truth(cond()):
                    then()
                elif other is not None:
                    other()
            return run_if
        if text == "next":
            self.take()

            def do_next() -> None:
                raise _Next()
            return do_next
        if text in ("for", "while", "do"):
            return self._loop(text)
        if text in ("break", "continue"):
            self.take()
            signal = _Break if text == "break" else _Continue

            def jump() -> None:
                raise signal()
            return jump
        if text == "exit":
            self.take()
            code = self._expr() if self.peek()[1] not in (";", "\n", "}", "eof") else (lambda: 0.0)

            def do_exit() -> None:
                raise _Exit(int(_num(code())))
            return do_exit
        if text == "delete":
            self.take()
            name = self.take()[1]
            key = self._subscript() if self.peek()[1] == "[" else None

            def delete() -> None:
                table = self._array(name)
                if key is None:
                    table.clear()
                else:
                    table.pop(key(), None)
            return delete
        if text in ("getline", "return", "function"):
            raise _unsupported(f"'{text}'")
        expr = self._expr()
        return lambda: (expr(), None)[1]

    def _loop(self, word: str) -> Callable[[], None]:
        self.take()
        if word == "do":
            self.skip_nl()
            body = self._statement()
            self.skip_nl()
            self.take("while")
            self.take("(")
            cond = self._expr()
            self.take(")")
            return lambda: self._run_loop(body, cond, None, first=True)
        self.take("(")
        if word == "for" and self.peek()[0] == "name" and self.tokens[self.i + 1:self.i + 2] == [("name", "in")]:
            var = self.take()[1]
            self.take("in")
            array = self.take()[1]
            self.take(")")
            self.skip_nl()
            body = self._statement()
            return lambda: self._run_for_in(var, array, body)
        if word == "while":
            cond = self._expr()
            self.take(")")
            self.skip_nl()
            body = self._statement()
            return lambda: self._run_loop(body, cond, None)
        init = self._expr() if self.peek()[1] != ";" else None
        self.take(";")
        cond = self._expr() if self.peek()[1] != ";" else None
        self.take(";")
        step = self._expr() if self.peek()[1] != ")" else None
        self.take(")")
        self.skip_nl()
        body = self._statement()

        def run_for() -> None:
            if init is not None:
                init()
            self._run_loop(body, cond, step)
        return run_for

    def _subscript(self) -> Callable[[], str]:
        self.take("[")
        keys = [self._expr()]
        while self.peek()[1] == ",":
            self.take()
            keys.append(self._expr())
        self.take("]")
        return lambda: SUBSEP.join(_str(k()) for k in keys)

    def _expr(self, no_gt: bool = False) -> Callable[[], Any]:
        return self._ternary(no_gt)

    def _ternary(self, no_gt: bool) -> Callable[[], Any]:
        cond = self._or(no_gt)
        if self.peek()[1] == "?":
            self.take()
            a = self._ternary(no_gt)
            self.take(":")
            b = self._ternary(no_gt)
            return lambda: a() if self._truth(cond()) else b()
        return cond

    def _or(self, no_gt: bool) -> Callable[[], Any]:
        left = self._and(no_gt)
        while self.peek()[1] == "||":
            self.take()
            right, prev = self._and(no_gt), left
            left = lambda p=prev, r=right: float(self._truth(p()) or self._truth(r()))  # noqa: E731
        return left

    def _and(self, no_gt: bool) -> Callable[[], Any]:
        left = self._match(no_gt)
        while self.peek()[1] == "&&":
            self.take()
            right, prev = self._match(no_gt), left
            left = lambda p=prev, r=right: float(self._truth(p()) and self._truth(r()))  # noqa: E731
        return left

    def _match(self, no_gt: bool) -> Callable[[], Any]:
        left = self._compare(no_gt)
        while self.peek()[1] in ("~", "!~"):
            op = self.take()[1]
            kind, text = self.peek()
            if kind == "re":
                self.take()
                pattern = lambda t=text: t  # noqa: E731
            else:
                pattern = self._compare(no_gt)
            prev = left
            left = lambda p=prev, r=pattern, o=op: float(  # noqa: E731
                (awk_regex(_str(r())).search(_str(p())) is not None) == (o == "~"))
        return left

    def _compare(self, no_gt: bool) -> Callable[[], Any]:
        left = self._concat()
        if self.peek() == ("name", "in"):
            self.take()
            array = self.take()[1]
            key = left
            return lambda: float(_str(key()) in self._array(array))
        ops = ("==", "!=", "<", "<=", ">=") + (() if no_gt else (">",))
        if self.peek()[1] in ops:
            op = self.take()[1]
            right, prev = self._concat(), left

            def cmp(p=prev, r=right, o=op) -> float:
                a, b = p(), r()
                if self._numeric(a) and self._numeric(b):
                    a, b = _num(a), _num(b)
                else:
                    a, b = _str(a), _str(b)
                return float({"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b,
                              ">=": a >= b}[o])
            return cmp
        return left

    def _numeric(self, v: Any) -> bool:
        return isinstance(v, float) or bool(re.fullmatch(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*", str(v)))

    def _concat(self) -> Callable[[], Any]:
        parts = [self._additive()]
        while True:
            kind, text = self.peek()
            if kind in ("num", "str") or text in ("$", "(") or (kind == "name" and text not in _KEYWORDS):
                parts.append(self._additive())
            else:
                break
        if len(parts) == 1:
            return parts[0]
        return lambda: "".join(_str(p()) for p in parts)

    def _additive(self) -> Callable[[], Any]:
        left = self._term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            right, prev = self._term(), left
            left = lambda p=prev, r=right, o=op: _num(p()) + _num(r()) if o == "+" else _num(p()) - _num(r())  # noqa
        return left

    def _term(self) -> Callable[[], Any]:
        left = self._unary()
        while self.peek()[1] in ("*", "/", "%", "^"):
            op = self.take()[1]
            right, prev = self._unary(), left

            def arith(p=prev, r=right, o=op) -> float:
                a, b = _num(p()), _num(r())
                if o == "*":
                    return a * b
                if o == "^":
                    return _power(a, b)
                if b == 0:
                    raise AwkError("awk: division by zero" + (" in %" if o == "%" else ""))
                return a / b if o == "/" else float(a - b * int(a / b))
            left = arith
        return left

    def _unary(self) -> Callable[[], Any]:
        text = self.peek()[1]
        if text in ("-", "+", "!"):
            self.take()
            inner = self._unary()
            if text == "-":
                return lambda: -_num(inner())
            if text == "!":
                return lambda: float(not self._truth(inner()))
            return lambda: _num(inner())
        return self._primary()

    def _primary(self) -> Callable[[], Any]:
        kind, text = self.take()
        if kind == "num":
            value = float(text)
            return lambda: value
        if kind == "str":
            return lambda: text
        if kind == "re":
            regex = awk_regex(text)
            return lambda: float(regex.search(self._record()) is not None)
        if text == "(":
            inner = self._expr()
            self.take(")")
            return inner
        if text == "$":
            index = self._primary_field()
            return self._lvalue(lambda: ("field", int(_num(index()))))
        if kind == "name":
            if self.peek()[1] == "(":
                return self._call(text)
            if text in ("getline", "in", "delete", "function"):
                raise _unsupported(f"'{text}'")
            if self.peek()[1] == "[":
                key = self._subscript()
                return self._lvalue(lambda: ("elem", (text, key())))
            return self._lvalue(lambda: ("var", text))
        raise AwkError(f"awk: line 1: syntax error at or near {text or 'end of file'}")

    def _primary_field(self) -> Callable[[], Any]:
        kind, text = self.peek()
        if kind == "num":
            self.take()
            value = float(text)
            return lambda: value
        if text == "(":
            self.take()
            inner = self._expr()
            self.take(")")
            return inner
        if kind == "name":
            self.take()
            return lambda: self.vars.get(text, "")
        if text == "$":
            self.take()
            inner = self._primary_field()
            return lambda: self._get(("field", int(_num(inner()))))
        raise AwkError(f"awk: line 1: syntax error at or near {text}")

    def _lvalue(self, ref: Callable[[], tuple[str, Any]]) -> Callable[[], Any]:
        op = self.peek()[1]
        if op in ("=", "+=", "-=", "*=", "/=", "%=", "^="):
            self.take()
            value = self._expr()

            def assign() -> Any:
                target = ref()
                new = value()
                if op != "=":
                    cur = _num(self._get(target))
                    n = _num(new)
                    new = {"+=": cur + n, "-=": cur - n, "*=": cur * n,
                           "/=": cur / n if n else 0.0, "%=": cur % n if n else 0.0,
                           "^=": _power(cur, n)}[op]
                self._set(target, new)
                return new
            return assign
        if op in ("++", "--"):
            self.take()

            def post() -> Any:
                target = ref()
                old = _num(self._get(target))
                self._set(target, old + (1 if op == "++" else -1))
                return old
            return post
        return lambda: self._get(ref())

