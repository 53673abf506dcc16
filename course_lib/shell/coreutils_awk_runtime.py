"""The runtime of the small awk: records and fields, arrays, built-in functions, the main loop."""
from __future__ import annotations

import re
from typing import Any, Callable

from course_lib.shell.coreutils_awk_lex import (AwkError, _Break, _Continue, _Exit, _Next, _num, _str,
                                               _unsupported, awk_regex)

MAX_ITERATIONS = 1_000_000
_ARITY = {"split": (2, 3), "sub": (2, 3), "gsub": (2, 3), "substr": (2, 3), "index": (2, 2),
          "length": (0, 1), "tolower": (1, 1), "toupper": (1, 1), "int": (1, 1), "match": (2, 2),
          "sprintf": (1, 99)}

SUBSEP = "\x1c"


class AwkRuntime:
    """Mixed into the parser: what the compiled closures call."""

    vars: dict[str, Any]
    fields: list[str]
    out: list[str]
    rules: list[tuple[str, Any, Any]]

    def peek(self) -> tuple[str, str]: ...  # noqa: E704 - provided by the parser

    def take(self, text: str | None = None) -> tuple[str, str]: ...  # noqa: E704

    def _expr(self, no_gt: bool = False) -> Callable[[], Any]: ...  # noqa: E704

    def _truth(self, v: Any) -> bool:
        return v != "" if isinstance(v, str) else v != 0

    def _array(self, name: str) -> dict[str, Any]:
        table = self.vars.get(name)
        if table is None or table == "":
            table = self.vars[name] = {}
        if not isinstance(table, dict):
            raise AwkError(f"awk: can't use scalar {name} as array")
        return table

    def _run_loop(self, body: Callable[[], None], cond: Any, step: Any, first: bool = False) -> None:
        for _ in range(MAX_ITERATIONS):
            if not first and cond is not None and not self._truth(cond()):
                return
            first = False
            try:
                body()
            except _Break:
                return
            except _Continue:
                pass
            if step is not None:
                step()
        raise AwkError(f"awk: loop stopped after {MAX_ITERATIONS} iterations (the simulation bounds loops)")

    def _run_for_in(self, var: str, array: str, body: Callable[[], None]) -> None:
        for key in list(self._array(array)):
            self.vars[var] = key
            try:
                body()
            except _Break:
                return
            except _Continue:
                continue

    def _call(self, name: str) -> Callable[[], Any]:
        self.take("(")
        args: list[Any] = []
        while self.peek()[1] != ")":
            if self.peek()[0] == "re":
                text = self.take()[1]
                args.append(lambda t=text: t)
            elif name in ("split", "sub", "gsub") and len(args) == (1 if name == "split" else 2):
                args.append(self._reference())
            else:
                args.append(self._expr())
            if self.peek()[1] == ",":
                self.take()
            elif self.peek()[1] != ")":
                raise AwkError(f"awk: line 1: syntax error at or near {self.peek()[1] or 'end of file'}")
        self.take(")")
        low, high = _ARITY.get(name, (0, 99))
        if not low <= len(args) <= high:
            raise AwkError(f"awk: line 1: wrong number of arguments in call to {name}")
        if name in ("sub", "gsub"):
            target = args[2] if len(args) > 2 else (lambda: ("field", 0))
            return lambda: self._substitute(_str(args[0]()), _str(args[1]()), target(), name == "gsub")
        if name == "split":
            sep = args[2] if len(args) > 2 else None
            return lambda: self._split_into(_str(args[0]()), args[1](), None if sep is None else _str(sep()))
        funcs: dict[str, Callable[..., Any]] = {
            "length": lambda *a: float(len(a[0]) if a and isinstance(a[0], dict) else
                                       len(_str(a[0]) if a else self._record())),
            "substr": lambda s, m, n=None: _substr(_str(s), _num(m), None if n is None else _num(n)),
            "index": lambda s, t: float(_str(s).find(_str(t)) + 1),
            "tolower": lambda s: _str(s).lower(), "toupper": lambda s: _str(s).upper(),
            "int": lambda x: float(int(_num(x))),
            "match": self._match_fn,
            "sprintf": lambda *a: _sprintf([_str(v) for v in a]),
        }
        if name not in funcs:
            raise _unsupported(f"the function {name}()")
        fn = funcs[name]
        if name == "length" and args:
            arg = args[0]
            return lambda: fn(self._maybe_array(arg))
        return lambda: fn(*[a() for a in args])

    def _reference(self) -> Callable[[], Any]:
        kind, text = self.take()
        if text == "$":
            index = self._expr()
            return lambda: ("field", int(_num(index())))
        if kind != "name":
            raise AwkError(f"awk: line 1: syntax error at or near {text}")
        if self.peek()[1] == "[":
            key = self._subscript()  # type: ignore[attr-defined]
            return lambda: ("elem", (text, key()))
        return lambda: ("var", text)

    def _maybe_array(self, arg: Callable[[], Any]) -> Any:
        return arg()

    def _substitute(self, pattern: str, repl: str, target: tuple[str, Any], every: bool) -> float:
        text = _str(self._get(target))
        count = 0

        def one(m: re.Match[str]) -> str:
            nonlocal count
            count += 1
            return re.sub(r"\\&|&", lambda x: "&" if x.group(0) != "&" else m.group(0), repl)
        new = awk_regex(pattern).sub(one, text, count=0 if every else 1)
        if count:
            self._set(target, new)
        return float(count)

    def _split_into(self, text: str, target: tuple[str, Any], sep: str | None) -> float:
        if target[0] != "var":
            raise AwkError("awk: split: the second argument must be an array name")
        saved = self.vars["FS"]
        if sep is not None:
            self.vars["FS"] = sep
        pieces = self._split(text)
        self.vars["FS"] = saved
        self.vars[target[1]] = {str(i): p for i, p in enumerate(pieces, 1)}
        return float(len(pieces))

    def _match_fn(self, text: Any, pattern: Any) -> float:
        m = awk_regex(_str(pattern)).search(_str(text))
        self.vars["RSTART"] = float(m.start() + 1) if m else 0.0
        self.vars["RLENGTH"] = float(len(m.group(0))) if m else -1.0
        return self.vars["RSTART"]

    # ---- records --------------------------------------------------------------------------------
    def _record(self) -> str:
        return self.fields[0]

    def _split(self, line: str) -> list[str]:
        fs = _str(self.vars["FS"])
        if fs == " ":
            return line.split()
        if len(fs) == 1 and fs != "\\":
            return line.split(fs) if line else []
        return awk_regex(fs).split(line) if line else []

    def _get(self, target: tuple[str, Any]) -> Any:
        kind, key = target
        if kind == "elem":
            return self._array(key[0]).setdefault(key[1], "")
        if kind == "var":
            value = self.vars.get(key, "")
            if isinstance(value, dict):
                raise AwkError(f"awk: can't use array {key} in scalar context")
            return value
        if key < 0:
            raise AwkError(f"awk: trying to access out of range field {key}")
        return self.fields[key] if key < len(self.fields) else ""

    def _set(self, target: tuple[str, Any], value: Any) -> None:
        kind, key = target
        if kind == "elem":
            self._array(key[0])[key[1]] = value
            return
        if kind == "var":
            if isinstance(self.vars.get(key), dict):
                raise AwkError(f"awk: can't assign to {key}; it's an array name.")
            self.vars[key] = value
            if key == "NF":
                n = int(_num(value))
                self.fields = (self.fields + [""] * n)[:n + 1]
                self.fields[0] = _str(self.vars["OFS"]).join(self.fields[1:])
            return
        if key == 0:
            self.fields = [_str(value)] + self._split(_str(value))
            self.vars["NF"] = float(len(self.fields) - 1)
            return
        while len(self.fields) <= key:
            self.fields.append("")
        self.fields[key] = _str(value)
        self.vars["NF"] = float(len(self.fields) - 1)
        self.fields[0] = _str(self.vars["OFS"]).join(self.fields[1:])

    def run(self, inputs: list[tuple[str, str]]) -> str:
        self.exit_code = 0
        try:
            self._main(inputs)
        except _Exit as done:
            self.exit_code = done.code
            try:
                for kind, _, action in self.rules:
                    if kind == "END" and not getattr(self, "_in_end", False):
                        action()
            except _Exit as again:
                self.exit_code = again.code
        except (_Break, _Continue):
            pass
        return "".join(self.out)

    def _main(self, inputs: list[tuple[str, str]]) -> None:
        for kind, _, action in self.rules:
            if kind == "BEGIN":
                action()
        if any(kind != "BEGIN" for kind, _, _ in self.rules):
            for name, text in inputs:
                self.vars["FILENAME"] = "" if name == "-" else name
                self.vars["FNR"] = 0.0
                for line in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n") if text else []:
                    self.vars["NR"] = _num(self.vars["NR"]) + 1
                    self.vars["FNR"] = _num(self.vars["FNR"]) + 1
                    self._set(("field", 0), line)
                    try:
                        for kind, pattern, action in self.rules:
                            if kind != "main":
                                continue
                            if pattern is None or self._truth(pattern()):
                                if action is None:
                                    self.out.append(self._record() + self.vars["ORS"])
                                else:
                                    action()
                    except _Next:
                        continue
        self._in_end = True
        for kind, _, action in self.rules:
            if kind == "END":
                action()


def _sprintf(args: list[str]) -> str:
    from course_lib.shell.coreutils_builtin import printf_impl
    return printf_impl(["printf"] + args).stdout if args else ""


def _substr(s: str, m: float, n: float | None) -> str:
    start = int(round(m))
    end = len(s) + 1 if n is None else start + int(round(n))
    start = max(start, 1)
    return s[start - 1:max(end - 1, start - 1)]
