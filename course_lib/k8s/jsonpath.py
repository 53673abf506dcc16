"""kubectl's JSONPath templates: {.a.b}, [n], [*], [?(@.k=="v")], {range ...}{end}, {"\\n"}, literal text.

    render('{.items[*].metadata.name}', doc)  ->  "a b"
Raises JsonPathError with kubectl's message for a template it cannot parse or a missing key.
"""
from __future__ import annotations

import json
import re
from typing import Any

_MISSING = object()


class JsonPathError(Exception):
    pass


class JsonPathExecError(JsonPathError):
    """An error of executing a parsed template (kubectl reports it as `error executing jsonpath`)."""


def _split_actions(template: str) -> list[tuple[str, str]]:
    """('text', s) and ('expr', e) parts."""
    parts: list[tuple[str, str]] = []
    i = 0
    while i < len(template):
        j = template.find("{", i)
        if j < 0:
            parts.append(("text", template[i:]))
            break
        if j > i:
            parts.append(("text", template[i:j]))
        depth, k = 0, j
        in_quote = False
        while k < len(template):
            ch = template[k]
            if ch == '"':
                in_quote = not in_quote
            elif not in_quote and ch == "{":
                depth += 1
            elif not in_quote and ch == "}":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        if k >= len(template):
            raise JsonPathError("unclosed action")
        parts.append(("expr", template[j + 1:k].strip()))
        i = k + 1
    return parts


# A field runs to the next unescaped terminator (client-go's isTerminator: space . , [ ] $ @ { }); a backslash
# escapes the next character, and every backslash is then dropped (`kubernetes\.io/name` -> `kubernetes.io/name`).
_FIELD = r"(?:\\.|[^\s.,\[\]$@{}\\])+"
_TOKEN = re.compile(r"\.\.|\.(" + _FIELD + r"|\*)|\[([^\]]*)\]|\.")
_FILTER_FIELD = r"(?:\\.|[^\s.,\[\]$@{}\\()=!<>])+"


def _go_unicode(char: str) -> str:
    """Go's %#U of a rune: U+005C '\\' (the quoted rune only when it is printable)."""
    return f"U+{ord(char):04X} '{char}'" if char.isprintable() else f"U+{ord(char):04X}"


def _steps(expr: str) -> list[tuple[str, str]]:
    if expr.startswith("$"):
        expr = expr[1:]
    steps: list[tuple[str, str]] = []
    pos = 0
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if m is None:
            if pos == 0 and re.match(r"[A-Za-z]", expr):       # `{metadata.name}` without the dot
                expr = "." + expr
                continue
            raise JsonPathError(f"unrecognized character in action: {_go_unicode(expr[pos])}")
        if m.group(1) is not None:
            steps.append(("key", m.group(1).replace("\\", "")))
        elif m.group(2) is not None:
            steps.append(("index", m.group(2).strip()))
        elif m.group(0) == "..":
            steps.append(("recurse", ""))
            field = re.compile(_FIELD + r"|\*").match(expr, m.end())      # `..name`: descend, then the field
            if field is not None:
                steps.append(("key", field.group(0).replace("\\", "")))
                pos = field.end()
                continue
        pos = m.end()
    return steps


def _filter_ok(item: Any, cond: str) -> bool:
    m = re.match(r"^\?\(@((?:\." + _FILTER_FIELD + r")+)\s*(==|!=)\s*(?:\"([^\"]*)\"|'([^']*)'|(\S+))\)$", cond)
    if m is None:
        m2 = re.match(r"^\?\(@((?:\." + _FILTER_FIELD + r")+)\)$", cond)
        if m2 is None:
            raise JsonPathError(f"unrecognized filter {cond!r}")
        return _walk([item], _steps(m2.group(1))) != []
    values = _walk([item], _steps(m.group(1)))
    want = m.group(3) if m.group(3) is not None else (m.group(4) if m.group(4) is not None else m.group(5))
    got = [str(v).lower() if isinstance(v, bool) else str(v) for v in values]
    return (want in got) if m.group(2) == "==" else (want not in got)


