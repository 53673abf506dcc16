"""Go text/template execution for the Docker CLI's --format/-f: Go's value printing, truth, fields of maps and
of the CLI's typed contexts, the builtin and Docker functions, and Go's `executing "" at <...>` errors.

    render("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", inspect_doc)
    render("{{.Names}} {{.Label \"a\"}}", Context("*formatter.ContainerContext", fields, methods))
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from course_lib.docker.gotemplate_parse import Parser, TemplateError, node_text, pipe_text

__all__ = ["Context", "ExecError", "TemplateError", "render", "parse"]


class ExecError(TemplateError):
    """A template that parsed but failed on the data: Go's `executing "" at <...>: ...` (exit 1)."""


@dataclass
class Context:
    """A CLI formatter's record (a Go struct pointer): its fields are methods; others fail by type name."""

    type_name: str
    fields: dict[str, Any]
    methods: dict[str, Callable[..., Any]] = field(default_factory=dict)


class Struct(dict):
    """A Go struct value in an inspect document (nat.PortBinding...): a map for fields and JSON, printed by
    fmt's %v as `{v1 v2}` in field order (the CLI runs -f on its typed structs first)."""


class _NoValue:
    def __repr__(self) -> str:
        return "<no value>"


NO_VALUE = _NoValue()


class _Fail(Exception):
    def __init__(self, node: Any, message: str) -> None:
        super().__init__(message)
        self.node, self.message = node, message


def go_type(value: Any) -> str:
    if isinstance(value, Context):
        return value.type_name
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):         # a number of the raw JSON the template falls back to
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "[]interface {}" if not all(isinstance(v, str) for v in value) or not value else "[]string"
    if isinstance(value, dict):
        return "map[string]interface {}"
    return "interface {}"


def go_str(value: Any) -> str:
    """fmt's %v."""
    if value is None or value is NO_VALUE:
        return "<no value>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Struct):
        return "{" + " ".join(go_str(v) for v in value.values()) + "}"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_str(v)}" for k, v in sorted(value.items())) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_str(v) for v in value) + "]"
    if isinstance(value, Context):
        return "&{" + " ".join(go_str(v) for v in value.fields.values()) + "}"
    return str(value)


def truth(value: Any) -> bool:
    if value is None or value is NO_VALUE:
        return False
    if isinstance(value, (bool, int, float, str, list, dict)):
        return bool(value)
    return True


def go_json(value: Any) -> str:
    """encoding/json.Marshal: HTML characters escaped, other text as UTF-8."""
    if value is NO_VALUE:
        value = None
    if isinstance(value, Context):
        value = {k: (v() if callable(v) else v) for k, v in value.fields.items()}
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _want_str(value: Any, what: str = "string") -> str:
    if not isinstance(value, str):
        raise TypeError(f"wrong type for value; expected {what}; got {go_type(value)}")
    return value


def _want_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"wrong type for value; expected int; got {go_type(value)}")
    return value


def _index(item: Any, *keys: Any) -> Any:
    for key in keys:
        if isinstance(item, dict):
            item = item.get(key, None)
        elif isinstance(item, (list, str)):
            if isinstance(key, bool) or not isinstance(key, int):
                raise TypeError(f"error calling index: cannot index slice/array with type {go_type(key)}")
            if not 0 <= key <= len(item):
                raise TypeError(f"error calling index: index out of range: {key}")
            if key == len(item):                 # past indexArg's check, reflect's Index panics
                kind = "slice" if isinstance(item, list) else "string"
                raise TypeError(f"error calling index: reflect: {kind} index out of range")
            item = item[key] if isinstance(item, list) else ord(item[key])
        else:
            raise TypeError(f"error calling index: can't index item of type {go_type(item)}")
    return item


def _printf(fmt: Any, *args: Any) -> str:
    out, i, n = [], 0, 0
    fmt = _want_str(fmt)
    while i < len(fmt):
        ch = fmt[i]
        if ch != "%" or i + 1 >= len(fmt):
            out.append(ch)
            i += 1
            continue
        verb = fmt[i + 1]
        i += 2
        if verb == "%":
            out.append("%")
            continue
        if n >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        arg = args[n]
        n += 1
        out.append(json.dumps(arg, ensure_ascii=False) if verb == "q" and isinstance(arg, str) else go_str(arg))
    return "".join(out)


def _print(*args: Any) -> str:
    out = ""
    for i, arg in enumerate(args):
        if i and not isinstance(arg, str) and not isinstance(args[i - 1], str):
            out += " "
        out += go_str(arg)
    return out


