"""`kubectl explain RESOURCE[.FIELD...] [--recursive] [--api-version G/V]` as kubectl 1.30 prints it (its
OpenAPI v3 plaintext template: KIND/VERSION, FIELD, DESCRIPTION wrapped at 76, FIELDS with <type> and
-required-), from the API schema of Kubernetes 1.30.

explain_schema.json.gz holds the definitions reachable from the served kinds (Kubernetes 1.30's OpenAPI as
kubernetes-validate 1.37 ships it for v1.30.0: descriptions, types, required lists, $refs); the enums the API
server publishes are added from course_lib.k8s.explain_enums (`ENUM:` and `enum:` lines, "Possible enum values").
"""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from course_lib.k8s.kinds import KindInfo, lookup_type
from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.result import CommandResult

Schema = dict[str, Any]
DATA = Path(__file__).resolve().parent.parent / "explain_schema.json.gz"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    from course_lib.k8s.explain_enums import add_enums
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        data = json.load(f)
    add_enums(data["defs"])
    return data


def _resolve(schema: Schema) -> Schema:
    ref = schema.get("ref")
    return _data()["defs"].get(ref, schema) if ref else schema


def wrap(text: str, width: int) -> str:
    """kubectl 1.30's wrap (term.NewWordWrapWriter: go-wordwrap's WrapString): lines of at most `width`,
    broken before a word that would pass it (its spaces dropped); a longer word stays whole; newlines kept."""
    out: list[str] = []
    current = 0
    word, space = "", ""
    for ch in text:
        if ch == "\n":
            if not word:
                if current + len(space) <= width:
                    out.append(space)
            else:
                out.append(space + word)
            word, space, current = "", "", 0
            out.append("\n")
        elif ch.isspace() and ch != "\u00a0":
            if not space or word:
                current += len(space) + len(word)
                out.append(space + word)
                word, space = "", ""
            space += ch
        else:
            word += ch
            if current + len(space) + len(word) > width and len(word) < width:
                out.append("\n")
                current, space = 0, ""
    if not word:
        if current + len(space) <= width:
            out.append(space)
    else:
        out.append(space + word)
    return "".join(out)


def indent(text: str, n: int) -> str:
    """explain's indent: the pad before the text and after every newline."""
    pad = " " * n
    return pad + text.replace("\n", "\n" + pad)


def type_guess(schema: Schema) -> str:
    if "items" in schema:
        return "[]" + type_guess(schema["items"])
    if "ap" in schema:
        return "map[string]" + type_guess(schema["ap"])
    if "ref" in schema:
        target = _data()["defs"].get(schema["ref"])
        if target is None or not target.get("t") or target.get("t") == "object":
            return schema["ref"].rsplit(".", 1)[-1] or "Object"
        return target["t"]
    kind = schema.get("t")
    return "Object" if kind in (None, "object") else kind


def extract_enum(schema: Schema, long_view: bool, pad: int = 0) -> str:
    """The template's extractEnum: `ENUM:` and a value a line (one field), or `enum: A, B, C, D, ....` under the
    field's line in a list (at most 4 values); "" for the empty string."""
    values = [v if v != "" else '""' for v in schema.get("e") or []]
    if not values:
        return ""
    if long_view:
        return "ENUM:" + "".join("\n    " + v for v in values)
    return "\n" + " " * pad + "enum: " + ", ".join(values[:4]) + (", ...." if len(values) > 4 else "")


def _description(schema: Schema) -> str:
    out = schema.get("d", "") + "\n" if schema.get("d") else ""
    if "ref" in schema:
        target = _data()["defs"].get(schema["ref"], {})
        out += target.get("d", "") + "\n" if target.get("d") else ""
    if "items" in schema:
        out += _description(schema["items"])
    if "ap" in schema:
        out += _description(schema["ap"])
    return out


