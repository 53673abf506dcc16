"""`kubectl rollout restart|status|history|undo|pause|resume` for Deployments (restart, status: DaemonSets too).

restart patches spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"] as kubectl 1.30 does,
so the Deployment controller makes a new ReplicaSet and the pods are replaced; undo copies an older
ReplicaSet's template back. Both go through kubectl patch's server path (kubectl/patch.py).
"""
from __future__ import annotations

import copy
from typing import Any

from course_lib.k8s.kubectl import printflags
from course_lib.k8s.kubectl.flags import parse, type_name_pairs
from course_lib.k8s.kubectl.get import resolve_type
from course_lib.k8s.kubectl.help import help_text
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.k8s.kubectl.patch import not_found, save_patched
from course_lib.k8s.patches import strategic_merge
from course_lib.result import CommandResult

Obj = dict[str, Any]
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
REVISION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE = "kubernetes.io/change-cause"


def _targets(kx: Kx, pos: list[str], cmd: str, selector: Any = None) -> list[tuple[Any, Obj]]:
    """The builder's objects: TYPE/NAME..., TYPE NAME..., or (restart, pause, resume: ResourceTypeOrNameArgs with
    allowEmptySelector) TYPE alone or with -l, every object of that type in the namespace."""
    named = type_name_pairs(pos)
    if named is not None:
        pairs = [(resolve_type(t), n) for t, n in named]
    elif len(pos) >= 2:
        pairs = [(resolve_type(pos[0]), n) for n in pos[1:]]
    elif pos and selector is not None:
        from course_lib.k8s.kubectl.flags import parse_selector
        info = resolve_type(pos[0])
        wanted = parse_selector(selector, info)
        return [(info, o) for o in kx.cluster.store.list(info.kind, kx.ns if info.namespaced else None,
                                                           wanted or None)]
    elif pos:
        raise KubectlError("error: resource(s) were provided, but no name was specified\n")
    else:
        raise KubectlError("error: required resource not specified\n")
    out = []
    for info, name in pairs:
        obj = kx.cluster.store.get(info.kind, kx.ns if info.namespaced else "", name)
        if obj is None:
            raise not_found(info, name)
        out.append((info, obj))
    return out


def _rs_by_revision(kx: Kx, dep: Obj) -> dict[int, Obj]:
    out = {}
    for rs in kx.cluster.owned(dep, "ReplicaSet"):
        text = (rs["metadata"].get("annotations") or {}).get(REVISION, "")
        if str(text).isdigit():
            out[int(text)] = rs
    return out


def restart(kx: Kx, args: list[str]) -> CommandResult:
    flags, pos, _ = parse("rollout restart", args, {}, {**SELECT_PRINT, "--field-manager": "manager"})
    fmt = str(flags.get("output") or "")
    out, errors = [], []
    for info, obj in _targets(kx, pos, "restart", str(flags.get("selector", ""))):
        name = obj["metadata"]["name"]
        if info.kind not in ("Deployment", "DaemonSet", "StatefulSet"):
            errors.append(f'error: {_resource(info)} "{name}" restarting is not supported')
            continue
        if obj["spec"].get("paused"):
            errors.append(f'error: {_resource(info)} "{name}" can\'t restart paused deployment (run rollout resume '
                          "first)")
            continue
        now = kx.cluster.timestamp()
        annotations = ((obj["spec"].get("template") or {}).get("metadata") or {}).get("annotations") or {}
        if annotations.get(RESTARTED_AT) == now:
            errors.append(f"failed to create patch for {name}: if restart has already been triggered within the "
                          "past second, please wait before attempting to trigger another")
            continue
        patched = strategic_merge(obj, {"spec": {"template": {"metadata": {"annotations": {RESTARTED_AT: now}}}}},
                                  info.kind)
        save_patched(kx, info, obj, patched)
        out.append(_printed(kx, info, fmt, name, "restarted", errors))
    return _result(out, errors)


SELECT_PRINT = {"-l": "selector", "--selector": "selector", "-o": "output", "--output": "output"}


def _printed(kx: Kx, info: Any, fmt: str, name: str, operation: str, errors: list[str]) -> str:
    """The printer of a patched object (ToPrinter(operation) after the PATCH: a bad -o is an error of each
    object, the patch already made)."""
    obj = kx.cluster.store.get(info.kind, kx.ns if info.namespaced else "", name) or {}
    try:
        return printflags.print_obj(fmt, info, obj, f"{info.qualified}/{name} {operation}")
    except KubectlError as exc:
        errors.append(exc.text.rstrip("\n"))
        return ""


