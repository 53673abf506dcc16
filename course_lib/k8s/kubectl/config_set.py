"""`kubectl config set|unset PROPERTY_NAME [PROPERTY_VALUE]` (kubectl 1.30): a dot path walked over clientcmd's
internal api.Config, as its navigation_step_parser and modifyConfig do.

The path names the internal types' json fields (`users.NAME.act-as`, written to the file as `as`); a map key may
hold dots (`clusters.10.0.0.1.server`): the key runs up to the first part that names a field of the map's value
type. A missing map entry is created by set, and is `current map key `x` is invalid` for unset; a map or a
struct is no value to set. Bytes fields take base64 (or the raw string with --set-raw-bytes), bools take
strconv.ParseBool's words. Go prints the pointers of a map in its errors (`map[dev:0xc000714700]`): the ones
here are made up.
"""
from __future__ import annotations

import base64
import binascii
from typing import Any, Optional

from course_lib.k8s.kubectl.config_cmd import load, save
from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.main import KubectlError, Kx
from course_lib.result import CommandResult

Obj = dict[str, Any]
MAP = "map"
CLUSTER = {"-": "str", "server": "str", "tls-server-name": "str", "insecure-skip-tls-verify": "bool",
           "certificate-authority": "str", "certificate-authority-data": "bytes", "proxy-url": "str",
           "disable-compression": "bool", "extensions": "objects"}
AUTH_INFO = {"-": "str", "client-certificate": "str", "client-certificate-data": "bytes", "client-key": "str",
             "client-key-data": "bytes", "token": "str", "tokenFile": "str", "act-as": "str", "act-as-uid": "str",
             "act-as-groups": "strings", "act-as-user-extra": "objects", "username": "str", "password": "str",
             "auth-provider": "pointer", "exec": "pointer", "extensions": "objects"}
CONTEXT = {"-": "str", "cluster": "str", "user": "str", "namespace": "str", "extensions": "objects"}
PREFERENCES = {"colors": "bool", "extensions": "objects"}
# map field -> (the v1 list entry's key for the value, the value's fields, Go's name of the value type)
MAPS = {"clusters": ("cluster", CLUSTER, "api.Cluster"), "users": ("user", AUTH_INFO, "api.AuthInfo"),
        "contexts": ("context", CONTEXT, "api.Context")}
CONFIG = {"kind": "str", "apiVersion": "str", "preferences": "preferences", "clusters": MAP, "users": MAP,
          "contexts": MAP, "current-context": "str", "extensions": "objects"}
V1_NAMES = {"act-as": "as", "act-as-uid": "as-uid", "act-as-groups": "as-groups", "act-as-user-extra": "as-user-extra"}
KEPT = {"server", "cluster", "user", "current-context"}         # v1 fields without omitempty
TRUE, FALSE = ("1", "t", "T", "TRUE", "true", "True"), ("0", "f", "F", "FALSE", "false", "False")
Step = tuple[str, str]                   # the part of the path, what it names


def _pointer(n: int) -> str:
    return f"0x{0xc000714700 + 0x100 * n:x}"


def steps_of(path: str) -> list[Step]:
    """newNavigationSteps: the path's steps, or its error."""
    parts, steps, fields, type_name = path.split("."), [], CONFIG, "api.Config"
    i, value_fields = 0, None
    while i < len(parts):
        if value_fields is not None:                 # a map: its key runs to the first field name of the value
            known = next((k for k in range(i + 1, len(parts)) if parts[k] in value_fields), len(parts))
            steps.append((".".join(parts[i:known]), "entry"))
            i, fields, value_fields = known, value_fields, None
            continue
        if fields is None:
            raise KubectlError(f"error: unable to parse one or more field values of {path}\n")
        kind = fields.get(parts[i])
        if kind is None:
            shown = " ".join(f"{{{name} {_pointer(n)}}}" for n, (name, _) in enumerate(steps))
            raise KubectlError(f"error: unable to parse {path} after [{shown}] at {type_name}\n")
        steps.append((parts[i], kind))
        i += 1
        if kind == MAP:
            _, value_fields, type_name = MAPS[parts[i - 1]]
        elif kind == "preferences":
            fields, type_name = PREFERENCES, "api.Preferences"
        else:
            fields = None
    return steps


def _map_text(entries: Any) -> str:
    names = sorted(str(e.get("name")) for e in entries or [] if isinstance(e, dict))
    return "map[" + " ".join(f"{n}:{_pointer(k)}" for k, n in enumerate(names)) + "]"


