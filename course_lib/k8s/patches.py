"""The API server's three patch types on plain API dicts: strategic merge, JSON merge (RFC 7386), JSON (RFC 6902).

    strategic_merge(obj, patch, kind)   # merge keys of the core/apps types, $patch directives, SMP's list order
    merge_patch(obj, patch)             # null deletes, lists replace
    json_patch(obj, ops)                # add/remove/replace/move/copy/test, evanphx/json-patch v4's error texts
Each returns a new object and raises PatchError(text, reason) with the text the API server answers.
"""
from __future__ import annotations

import copy
import json
from typing import Any, Optional

from course_lib.k8s.shapes import json_type

Obj = dict[str, Any]

# patchMergeKey of the keyed lists (k8s.io/api types); any other list is replaced as a whole.
MERGE_KEYS = {"containers": "name", "initContainers": "name", "ephemeralContainers": "name", "volumes": "name",
              "env": "name", "imagePullSecrets": "name", "volumeMounts": "mountPath", "volumeDevices": "devicePath",
              "hostAliases": "ip", "ownerReferences": "uid", "conditions": "type",
              "topologySpreadConstraints": "topologyKey", "resourceClaims": "name"}
DIRECTIVE = "$patch"


class PatchError(Exception):
    """reason: "Invalid" (422, `The request is invalid: : TEXT`), "BadRequest" or "InternalError"."""

    def __init__(self, text: str, reason: str = "Invalid") -> None:
        super().__init__(text)
        self.text, self.reason = text, reason


def unshared(obj: Any) -> Any:
    """A copy through JSON, as the API server sees the object: no two fields share one dict (deepcopy keeps
    the aliasing of a selector and template labels made from one dict)."""
    return json.loads(json.dumps(obj))


# ---- strategic merge patch -------------------------------------------------------------------------
def _merge_key(kind: str, path: tuple[str, ...]) -> Optional[str]:
    field = path[-1]
    if field == "ports":
        return "port" if kind == "Service" and path == ("spec", "ports") else "containerPort"
    return MERGE_KEYS.get(field)


def go_map(value: Any) -> str:
    """Go's %v of a decoded JSON value (map keys sorted)."""
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_map(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_map(v) for v in value) + "]"
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def strategic_merge(original: Obj, patch: Obj, kind: str) -> Obj:
    if not isinstance(patch, dict):
        raise PatchError(f"json: cannot unmarshal {_json_type(patch)} into Go value of type map[string]interface {{}}",
                         "BadRequest")
    return _smp_map(unshared(original), patch, kind, ())


def _smp_map(original: Obj, patch: Obj, kind: str, path: tuple[str, ...]) -> Any:
    directive = patch.get(DIRECTIVE)
    if directive == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != DIRECTIVE}
    if directive == "delete":
        return None
    for key, value in patch.items():
        if key.startswith("$"):            # $retainKeys, $setElementOrder/..., $deleteFromPrimitiveList/...
            continue
        if value is None:
            original.pop(key, None)
        elif isinstance(value, dict) and isinstance(original.get(key), dict):
            merged = _smp_map(original[key], value, kind, path + (key,))
            if merged is None:
                original.pop(key, None)
            else:
                original[key] = merged
        elif isinstance(value, list) and isinstance(original.get(key), list) and _merge_key(kind, path + (key,)):
            original[key] = _smp_list(original[key], value, kind, path + (key,))
        elif isinstance(value, dict):
            merged = _smp_map({}, value, kind, path + (key,))
            if merged is not None:
                original[key] = merged
        elif isinstance(value, list) and _merge_key(kind, path + (key,)):
            original[key] = _smp_list([], value, kind, path + (key,))
        else:
            original[key] = copy.deepcopy(value)
    return original


def _smp_list(original: list[Any], patch: list[Any], kind: str, path: tuple[str, ...]) -> list[Any]:
    key = _merge_key(kind, path) or ""
    items = [p for p in patch if isinstance(p, dict)]
    if any(p.get(DIRECTIVE) == "replace" for p in items):
        return [{k: v for k, v in p.items() if k != DIRECTIVE} for p in items if p.get(DIRECTIVE) != "replace"]
    for p in items:
        if key not in p:
            raise PatchError(f"map: {go_map(p)} does not contain declared merge key: {key}", "InternalError")
    deleted = {p[key] for p in items if p.get(DIRECTIVE) == "delete"}
    merged = [copy.deepcopy(o) for o in original if not (isinstance(o, dict) and o.get(key) in deleted)]
    patch_items = [p for p in items if p.get(DIRECTIVE) != "delete"]
    for p in patch_items:
        at = next((i for i, o in enumerate(merged) if isinstance(o, dict) and o.get(key) == p[key]), None)
        if at is None:
            merged.append(_smp_map({}, p, kind, path))
        else:
            merged[at] = _smp_map(merged[at], p, kind, path)
    patch_keys = [p[key] for p in patch_items]
    in_patch = sorted((m for m in merged if m.get(key) in patch_keys), key=lambda m: patch_keys.index(m.get(key)))
    server_only = [m for m in merged if m.get(key) not in patch_keys]
    return _merge_sorted(server_only, in_patch, [o.get(key) for o in original if isinstance(o, dict)], key)