def _resource(info: Any) -> str:
    return f"{info.resource}.{info.group}" if info.group else info.resource


def _result(out: list[str], errors: list[str]) -> CommandResult:
    """cmdutil.CheckErr of the aggregate: one error gets `error: `, several are printed line by line."""
    if not errors:
        return CommandResult("".join(out), "", 0)
    if len(errors) == 1:
        err = errors[0] if errors[0].startswith("error: ") else f"error: {errors[0]}"
        return CommandResult("".join(out), err + "\n", 1)
    return CommandResult("".join(out), "".join(e + "\n" for e in errors), 1)


def pause_resume(kx: Kx, args: list[str], pause: bool) -> CommandResult:
    flags, pos, _ = parse("rollout pause" if pause else "rollout resume", args, {},
                          {**SELECT_PRINT, "--field-manager": "manager"})
    fmt = str(flags.get("output") or "")
    out, errors = [], []
    for info, obj in _targets(kx, pos, "pause", str(flags.get("selector", ""))):
        name = obj["metadata"]["name"]
        if info.kind != "Deployment":
            errors.append(f'error: {_resource(info)} "{name}" {"pausing" if pause else "resuming"} is not supported')
        elif bool(obj["spec"].get("paused")) == pause:
            errors.append(f'error: {_resource(info)} "{name}" {"is already paused" if pause else "is not paused"}')
        else:
            patched = copy.deepcopy(obj)
            if pause:
                patched["spec"]["paused"] = True
            else:
                patched["spec"].pop("paused", None)
            save_patched(kx, info, obj, patched)
            out.append(_printed(kx, info, fmt, name, "paused" if pause else "resumed", errors))
    return _result(out, errors)


def _status_line(kx: Kx, info: Any, obj: Obj) -> tuple[str, bool]:
    """The status viewers of kubectl 1.30 (DeploymentStatusViewer, DaemonSetStatusViewer): (line, done);
    a Deployment past its progress deadline raises kubectl's error."""
    name = obj["metadata"]["name"]
    st = obj.get("status") or {}
    if info.kind == "StatefulSet":
        from course_lib.k8s.statefulset_kubectl import status_line
        return status_line(obj)
    if obj["metadata"].get("generation", 1) > st.get("observedGeneration", 0):
        kind = "deployment" if info.kind == "Deployment" else "daemon set"
        return f"Waiting for {kind} spec update to be observed...\n", False
    if info.kind == "DaemonSet":
        want, updated = st.get("desiredNumberScheduled", 0), st.get("updatedNumberScheduled", 0)
        if updated < want:
            return (f'Waiting for daemon set "{name}" rollout to finish: {updated} out of {want} new pods have been '
                    "updated...\n", False)
        if st.get("numberAvailable", 0) < want:
            return (f'Waiting for daemon set "{name}" rollout to finish: {st.get("numberAvailable", 0)} of {want} '
                    "updated pods are available...\n", False)
        return f'daemon set "{name}" successfully rolled out\n', True
    progressing = next((c for c in st.get("conditions") or [] if c.get("type") == "Progressing"), {})
    if progressing.get("reason") == "ProgressDeadlineExceeded":
        raise KubectlError(f'error: deployment "{name}" exceeded its progress deadline\n')
    want = int(obj["spec"].get("replicas", 1))
    updated, total, available = (st.get("updatedReplicas", 0), st.get("replicas", 0), st.get("availableReplicas", 0))
    if updated < want:
        return (f'Waiting for deployment "{name}" rollout to finish: {updated} out of {want} new replicas have been '
                "updated...\n", False)
    if total > updated:
        return (f'Waiting for deployment "{name}" rollout to finish: {total - updated} old replicas are pending '
                "termination...\n", False)
    if available < updated:
        return (f'Waiting for deployment "{name}" rollout to finish: {available} of {updated} updated replicas are '
                "available...\n", False)
    return f'deployment "{name}" successfully rolled out\n', True


WATCH_LIMIT = 3600.0            # model seconds a watch without --timeout waits for a set that never settles