def _leaf(body: Obj, field: str, kind: str, value: Optional[str], raw: bool) -> None:
    """Set (value) or unset (None) one field of a struct, as the v1 file holds it."""
    key = V1_NAMES.get(field, field)
    if kind == "strings" and value is not None:
        raise KubectlError("error: unrecognized slice type. string\n")
    if value is None or field == "-":
        if field != "-":
            body.pop(key, None)
            if key in KEPT:
                body[key] = ""
        return
    if kind == "bool":
        if value not in TRUE + FALSE:
            raise KubectlError(f'error: strconv.ParseBool: parsing "{value}": invalid syntax\n')
        body.pop(key, None)
        if value in TRUE:
            body[key] = True
        return
    if kind == "bytes":
        data = value.encode() if raw else _base64(value)
        body.pop(key, None)
        if data:
            body[key] = base64.b64encode(data).decode()
        return
    body[key] = value


def _base64(text: str) -> bytes:
    """base64.StdEncoding.DecodeString, with Go's error for bad input."""
    bad = next((i for i, c in enumerate(text) if not (c.isalnum() and c.isascii() or c in "+/=")), None)
    if bad is None and "=" not in text and len(text) % 4:
        bad = len(text) - len(text) % 4
    try:
        if bad is None:
            return binascii.a2b_base64(text.encode(), strict_mode=True)
    except binascii.Error:
        bad = text.index("=") if "=" in text else 0
    raise KubectlError(f"error: error decoding input value: illegal base64 data at input byte {bad}\n")


def modify(doc: Obj, steps: list[Step], value: Optional[str], raw: bool) -> None:
    """modifyConfig over the v1 document: set VALUE at the steps, or unset there (VALUE None)."""
    field, kind = steps[0]
    rest = steps[1:]
    if kind == MAP:
        if doc.get(field) is None:
            doc[field] = []
            if not rest and value is None:
                return
        if not rest:
            if value is None:
                doc[field] = None
                return
            raise KubectlError(f"error: can't set a map to a value: {_map_text(doc[field])}\n")
        entries, (name, _) = doc[field], rest[0]
        body_key, fields, _ = MAPS[field]
        entry = next((e for e in entries if isinstance(e, dict) and e.get("name") == name), None)
        if len(rest) == 1 and value is None:
            doc[field] = [e for e in entries if e is not entry]
            return
        if len(rest) == 1:
            raise KubectlError(f"error: can't set a map to a value: {_map_text(entries)}\n")
        if entry is None:
            if value is None:
                raise KubectlError(f"error: current map key `{name}` is invalid\n")
            entry = {"name": name, body_key: {k: "" for k in fields if V1_NAMES.get(k, k) in KEPT}}
            entries.append(entry)
        body = entry.get(body_key)
        if not isinstance(body, dict):
            body = entry[body_key] = {}
        _leaf(body, rest[1][0], rest[1][1], value, raw)
        return
    if kind == "preferences":
        prefs = doc.get("preferences") if isinstance(doc.get("preferences"), dict) else {}
        if not rest:
            if value is None:
                doc["preferences"] = {}
                return
            raise KubectlError('error: unable to locate path config.navigationStep{stepValue:"", '
                               f"stepType:reflect.Type(nil)}} under {{{str(bool(prefs.get('colors'))).lower()} "
                               "map[]}\n")
        doc["preferences"] = prefs
        _leaf(prefs, rest[0][0], rest[0][1], value, raw)
        return
    _leaf(doc, field, kind, value, raw)


def config_set(kx: Kx, args: list[str]) -> CommandResult:
    flags, pos, _ = parse("config set", args, {"--set-raw-bytes": "raw"}, {})
    if len(pos) != 2:
        from course_lib.k8s.kubectl.config_edit import usage_error
        raise usage_error("set", pos)
    name, value = pos
    if not value:
        raise KubectlError("error: you cannot use set to unset a property\n")
    if not name:
        raise KubectlError("error: you must specify a property\n")
    steps = steps_of(name)
    if steps[-1][1] in ("pointer", "objects"):       # auth-provider, exec, extensions: not walked here
        raise KubectlError(f"error: unable to parse one or more field values of {name}\n")
    doc = load(kx.ctx, kx.flags)
    modify(doc, steps, value, bool(flags.get("raw")))
    save(kx.ctx, kx.flags, doc)
    return CommandResult(f'Property "{name}" set.\n', "", 0)


def config_unset(kx: Kx, args: list[str]) -> CommandResult:
    _, pos, _ = parse("config unset", args, {}, {})
    if len(pos) != 1:
        from course_lib.k8s.kubectl.config_edit import usage_error
        raise usage_error("unset", pos)
    if not pos[0]:
        raise KubectlError("error: you must specify a property\n")
    doc = load(kx.ctx, kx.flags)
    modify(doc, steps_of(pos[0]), None, False)
    save(kx.ctx, kx.flags, doc)
    return CommandResult(f'Property "{pos[0]}" unset.\n', "", 0)


SUBS = {"set": config_set, "unset": config_unset}