def _field_list(schema: Schema, level: int, recursive: bool, history: frozenset[str]) -> str:
    ref = schema.get("ref", "")
    if ref and ref in history:
        return ""
    history = history | {ref}
    resolved = _resolve(schema)
    out = []
    required = set(resolved.get("r") or [])
    for name in sorted(resolved.get("p") or {}):
        field = resolved["p"][name]
        pad = level * 2
        line = indent(name, pad) + "\t<" + type_guess(field) + ">" + (" -required-" if name in required else "")
        out.append(line + extract_enum(field, False, pad) + "\n")
        if not recursive:
            out.append(indent(wrap(field.get("d") or "<no description>", 78 - pad), pad + 2) + "\n\n")
        else:
            out.append(_field_list(field, level + 1, recursive, history))
    if "items" in resolved:
        out.append(_field_list(resolved["items"], level, recursive, history))
    if "ap" in resolved:
        out.append(_field_list(resolved["ap"], level, recursive, history))
    return "".join(out)


def _output(schema: Schema, path: list[str], recursive: bool, history: frozenset[str]) -> Optional[str]:
    ref = schema.get("ref", "")
    resolved = _resolve(schema)
    if not path:
        text = "DESCRIPTION:\n" + indent(wrap(_description(schema) or "<empty>", 76), 4) + "\n"
        fields = _field_list(schema, 1, recursive, frozenset())
        return text + ("FIELDS:\n" + fields if fields else "")
    if ref and ref in history:
        return None
    history = history | {ref}
    props = resolved.get("p") or {}
    if path[0] in props:
        sub_schema = props[path[0]]
        head = f"FIELD: {path[0]} <{type_guess(sub_schema)}>\n{extract_enum(sub_schema, True)}\n\n" \
            if len(path) == 1 else ""
        rest = _output(sub_schema, path[1:], recursive, frozenset())
        return None if rest is None else head + rest
    if "items" in resolved:
        return _output(resolved["items"], path, recursive, history)
    if "ap" in resolved:
        return _output(resolved["ap"], path, recursive, history)
    return None


def explain_text(info: KindInfo, version: str, path: list[str], recursive: bool) -> str:
    group, _, ver = version.rpartition("/")
    name = _data()["gvk"].get(f"{group}/{ver}/{info.kind}")
    if name is None:
        raise KubectlError(f"error: GVK {group}/{ver}, Kind={info.kind} not found in OpenAPI schema\n")
    body = _output({"ref": name}, path, recursive, frozenset())
    if body is None:
        raise KubectlError(f'error: field "{path[-1]}" does not exist\n')
    head = (f"GROUP:      {group}\n" if group else "") + f"KIND:       {info.kind}\nVERSION:    {ver}\n\n"
    return head + body + "\n"


@sub("explain")
def explain(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    flags, pos, _ = parse("explain", args, {"--recursive": "recursive"},
                          {"--api-version": "api_version", "--output": "output", "-o": "output"})
    if not pos:
        raise KubectlError("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" "
                           "for a complete list of supported resources.\n")
    if len(pos) > 1:
        raise KubectlError(f"error: We accept only this format: explain RESOURCE\n")  # noqa: F541
    if flags.get("output", "plaintext") not in ("plaintext", "plaintext-openapiv2"):
        raise KubectlError(f"error: unsupported output format: {flags['output']}\n")
    parts = pos[0].split(".")
    resource, info, path = parts[0], None, parts[1:]
    for cut in range(len(parts), 0, -1):                    # the longest prefix naming a type (deployments.apps)
        info = lookup_type(".".join(parts[:cut]))
        if info is not None:
            path = parts[cut:]
            break
    if info is None:
        raise KubectlError(f'error: the server doesn\'t have a resource type "{resource}"\n')
    version = flags.get("api_version") or info.versions[0]
    if "/" not in version and info.group:
        version = f"{info.group}/{version}"
    if version not in info.versions:
        group, _, ver = version.rpartition("/")
        raise KubectlError(f'error: couldn\'t find resource for "{group}/{ver}, Kind={info.kind}"\n')
    return CommandResult(explain_text(info, version, [p for p in path if p], bool(flags.get("recursive"))), "", 0)
