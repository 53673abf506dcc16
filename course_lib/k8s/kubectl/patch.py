"""`kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`, and the API server's write of a patched object.

`save_patched(kx, info, current, patched)` is the server side shared with `kubectl rollout`: unknown fields
dropped with a warning (fieldValidation=Warn), defaults, validation, the Service allocators, then the store,
so kube-proxy, Endpoints and DNS follow the change. It answers whether the object changed.
"""
from __future__ import annotations

import copy
import json
import re
from typing import Any

import yaml

from course_lib.k8s import patches
from course_lib.k8s.api import pod_update_check
from course_lib.k8s.shapes import shape_error
from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.get import render, resolve_type
from course_lib.k8s.kubectl.main import KubectlError, Kx, MISSING_RESOURCE, api_error_text, sub
from course_lib.k8s.store import ApiError
from course_lib.k8s.validation import type_error, unknown_fields
from course_lib.result import CommandResult

Obj = dict[str, Any]
TYPES = ("json", "merge", "strategic")
REVISION = "deployment.kubernetes.io/revision"


def _drop(obj: Any, schema: Any) -> None:
    """Remove what the schema does not know (the decoder's Warn mode), as unknown_fields names it."""
    if schema is None:
        return
    if isinstance(schema, list):
        for item in obj if isinstance(obj, list) else []:
            _drop(item, schema[0])
        return
    if not isinstance(obj, dict) or not isinstance(schema, dict):
        return
    for key in list(obj):
        if key in schema:
            _drop(obj[key], schema[key])
        elif "*" in schema:
            _drop(obj[key], schema["*"])
        else:
            del obj[key]


def save_patched(kx: Kx, info: Any, current: Obj, patched: Obj) -> tuple[bool, str]:
    """Store `patched` in place of `current` as the API server would. Returns (changed, warnings)."""
    bad_type = shape_error(patched) or type_error(patched)
    if bad_type:
        version = current["apiVersion"].split("/")[-1]
        raise ApiError("BadRequest", f'{info.kind} in version "{version}" cannot be handled as a {info.kind}: '
                       f"{bad_type}")
    warnings = "".join(f'Warning: unknown field "{u}"\n' for u in unknown_fields(patched, info.schema))
    new = copy.deepcopy(patched)
    _drop(new, info.schema)
    for key in ("apiVersion", "kind"):
        new[key] = current[key]
    meta = new.setdefault("metadata", {})
    for key in ("name", "namespace", "uid", "creationTimestamp", "resourceVersion", "generation"):
        if key in current["metadata"]:
            meta[key] = current["metadata"][key]
    if "status" in current:                    # the main resource ignores status changes
        new["status"] = copy.deepcopy(current["status"])
    else:
        new.pop("status", None)
    revision = (meta.get("annotations") or {}).get(REVISION)
    try:
        _admit(kx, info, current, new, revision)
    except (AttributeError, TypeError, ValueError, KeyError, IndexError):     # a shape the decoder refuses
        raise ApiError("BadRequest", f'{info.kind} in version "{current["apiVersion"].split("/")[-1]}" cannot '
                       f"be handled as a {info.kind}: json: cannot unmarshal the patched object") from None
    if new == current:
        return False, warnings
    kx.cluster.store.update(new, spec_changed=new.get("spec") != current.get("spec"))
    kx.cluster.reconcile()
    return True, warnings


def _admit(kx: Kx, info: Any, current: Obj, new: Obj, revision: Any) -> None:
    """Defaults, the kind's update hooks (allocators first, as BeginUpdate), then validation."""
    meta = new["metadata"]
    if info.default:
        info.default(new, kx.cluster)
    if revision is not None:
        meta["annotations"][REVISION] = revision
    elif info.kind == "Deployment":
        meta["annotations"].pop(REVISION, None)
    if info.kind == "Pod":
        pod_update_check(current, new)
    kx.cluster.before_update(info, current, new)      # allocators and dropped type-dependent fields first
    errors = info.validate(new, kx.cluster) if info.validate else []
    selector = (new.get("spec") or {}).get("selector")
    if info.kind in ("Deployment", "ReplicaSet", "DaemonSet") and selector != current["spec"].get("selector"):
        labels = ", ".join(f'"{k}":"{v}"' for k, v in sorted(((selector or {}).get("matchLabels") or {}).items()))
        errors.append(f"spec.selector: Invalid value: v1.LabelSelector{{MatchLabels:map[string]string{{{labels}}}, "
                      "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable")
    if errors:
        raise ApiError("Invalid", "", 422, causes=errors, kind=info.kind, name=meta["name"])


def not_found(info: Any, name: str) -> KubectlError:
    """The resource builder's NotFound: the resource named with its group (deployments.apps)."""
    return KubectlError(f'Error from server (NotFound): {info.resource_group} "{name}" not found\n')