def go_duration(text: str) -> float:
    """time.ParseDuration for --timeout (0, 30s, 1m30s, 2h, 500ms)."""
    import re
    if text in ("0", ""):
        return 0.0
    parts = re.findall(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)", text)
    if not parts or "".join(a + b for a, b in parts) != text:
        problem = "missing unit in duration" if re.fullmatch(r"\d+(\.\d+)?", text) else "invalid duration"
        raise KubectlError(f'error: invalid argument "{text}" for "--timeout" flag: time: {problem} '
                           f'"{text}"\nSee \'kubectl rollout status --help\' for usage.\n')
    scale = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
    return sum(float(a) * scale[b] for a, b in parts)


def status(kx: Kx, args: list[str]) -> CommandResult:
    """Print the status, then (--watch, the default) a line each time it changes as model time passes,
    until the rollout is done, its progress deadline passes, or --timeout."""
    from course_lib.k8s import gc
    flags, pos, _ = parse("rollout status", args, {"-w": "watch", "--watch": "watch"},
                          {"--timeout": "timeout", "--revision": "revision"})
    targets = _targets(kx, pos, "status")
    info, obj = targets[0]
    if info.kind not in ("Deployment", "DaemonSet", "StatefulSet"):
        raise KubectlError(f"error: no status viewer has been implemented for {info.kind}\n")
    timeout = go_duration(str(flags.get("timeout", "0")))
    lines: list[str] = []
    key = (info.kind, obj["metadata"].get("namespace", ""), obj["metadata"]["name"], obj["metadata"]["uid"])

    def done() -> bool:
        current = kx.cluster.store.get(*key[:3])
        if current is None or current["metadata"].get("uid") != key[3]:
            raise KubectlError("error: watch closed before UntilWithSync timeout\n")
        line, finished = _status_line(kx, info, current)
        if not lines or lines[-1] != line:
            lines.append(line)
        return finished
    try:
        finished = done() or (flags.get("watch") is not False and
                              gc.wait_until(kx.cluster, done, timeout or WATCH_LIMIT))
    except KubectlError as exc:
        return CommandResult("".join(lines) + exc.stdout, exc.text, 1)
    if finished or flags.get("watch") is False:
        return CommandResult("".join(lines), "", 0)
    return CommandResult("".join(lines), "error: timed out waiting for the condition\n", 1)


def history(kx: Kx, args: list[str]) -> CommandResult:
    flags, pos, _ = parse("rollout history", args, {}, {"--revision": "revision", "-o": "output", "--output": "output"})
    out = []
    for info, obj in _targets(kx, pos, "history"):
        if info.kind != "Deployment":
            raise KubectlError(f"error: no history viewer has been implemented for {info.kind}\n")
        by_rev = _rs_by_revision(kx, obj)
        if not by_rev:
            out.append(f"{info.qualified}/{obj['metadata']['name']} No rollout history found.\n")
            continue
        if flags.get("revision") and flags["revision"] != "0":
            wanted = int(flags["revision"]) if str(flags["revision"]).isdigit() else -1
            if wanted not in by_rev:
                raise KubectlError("error: unable to find the specified revision\n")
            out.append(f"{info.qualified}/{obj['metadata']['name']} with revision #{wanted}\n"
                       f"{pod_template_text(by_rev[wanted]['spec']['template'])}\n")
            continue
        rows = [("REVISION", "CHANGE-CAUSE")] + [
            (str(r), (by_rev[r]["metadata"].get("annotations") or {}).get(CHANGE_CAUSE) or "<none>")
            for r in sorted(by_rev)]
        width = max(len(r[0]) for r in rows) + 2
        table = "".join(f"{a.ljust(width)}{b}\n" for a, b in rows)
        out.append(f"{info.qualified}/{obj['metadata']['name']} \n{table}\n")
    return CommandResult("".join(out), "", 0)


def _multiline(title: str, items: list[str]) -> str:
    """printLabelsMultiline / printAnnotationsMultiline through a PrefixWriter (tabs left as they are)."""
    if not items:
        return f"{title}:\t<none>\n"
    return f"{title}:\t" + "".join(("\t" if i else "") + item + "\n" for i, item in enumerate(items))


