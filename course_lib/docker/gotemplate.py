"""The Go text/template subset `docker inspect -f` needs: fields, json, range, index, if, println."""
from __future__ import annotations

import json
import re
from typing import Any

_TOKEN = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)


class TemplateError(Exception):
    """A template Go's parser rejects (the CLI exits 64 for `inspect -f`)."""


class ExecError(TemplateError):
    """A template that parsed but failed on the data: Go's `executing "" at <...>: ...` (exit 1)."""


_GO_TYPES = {"str": "string", "int": "float64", "float": "float64", "list": "[]interface {}",
             "bool": "bool", "NoneType": "interface {}"}


def _go_str(value: Any) -> str:
    if value is None:
        return "<no value>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_go_str(v)}" for k, v in sorted(value.items())) + "]"
    if isinstance(value, list):
        return "[" + " ".join(_go_str(v) for v in value) + "]"
    return str(value)


def _field(dot: Any, path: str) -> Any:
    value = dot
    for part in [p for p in path.split(".") if p]:
        if isinstance(value, dict):
            if part not in value:
                return None
            value = value[part]
        else:
            raise ValueError(f"can't evaluate field {part} in type {_GO_TYPES.get(type(value).__name__, 'interface {}')}")
    return value


def _arg(dot: Any, token: str) -> Any:
    if token.startswith('"') and token.endswith('"'):
        return json.loads(token)
    if token == ".":
        return dot
    if token.startswith("."):
        return _field(dot, token)
    if token.isdigit():
        return int(token)
    raise TemplateError(f'template: :1: function "{token}" not defined')


_ARITY = {"json": 1, "upper": 1, "lower": 1, "join": 2}


def _eval(dot: Any, expr: str, pos: int = 0) -> Any:
    """The value of one action; a failure on the data raises Go's execution error at column `pos`."""
    try:
        return _call(dot, expr)
    except TemplateError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        words = expr.split()
        head = words[0] if words else ""
        reason = str(exc)
        if isinstance(exc, IndexError):
            reason = f"error calling index: index out of range: {words[-1] if words else ''}"
        elif isinstance(exc, (KeyError, TypeError, AttributeError)) or head == "index":
            reason = f"error calling {head}: cannot index slice/array with type string" if head == "index" \
                else f"error calling {head}: {exc}"
        raise ExecError(f'template: :1:{pos}: executing "" at <{expr}>: {reason}') from None


def _call(dot: Any, expr: str) -> Any:
    words = re.findall(r'"(?:[^"\\]|\\.)*"|\S+', expr)
    if not words:
        raise TemplateError("template: :1: missing value for command")
    head = words[0]
    if head in _ARITY and len(words) - 1 != _ARITY[head]:
        raise ValueError(f"wrong number of args for {head}: want {_ARITY[head]} got {len(words) - 1}")
    if head == "index" and len(words) < 2:
        raise ValueError("wrong number of args for index: want at least 1 got 0")
    if head == "json":
        return json.dumps(_arg(dot, words[1]), separators=(",", ":"))
    if head == "index":
        value = _arg(dot, words[1])
        for key in words[2:]:
            k = _arg(dot, key)
            if isinstance(value, list) and not isinstance(k, int):
                raise TypeError(k)
            value = value.get(k) if isinstance(value, dict) else value[k]
        return value
    if head == "println":
        return " ".join(_go_str(_arg(dot, w)) for w in words[1:]) + "\n"
    if len(words) > 1:
        raise ValueError(f"{head.rsplit('.', 1)[-1]} is not a method but has arguments")
    if head in ("upper", "lower"):
        text = _go_str(_arg(dot, words[1]))
        return text.upper() if head == "upper" else text.lower()
    if head == "join":
        return _go_str(_arg(dot, words[2])).join(_go_str(v) for v in _arg(dot, words[1]) or [])
    return _arg(dot, head)


def _parse(text: str) -> list[Any]:
    """A tree: strings, ("expr", e), ("range", e, body), ("if", e, body, else_body)."""
    pos = 0
    stack: list[list[Any]] = [[]]
    frames: list[tuple] = []
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            stack[-1].append(text[pos:m.start()])
        pos = m.end()
        action, at = m.group(1), m.start(1)
        if action in ("range", "if", "with"):
            raise TemplateError(f"template: :1: missing value for {action}")
        if action.startswith("range ") or action.startswith("if ") or action.startswith("with "):
            kind, _, expr = action.partition(" ")
            frames.append((kind, expr, at + len(kind) + 1))
            stack.append([])
        elif action == "else":
            if not frames:
                raise TemplateError("template: :1: unexpected {{else}}")
            stack.append(["__else__"])
        elif action == "end":
            if not frames:
                raise TemplateError('template: :1: unexpected {{end}}')
            body = stack.pop()
            else_body: list[Any] = []
            if body and body[0] == "__else__":
                else_body, body = body[1:], stack.pop()
            kind, expr, at = frames.pop()
            stack[-1].append((kind, expr, body, else_body, at))
        else:
            stack[-1].append(("expr", action, at))
    if frames:
        raise TemplateError("template: :1: unexpected EOF")
    if "{{" in text[pos:]:
        raise TemplateError("template: :1: unclosed action")
    if pos < len(text):
        stack[-1].append(text[pos:])
    return stack[0]


def _truthy(value: Any) -> bool:
    return bool(value) and value != "<no value>"


def _render(nodes: list[Any], dot: Any) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node[0] == "expr":
            value = _eval(dot, node[1], node[2])
            out.append(value if isinstance(value, str) else _go_str(value))
        elif node[0] == "range":
            value = _eval(dot, node[1], node[4])
            if isinstance(value, (str, int, float, bool)):
                raise ExecError(f'template: :1:{node[4]}: executing "" at <{node[1]}>: range can\'t iterate '
                                f'over {_go_str(value)}')
            items = [value[k] for k in sorted(value)] if isinstance(value, dict) else list(value or [])
            out.append("".join(_render(node[2], item) for item in items) if items else _render(node[3], dot))
        elif node[0] == "if":
            out.append(_render(node[2] if _truthy(_eval(dot, node[1], node[4])) else node[3], dot))
        elif node[0] == "with":
            value = _eval(dot, node[1], node[4])
            out.append(_render(node[2], value) if _truthy(value) else _render(node[3], dot))
    return "".join(out)


def render(template: str, data: Any) -> str:
    """Render one object; raises TemplateError with Go's message on a bad template."""
    return _render(_parse(template), data)