def _merge_sorted(left: list[Obj], right: list[Obj], server_order: list[Any], key: str) -> list[Obj]:
    """strategicpatch.mergeSortedSlice: server-only items keep their place among the patch's items."""
    out: list[Obj] = []
    i = j = 0
    while i < len(left) or j < len(right):
        if i >= len(left):
            out.append(right[j])
            j += 1
        elif j >= len(right):
            out.append(left[i])
            i += 1
        else:
            li, ri = left[i].get(key), right[j].get(key)
            if li in server_order and ri in server_order and server_order.index(li) < server_order.index(ri):
                out.append(left[i])
                i += 1
            else:
                out.append(right[j])
                j += 1
    return out


# ---- JSON merge patch -----------------------------------------------------------------------------
def merge_patch(original: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = unshared(original) if isinstance(original, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


# ---- JSON patch -----------------------------------------------------------------------------------
def _json_type(value: Any) -> str:
    return "null" if value is None else json_type(value)


def _tokens(path: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in path.split("/")[1:]]


def _container(doc: Any, path: str) -> tuple[Any, str]:
    """findObject: the object or list holding the last token, or (None, "") when the path is missing."""
    parts = _tokens(path)
    if not parts:
        return None, ""
    node = doc
    for part in parts[:-1]:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None, ""
        if not isinstance(node, (dict, list)):
            return None, ""
    return node, parts[-1]


def _index(node: list[Any], key: str, path: str, op: str, allow_end: bool) -> int:
    if key == "-" and allow_end:
        return len(node)
    limit = len(node) if allow_end else len(node) - 1
    if not key.lstrip("-").isdigit() or not 0 <= int(key) <= limit:
        raise PatchError(f"error in {op} for path: '{path}': Unable to access invalid index: {key}: "
                         "invalid index referenced")
    return int(key)


def _get(doc: Any, path: str, op: str) -> Any:
    node, key = _container(doc, path)
    if node is None:
        raise PatchError(f'{op} operation does not apply: doc is missing path: "{path}": missing value')
    if isinstance(node, dict):
        if key not in node:
            raise PatchError(f"{op} operation does not apply: doc is missing from path: {path}: missing value")
        return node[key]
    return node[_index(node, key, path, op, False)]


def _remove(doc: Any, path: str, op: str = "remove") -> Any:
    node, key = _container(doc, path)
    if node is None:
        raise PatchError(f'{op} operation does not apply: doc is missing path: "{path}": missing value')
    if isinstance(node, dict):
        if key not in node:
            raise PatchError(f"error in {op} for path: '{path}': Unable to remove nonexistent key: {key}: "
                             "missing value")
        return node.pop(key)
    return node.pop(_index(node, key, path, op, False))


def _add(doc: Any, path: str, value: Any, op: str = "add") -> None:
    node, key = _container(doc, path)
    if node is None:
        raise PatchError(f'{op} operation does not apply: doc is missing path: "{path}": missing value')
    if isinstance(node, dict):
        node[key] = copy.deepcopy(value)
    else:
        node.insert(_index(node, key, path, op, True), copy.deepcopy(value))


def json_patch(original: Obj, ops: Any) -> Obj:
    if not isinstance(ops, list):
        raise PatchError(f"json: cannot unmarshal {_json_type(ops)} into Go value of type jsonpatch.Patch",
                         "BadRequest")
    doc = unshared(original)
    for op in ops:
        if not isinstance(op, dict):
            raise PatchError(f"json: cannot unmarshal {_json_type(op)} into Go value of type jsonpatch.Operation",
                             "BadRequest")
        kind, path = op.get("op"), str(op.get("path", ""))
        if kind == "add":
            _add(doc, path, op.get("value"))
        elif kind == "remove":
            _remove(doc, path)
        elif kind == "replace":
            node, key = _container(doc, path)
            if node is None:
                raise PatchError(f"replace operation does not apply: doc is missing path: {path}: missing value")
            if isinstance(node, dict):
                node[key] = copy.deepcopy(op.get("value"))
            else:
                node[_index(node, key, path, "replace", False)] = copy.deepcopy(op.get("value"))
        elif kind in ("move", "copy"):
            source = str(op.get("from", ""))
            value = _remove(doc, source, kind) if kind == "move" else copy.deepcopy(_get(doc, source, kind))
            _add(doc, path, value, kind)
        elif kind == "test":
            node, key = _container(doc, path)
            found = (node.get(key) if isinstance(node, dict) else
                     node[int(key)] if node is not None and key.isdigit() and int(key) < len(node) else None)
            if node is None or found != op.get("value"):
                raise PatchError(f"testing value {path} failed: test failed")
        else:
            raise PatchError(f"Unexpected kind: {kind if kind is not None else 'unknown'}: unknown object type")
    return doc