# ---- the patch text ---------------------------------------------------------------------------------
def _go_json_error(text: str, exc: json.JSONDecodeError) -> str:
    """encoding/json's message for the first syntax error."""
    if exc.pos >= len(text.rstrip()):
        return "unexpected end of JSON input"
    char = text[exc.pos]
    where = {"Expecting property name enclosed in double quotes": "looking for beginning of object key string",
             "Expecting ':' delimiter": "after object key",
             "Expecting ',' delimiter": "after object key:value pair" if _in_object(text, exc.pos)
             else "after array element"}.get(exc.msg, "looking for beginning of value")
    return f"invalid character '{char}' {where}"


def _in_object(text: str, pos: int) -> bool:
    depth = [c for c in re.sub(r'"(\\.|[^"\\])*"', "", text[:pos]) if c in "{}[]"]
    stack: list[str] = []
    for c in depth:
        if c in "{[":
            stack.append(c)
        elif stack:
            stack.pop()
    return bool(stack) and stack[-1] == "{"


def read_patch(text: str, ptype: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if text.lstrip()[:1] in ("{", "["):      # yaml.ToJSON passes JSON through; the server's decoder fails
            message = "Invalid JSON Patch" if ptype == "merge" else _go_json_error(text, exc)
            raise ApiError("BadRequest", message) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        problem = str(getattr(exc, "problem", "") or exc).replace(" here", " in this context")
        raise KubectlError(f'error: unable to parse "{text}": yaml: {problem}\n') from None


def apply_patch(obj: Obj, body: Any, ptype: str, kind: str) -> Obj:
    if ptype == "json":
        return patches.json_patch(obj, body)
    if ptype == "merge":
        if not isinstance(body, dict):
            raise patches.PatchError("Invalid JSON Patch", "BadRequest")
        return patches.merge_patch(obj, body)
    return patches.strategic_merge(obj, body, kind)


def patch_error(exc: patches.PatchError) -> str:
    if exc.reason == "Invalid":
        return f"The request is invalid: : {exc.text}\n"
    if exc.reason == "InternalError":
        return f"Error from server (InternalError): Internal error occurred: {exc.text}\n"
    return f"Error from server ({exc.reason}): {exc.text}\n"


@sub("patch")
def patch(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    flags, pos, _ = parse("patch", args, {"--local": "local"},
                          {"-p": "patch", "--patch": "patch", "--patch-file": "patch_file", "--type": "type",
                           "-o": "output", "--output": "output", "--dry-run": "dry_run", "-f": "filename",
                           "--filename": "filename", "--field-manager": "manager", "--subresource": "subresource"})
    if flags.get("patch") and flags.get("patch_file"):
        raise KubectlError("error: cannot specify --patch and --patch-file together\n")
    if not flags.get("patch") and not flags.get("patch_file"):
        raise KubectlError("error: must specify --patch or --patch-file containing the contents of the patch\n")
    ptype = str(flags.get("type", "strategic"))
    if ptype.lower() not in TYPES:
        raise KubectlError(f'error: --type must be one of [json merge strategic], not "{ptype}"\n')
    ptype = ptype.lower()
    text = flags.get("patch")
    if text is None:
        from course_lib.shell import fs
        try:
            text = fs.read_file(kx.ctx, flags["patch_file"])
        except Exception:                       # noqa: BLE001  (any unreadable path: Go's open error)
            raise KubectlError(f"error: unable to read patch file: open {flags['patch_file']}: "
                               "no such file or directory\n") from None
    if pos and "/" in pos[0]:
        pos = pos[0].split("/", 1) + pos[1:]
    if len(pos) < 2:
        raise KubectlError("error: resource(s) were provided, but no name was specified\n" if pos else MISSING_RESOURCE)
    info = resolve_type(pos[0])
    bad_body = None
    try:
        body = read_patch(text, ptype)
    except ApiError as exc:                     # the server reads the body after finding the object
        bad_body = exc
    ns = kx.ns if info.namespaced else ""
    current = kx.cluster.store.get(info.kind, ns, pos[1])
    if current is None:
        raise not_found(info, pos[1])
    if bad_body is not None:
        raise bad_body
    try:
        patched = apply_patch(current, body, ptype, info.kind)
    except patches.PatchError as exc:
        return CommandResult("", patch_error(exc), 1)
    from course_lib.k8s.kubectl import dryrun
    mode = dryrun.strategy(flags)
    dry = mode != "none"
    if dry:
        changed, warnings = patched != current, ""
    else:
        try:
            changed, warnings = save_patched(kx, info, current, patched)
        except ApiError as exc:
            return CommandResult("", api_error_text(exc), 1)
    fmt = flags.get("output")
    if fmt and fmt != "name":
        obj = patched if dry else kx.cluster.store.get(info.kind, ns, pos[1])
        return CommandResult(render(fmt, [obj], True, [info]), warnings, 0)
    verb = "patched" if changed else "patched (no change)"
    name = f"{info.qualified}/{pos[1]}"
    if fmt == "name":
        return CommandResult(name + "\n", warnings, 0)
    return CommandResult(f"{name} {verb}{dryrun.SUFFIX[mode]}\n", warnings, 0)