def _walk(current: list[Any], steps: list[tuple[str, str]], strict: bool = False) -> list[Any]:
    """The values the steps reach; `strict` (--allow-missing-template-keys=false): a field that matches nothing is
    client-go's `NAME is not found`."""
    for kind, arg in steps:
        nxt: list[Any] = []
        for value in current:
            if kind == "key":
                if arg == "*":
                    if isinstance(value, dict):
                        nxt += list(value.values())
                    elif isinstance(value, list):
                        nxt += value
                elif isinstance(value, dict) and arg in value:
                    nxt.append(value[arg])
            elif kind == "recurse":
                stack = [value]
                while stack:
                    v = stack.pop(0)
                    nxt.append(v)
                    if isinstance(v, dict):
                        stack += list(v.values())
                    elif isinstance(v, list):
                        stack += v
            elif kind == "index":
                if not isinstance(value, list):
                    continue
                if arg == "*":
                    nxt += value
                elif arg.startswith("?"):
                    nxt += [item for item in value if _filter_ok(item, arg)]
                elif ":" in arg:                  # [start:end:step], each part strconv.Atoi'd by the parser
                    parts = arg.split(":")
                    if len(parts) > 3:
                        raise JsonPathError(f"invalid array index {arg}")
                    for part in parts:
                        if part and not re.fullmatch(r"[+-]?[0-9]+", part):
                            raise JsonPathError(f'parse error: strconv.Atoi: parsing "{part}": invalid syntax')
                    a, b, step = (int(p) if p else None for p in parts + [""] * (3 - len(parts)))
                    nxt += value[a:b:step] if step != 0 else []
                else:
                    try:
                        idx = int(arg)
                    except ValueError:
                        raise JsonPathError(f"invalid array index {arg}") from None
                    if -len(value) <= idx < len(value):
                        nxt.append(value[idx])
                    else:
                        raise JsonPathExecError("array index out of bounds: index "
                                            f"{idx}, length {len(value)}")
        if strict and kind == "key" and arg != "*" and current and not nxt:     # evalField
            raise JsonPathExecError(f"{arg} is not found")
        current = nxt
    return current


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def render(template: str, doc: Any, strict: bool = False) -> str:
    parts = _split_actions(template)
    out, _ = _render(parts, 0, doc, stop_at_end=False, strict=strict)
    return out


def render_json(template: str, doc: Any, strict: bool = False) -> str:
    """-o jsonpath-as-json: what each part of the template gives, as one JSON array per part (Go's
    MarshalIndent with 4 spaces and a newline; the parts in a range once per item)."""
    parts = _split_actions(template)
    out, _ = _render(parts, 0, doc, stop_at_end=False, as_json=True, strict=strict)
    return out


def _json_array(values: list[Any]) -> str:
    from course_lib.k8s.printers import to_json
    return to_json(values)


def _render(parts: list[tuple[str, str]], i: int, doc: Any, stop_at_end: bool,
            as_json: bool = False, strict: bool = False) -> tuple[str, int]:
    out: list[str] = []
    while i < len(parts):
        kind, body = parts[i]
        if kind == "text":
            out.append(_json_array([body]) if as_json else body)
            i += 1
            continue
        if body == "end":
            if stop_at_end:
                return "".join(out), i + 1
            raise JsonPathError("not in range, nothing to end")
        if body.startswith("range "):
            values = _walk([doc], _steps(body[6:].strip()), strict)
            end = i + 1
            for value in values:
                text, end = _render(parts, i + 1, value, stop_at_end=True, as_json=as_json, strict=strict)
                out.append(text)
            if not values:
                _, end = _render(parts, i + 1, {}, stop_at_end=True) if False else (None, _skip(parts, i + 1))
            i = end
            continue
        if body.startswith('"') and body.endswith('"'):
            out.append(_json_array([json.loads(body)]) if as_json else json.loads(body))
            i += 1
            continue
        steps = _steps(body)
        values = _walk([doc], steps, strict)
        out.append(_json_array(values) if as_json else " ".join(_text(v) for v in values))
        i += 1
    return "".join(out), i


def _skip(parts: list[tuple[str, str]], i: int) -> int:
    depth = 1
    while i < len(parts):
        kind, body = parts[i]
        if kind == "expr" and body.startswith("range "):
            depth += 1
        elif kind == "expr" and body == "end":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i