def _cmp(op: str) -> Callable[..., bool]:
    def compare(a: Any, *others: Any) -> bool:
        if op == "eq":
            return any(a == b for b in others)
        b = others[0]
        if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
            raise TypeError("error calling " + op + ": incompatible types for comparison")
        return {"ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[op]
    return compare


def _truncate(source: Any, length: Any) -> str:
    text = _want_str(source)
    return text if len(text) < _want_int(length) else text[:_want_int(length)]


FUNCS: dict[str, tuple[Callable[..., Any], Optional[int]]] = {     # name -> (fn, arity or None)
    "json": (go_json, 1), "split": (lambda s, sep: _want_str(s).split(_want_str(sep)), 2),
    "join": (lambda items, sep: _want_str(sep).join(_want_str(v) for v in _strings(items)), 2),
    "title": (lambda s: _want_str(s).title(), 1), "lower": (lambda s: _want_str(s).lower(), 1),
    "upper": (lambda s: _want_str(s).upper(), 1),
    "pad": (lambda s, a, b: _want_str(s) and " " * _want_int(a) + s + " " * _want_int(b), 3),
    "slice": (lambda v, *ix: _slice(v, *ix), None),
    "truncate": (_truncate, 2), "len": (lambda v: len(v) if isinstance(v, (str, list, dict)) else _bad_len(v), 1),
    "index": (_index, None), "print": (_print, None), "println": (lambda *a: " ".join(go_str(v) for v in a) + "\n",
                                                                   None),
    "printf": (_printf, None), "not": (lambda v: not truth(v), 1),
    "and": (lambda *a: next((v for v in a if not truth(v)), a[-1]), None),
    "or": (lambda *a: next((v for v in a if truth(v)), a[-1]), None),
    **{op: (_cmp(op), None) for op in ("eq", "ne", "lt", "le", "gt", "ge")},
}
MIN_ARGS = {"index": 1, "and": 1, "or": 1, "eq": 1, "ne": 2, "lt": 2, "le": 2, "gt": 2, "ge": 2, "printf": 1}


def _slice(value: Any, *indexes: Any) -> Any:
    if not isinstance(value, (str, list)):
        raise TypeError(f"error calling slice: can't slice item of type {go_type(value)}")
    bounds = [_want_int(i) for i in indexes]
    for i in bounds:
        if not 0 <= i <= len(value):
            raise TypeError(f"error calling slice: index out of range: {i}")
    if len(bounds) == 2 and bounds[0] > bounds[1]:
        raise TypeError(f"error calling slice: invalid slice index: {bounds[0]} > {bounds[1]}")
    return value[slice(*bounds)] if bounds else value


def _strings(items: Any) -> list[str]:
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise TypeError(f"wrong type for value; expected []string; got {go_type(items)}")
    return items


def _bad_len(value: Any) -> int:
    raise TypeError(f"error calling len: len of type {go_type(value)}")


def parse(template: str) -> list[Any]:
    return Parser(template, set(FUNCS)).parse()


class _Exec:
    def __init__(self, root: Any, strict: bool = False) -> None:
        self.vars: list[tuple[str, Any]] = [("$", root)]
        self.strict = strict                    # Option("missingkey=error")

    def var(self, name: str) -> Any:
        for key, value in reversed(self.vars):
            if key == name:
                return value
        raise KeyError(name)

    def field(self, value: Any, names: list[str], node: Any) -> Any:
        for i, name in enumerate(names):
            if isinstance(value, Context):
                if name not in value.fields:
                    raise _Fail(node, f"can't evaluate field {name} in type {value.type_name}")
                got = value.fields[name]
                value = got() if callable(got) else got
            elif isinstance(value, dict):
                if self.strict and name not in value:
                    raise _Fail(node, f'map has no entry for key "{name}"')
                value = value.get(name, NO_VALUE)
            elif value is NO_VALUE or value is None:
                raise _Fail(node, f"nil pointer evaluating interface {{}}.{name}")
            else:
                raise _Fail(node, f"can't evaluate field {name} in type {go_type(value)}")
        return value

    def arg(self, node: Any, dot: Any, final: Any = NO_VALUE, has_final: bool = False) -> Any:
        kind = node[0]
        if kind == "field":
            return self.field(dot, node[1].split(".")[1:], node)
        if kind == "var":
            name, *rest = node[1].split(".")
            try:
                base = self.var(name)
            except KeyError:
                raise _Fail(node, f"undefined variable: {name}") from None
            return self.field(base, rest, node)
        if kind == "dot":
            return dot
        if kind in ("str", "num", "bool"):
            return node[1]
        if kind == "nil":
            raise _Fail(node, "nil is not a command")
        if kind == "pipe":
            return self.pipe(node[1], dot)
        if kind == "chain":
            return self.field(self.arg(node[1], dot), node[2].split(".")[1:], node)
        raise _Fail(node, "can't handle " + kind)

    def command(self, cmd: tuple, dot: Any, final: Any, has_final: bool) -> Any:
        args, pos = cmd
        head = args[0]
        if head[0] == "func":
            name = head[1]
            values = [self.arg(a, dot) for a in args[1:]] + ([final] if has_final else [])
            fn, arity = FUNCS[name]
            if arity is not None and len(values) != arity:
                raise _Fail(("cmd", cmd), f"wrong number of args for {name}: want {arity} got {len(values)}")
            if len(values) < MIN_ARGS.get(name, 0):
                raise _Fail(("cmd", cmd), f"wrong number of args for {name}: want at least {MIN_ARGS[name]} "
                                          f"got {len(values)}")
            try:
                return fn(*values)
            except TypeError as exc:
                text = str(exc)
                if text.startswith("wrong type for value"):
                    want = text.split("expected ", 1)[1].split(";")[0]
                    ok = {"string": lambda v: isinstance(v, str), "int": lambda v: isinstance(v, int) and
                          not isinstance(v, bool), "[]string": lambda v: False}[want]
                    bad = next((a for a, v in zip(args[1:], values) if not ok(v)), head)
                    raise _Fail(bad, text) from None
                raise _Fail(("cmd", cmd), text if text.startswith("error calling") else
                            f"error calling {name}: {text}") from None
        if head[0] == "field" and isinstance(dot, Context) and head[1][1:] in dot.methods:
            method = dot.methods[head[1][1:]]
            want, got = method.__code__.co_argcount, len(args) - 1 + has_final
            if got != want:                         # evalCall: the count first, reported at the field
                raise _Fail(head, f"wrong number of args for {head[1][1:]}: want {want} got {got}")
            for a in args[1:]:                      # evalArg into a string parameter: constants checked
                if a[0] in ("num", "bool", "nil"):
                    raise _Fail(a, "cannot assign nil to string" if a[0] == "nil" else
                                f"expected string; found {node_text(a)}")
            values = [self.arg(a, dot) for a in args[1:]] + ([final] if has_final else [])
            return method(*values)
        if len(args) > 1 or has_final:
            if head[0] in ("field", "chain"):
                raise _Fail(head, f"{node_text(head).rsplit('.', 1)[-1]} is not a method but has arguments")
            raise _Fail(head, f"can't give argument to non-function {node_text(head)}")
        return self.arg(head, dot)

    def pipe(self, pipe: tuple, dot: Any) -> Any:
        decls, cmds, _ = pipe
        value: Any = NO_VALUE
        for i, cmd in enumerate(cmds):
            value = self.command(cmd, dot, value, i > 0)
        for name in decls[:1]:
            self.vars.append((name, value))
        return value

    def run(self, nodes: list[Any], dot: Any) -> str:
        out: list[str] = []
        for node in nodes:
            kind = node[0]
            if kind == "text":
                out.append(node[1])
            elif kind == "action":
                value = self.pipe(node[1], dot)
                if not node[1][0]:
                    out.append(value if isinstance(value, str) else go_str(value))
            elif kind in ("if", "with"):
                depth = len(self.vars)
                value = self.pipe(node[1], dot) if kind == "with" or not node[1][0] else self.pipe(node[1], dot)
                if truth(value):
                    out.append(self.run(node[2], value if kind == "with" else dot))
                else:
                    out.append(self.run(node[3], dot))
                del self.vars[depth:]
            elif kind == "range":
                out.append(self.range(node, dot))
        return "".join(out)

    def range(self, node: tuple, dot: Any) -> str:
        decls, cmds, pos = node[1]
        value = self.pipe((decls[:0], cmds, pos), dot)
        if isinstance(value, dict):
            items = [(k, value[k]) for k in sorted(value)]
        elif isinstance(value, list):
            items = list(enumerate(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            items = [(i, i) for i in range(value)]
        elif value is NO_VALUE or value is None:
            items = []
        else:
            raise _Fail(cmds[-1][0][0] if len(cmds) == 1 and len(cmds[0][0]) == 1 else ("cmd", cmds[-1]),
                        f"range can't iterate over {go_str(value)}")
        out = []
        for key, item in items:
            depth = len(self.vars)
            if len(decls) == 2:
                self.vars += [(decls[0], key), (decls[1], item)]
            elif decls:
                self.vars.append((decls[0], item))
            out.append(self.run(node[2], item))
            del self.vars[depth:]
        return "".join(out) if items else self.run(node[3], dot)


def _where(node: Any) -> tuple[int, str]:
    if node[0] == "cmd":
        args, pos = node[1]
        return pos, " ".join(node_text(a) for a in args)
    return node[-1], node_text(node)


def render(template: str, data: Any, strict: bool = False) -> str:
    """Render one object; TemplateError (parse) or ExecError (execution) with Go's message. `strict`: a map's
    missing key is an error (`docker inspect`'s raw-JSON template runs with missingkey=error)."""
    nodes = parse(template)
    try:
        return _Exec(data, strict).run(nodes, data)
    except _Fail as exc:
        pos, shown = _where(exc.node)
        line = 1 + template.count("\n", 0, pos)
        col = pos - (template.rfind("\n", 0, pos) + 1) if line > 1 else pos
        raise ExecError(f'template: :{line}:{col}: executing "" at <{shown}>: {exc.message}') from None
    except RecursionError:
        raise ExecError('template: :1:0: executing "" at <>: exceeded maximum template depth (100000)') from None


__all__ += ["pipe_text", "go_json", "go_str", "NO_VALUE"]
