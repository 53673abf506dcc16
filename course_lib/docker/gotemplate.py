"""The Go text/template subset `docker inspect -f` needs: fields, json, range, index, if, println."""
from __future__ import annotations

import json
import re
from typing import Any

_TOKEN = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)


class TemplateError(Exception):
    pass


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
            raise TemplateError(f"can't evaluate field {part} in type {type(value).__name__}")
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
    raise TemplateError(f'function "{token}" not defined')


def _eval(dot: Any, expr: str) -> Any:
    words = re.findall(r'"(?:[^"\\]|\\.)*"|\S+', expr)
    if not words:
        return ""
    head = words[0]
    if head == "json":
        return json.dumps(_arg(dot, words[1]), separators=(",", ":"))
    if head == "index":
        value = _arg(dot, words[1])
        for key in words[2:]:
            k = _arg(dot, key)
            value = value.get(k) if isinstance(value, dict) else value[k]
        return value
    if head == "println":
        return " ".join(_go_str(_arg(dot, w)) for w in words[1:]) + "\n"
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
        action = m.group(1)
        if action.startswith("range ") or action.startswith("if ") or action.startswith("with "):
            kind, _, expr = action.partition(" ")
            frames.append((kind, expr))
            stack.append([])
        elif action == "else":
            stack.append(["__else__"])
        elif action == "end":
            if not frames:
                raise TemplateError('template: :1: unexpected {{end}}')
            body = stack.pop()
            else_body: list[Any] = []
            if body and body[0] == "__else__":
                else_body, body = body[1:], stack.pop()
            kind, expr = frames.pop()
            stack[-1].append((kind, expr, body, else_body))
        else:
            stack[-1].append(("expr", action))
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
            value = _eval(dot, node[1])
            out.append(value if isinstance(value, str) else _go_str(value))
        elif node[0] == "range":
            value = _eval(dot, node[1])
            items = [value[k] for k in sorted(value)] if isinstance(value, dict) else list(value or [])
            out.append("".join(_render(node[2], item) for item in items) if items else _render(node[3], dot))
        elif node[0] == "if":
            out.append(_render(node[2] if _truthy(_eval(dot, node[1])) else node[3], dot))
        elif node[0] == "with":
            value = _eval(dot, node[1])
            out.append(_render(node[2], value) if _truthy(value) else _render(node[3], dot))
    return "".join(out)


def render(template: str, data: Any) -> str:
    """Render one object; raises TemplateError with Go's message on a bad template."""
    return _render(_parse(template), data)
