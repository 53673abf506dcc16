"""`kubectl label` and `kubectl annotate`: set (KEY=VALUE) or remove (KEY-) metadata keys of named objects."""
from __future__ import annotations

import copy
import json
from typing import Any

from course_lib.k8s.kubectl import dryrun, printflags
from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.get import resolve_type
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.result import CommandResult

CHANGE_CAUSE = "kubernetes.io/change-cause"       # annotate may always overwrite it


def _targets(args: list[str], cmd: str) -> tuple[Any, dict[str, Any], list[str], list[str]]:
    flags, pos, _ = parse(cmd, args, {"--overwrite": "overwrite", "--all": "all"},
                          {"--dry-run": "dry_run", "-o": "output", "--output": "output"})
    dryrun.strategy(flags)
    if pos and "/" in pos[0]:
        info, names, changes = resolve_type(pos[0].split("/", 1)[0]), [pos[0].split("/", 1)[1]], pos[1:]
    elif len(pos) >= 2:
        info = resolve_type(pos[0])
        names = [p for p in pos[1:] if "=" not in p and not p.endswith("-")]
        changes = [p for p in pos[1:] if "=" in p or p.endswith("-")]
    else:
        raise KubectlError("error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n")
    if not changes:
        noun = "annotation" if cmd == "annotate" else cmd
        raise KubectlError(f"error: at least one {noun} update is required\n")
    return info, flags, names, changes


def _get(kx: Kx, info: Any, name: str, missing: list[str]) -> Any:
    """The object, or None with its NotFound noted: the builder continues on error, the found ones are changed."""
    obj = kx.cluster.store.get(info.kind, kx.ns if info.namespaced else "", name)
    if obj is None:
        missing.append(f'Error from server (NotFound): {info.resource_group} "{name}" not found\n')
    return obj


def _done(out: list[str], missing: list[str]) -> CommandResult:
    if missing:
        raise KubectlError("".join(missing), stdout="".join(out))
    return CommandResult("".join(out), "", 0)


def _save(kx: Kx, info: Any, obj: dict[str, Any], field: str, values: dict[str, str], flags: dict[str, Any],
          verb: str) -> str:
    """Store the new labels/annotations (not under --dry-run); what the printer shows: `REF VERB[ (dry run)]`,
    or with -o the object as patched (a dry run's copy), the printer's error coming after the patch as in
    label.go and annotate.go."""
    mode = dryrun.strategy(flags)
    if mode != "none":
        obj = copy.deepcopy(obj)
    if values:
        obj["metadata"][field] = values
    else:
        obj["metadata"].pop(field, None)
    if mode == "none":
        kx.cluster.store.update(obj, spec_changed=False)
        kx.cluster.reconcile()
    line = f"{info.qualified}/{obj['metadata']['name']} {verb}{dryrun.SUFFIX[mode]}"
    return printflags.print_obj(str(flags.get("output") or ""), info, obj, line)


@sub("label")
def label(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    info, flags, names, changes = _targets(args, "label")
    out: list[str] = []
    missing: list[str] = []
    for name in names:
        obj = _get(kx, info, name, missing)
        if obj is None:
            continue
        labels = dict(obj["metadata"].get("labels") or {})
        before = dict(labels)
        for change in changes:
            if change.endswith("-") and "=" not in change:
                labels.pop(change[:-1], None)
                continue
            key, _, value = change.partition("=")
            if key in labels and labels[key] != value and not flags.get("overwrite"):
                raise KubectlError(f"error: '{key}' already has a value ({labels[key]}), and --overwrite is false\n")
            labels[key] = value
        verb = "not labeled"                     # kubectl's updateDataChangeMsg
        if labels != before:
            verb = "labeled"
            if not flags.get("overwrite") and len(json.dumps(labels)) < len(json.dumps(before)):
                verb = "unlabeled"
        out.append(_save(kx, info, obj, "labels", labels, flags, verb))
    return _done(out, missing)


@sub("annotate")
def annotate(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    info, flags, names, changes = _targets(args, "annotate")
    out: list[str] = []
    missing: list[str] = []
    for name in names:
        obj = _get(kx, info, name, missing)
        if obj is None:
            continue
        annotations = dict(obj["metadata"].get("annotations") or {})
        sets = dict(c.partition("=")[::2] for c in changes if "=" in c)
        clashes = [f"'{k}' already has a value ({annotations[k]})" for k, v in sets.items()
                   if k != CHANGE_CAUSE and k in annotations and annotations[k] != v]
        if clashes and not flags.get("overwrite"):
            raise KubectlError("error: --overwrite is false but found the following declared annotation(s): "
                               + "; ".join(clashes) + "\n")
        annotations.update(sets)
        for change in changes:
            if change.endswith("-") and "=" not in change:
                annotations.pop(change[:-1], None)
        out.append(_save(kx, info, obj, "annotations", annotations, flags, "annotated"))
    return _done(out, missing)