def pod_template_text(template: Obj) -> str:
    """describe.DescribePodTemplate as `rollout history --revision` prints it (no tabwriter)."""
    meta, spec = template.get("metadata") or {}, template.get("spec") or {}
    text = "Pod Template:\n" + _multiline("  Labels", [f"{k}={v}" for k, v in sorted((meta.get("labels") or {})
                                                                                      .items())])
    if meta.get("annotations"):
        text += _multiline("  Annotations", [f"{k}: {v}" for k, v in sorted(meta["annotations"].items())])
    if spec.get("serviceAccountName"):
        text += f"  Service Account:\t{spec['serviceAccountName']}\n"
    for title, key in (("Init Containers", "initContainers"), ("Containers", "containers")):
        if key == "initContainers" and not spec.get(key):
            continue
        text += f"  {title}:\n"
        for c in spec.get(key) or []:
            ports = c.get("ports") or []
            port = ", ".join(f"{p.get('containerPort')}/{p.get('protocol', 'TCP')}" for p in ports) or "<none>"
            host = ", ".join(f"{p.get('hostPort', 0)}/{p.get('protocol', 'TCP')}" for p in ports) or "<none>"
            text += f"   {c['name']}:\n    Image:\t{c.get('image', '')}\n    Port:\t{port}\n    Host Port:\t{host}\n"
            for word, field in (("Command", "command"), ("Args", "args")):
                if c.get(field):
                    text += f"    {word}:\n" + "".join(f"      {a}\n" for a in c[field])
            env = c.get("env") or []
            text += "    Environment:\t<none>\n" if not env else "    Environment:\n" + "".join(
                f"      {e['name']}:\t{e.get('value', '')}\n" for e in env)
            mounts = c.get("volumeMounts") or []
            text += "    Mounts:\t<none>\n" if not mounts else "    Mounts:\n" + "".join(
                f"      {m['mountPath']} from {m['name']} ({'ro' if m.get('readOnly') else 'rw'})\n" for m in mounts)
    volumes = spec.get("volumes") or []
    text += "  Volumes:\t<none>\n" if not volumes else "  Volumes:\n" + "".join(
        f"   {v['name']}:\n" for v in volumes)
    selector = spec.get("nodeSelector") or {}
    text += f"  Node-Selectors:\t{','.join(f'{k}={v}' for k, v in sorted(selector.items())) or '<none>'}\n"
    return text + "  Tolerations:\t<none>\n"


def undo(kx: Kx, args: list[str]) -> CommandResult:
    flags, pos, _ = parse("rollout undo", args, {}, {"--to-revision": "to_revision", "--dry-run": "dry_run"})
    from course_lib.k8s.kubectl import dryrun
    mode = dryrun.strategy(flags)
    out = []
    for info, obj in _targets(kx, pos, "undo"):
        name = obj["metadata"]["name"]
        if info.kind != "Deployment":
            raise KubectlError(f"error: no rollbacker has been implemented for {info.kind}\n")
        by_rev = _rs_by_revision(kx, obj)
        to = int(flags.get("to_revision", 0) or 0) if str(flags.get("to_revision", "0")).isdigit() else -1
        if to == 0:
            older = sorted(by_rev)[:-1]
            if not older:
                raise KubectlError(f'error: no rollout history found for deployment "{name}"\n')
            to = older[-1]
        if to not in by_rev:
            raise KubectlError(f"error: unable to find specified revision {to} in history\n")
        template = copy.deepcopy(by_rev[to]["spec"]["template"])
        labels = (template.get("metadata") or {}).get("labels") or {}
        labels.pop("pod-template-hash", None)
        if template == obj["spec"]["template"]:
            out.append(f"{info.qualified}/{name} skipped rollback (current template already matches revision "
                       f"{to})\n")
            continue
        patched = copy.deepcopy(obj)
        patched["spec"]["template"] = template
        if mode == "none":
            save_patched(kx, info, obj, patched)
        out.append(f"{info.qualified}/{name} rolled back{dryrun.SUFFIX[mode]}\n")
    return CommandResult("".join(out), "", 0)


ACTIONS = {"restart": restart, "status": status, "history": history, "undo": undo,
           "pause": lambda kx, args: pause_resume(kx, args, True),
           "resume": lambda kx, args: pause_resume(kx, args, False)}


@sub("rollout")
def rollout(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    if args and args[0] in ("-h", "--help"):
        return CommandResult(help_text("rollout"), "", 0)
    if args and args[0] not in ACTIONS and not args[0].startswith("-"):     # DefaultSubCommandRun
        raise KubectlError(f'error: unknown command "{args[0]}"\nSee \'kubectl rollout -h\' for help and examples\n')
    if args and args[0].startswith("--"):
        raise KubectlError(f"error: unknown flag: {args[0].split('=', 1)[0]}\nSee 'kubectl rollout --help' for usage.\n")
    if not args or args[0] not in ACTIONS:
        return CommandResult(help_text("rollout"), "", 1)  # kubectl 1.30: the help, then exit 1
    return ACTIONS[args[0]](kx, args[1:])
