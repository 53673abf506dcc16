"""`kubectl set image (TYPE NAME | TYPE/NAME)... CONTAINER=IMAGE...` (kubectl 1.30), the usual rolling-update trigger.

The new images go into the pod template (`*` for every container) through kubectl patch's server path,
so a Deployment makes a new ReplicaSet and rolls over to it (course_lib.k8s.deployment). Prints
`deployment.apps/web image updated` per changed object, nothing for an unchanged one; a container that is
not there is kubectl's `error: deployments/web unable to find container named "x"`.
"""
from __future__ import annotations

import copy
from typing import Any

from course_lib.k8s.kubectl.flags import parse, type_name_pairs
from course_lib.k8s.kubectl.get import resolve_type
from course_lib.k8s.kubectl.help import help_text
from course_lib.k8s.kubectl.main import MISSING_RESOURCE, KubectlError, Kx, sub
from course_lib.k8s.kubectl.patch import not_found, save_patched
from course_lib.result import CommandResult

Obj = dict[str, Any]


def _pod_spec(obj: Obj) -> Obj:
    return obj["spec"] if obj["kind"] == "Pod" else obj["spec"]["template"]["spec"]


def set_image(kx: Kx, args: list[str]) -> CommandResult:
    flags, pos, _ = parse("set image", args, {"--all": "all", "--local": "local", "--record": "record"},
                          {"-f": "filename", "--filename": "filename", "-l": "selector", "--selector": "selector",
                           "--dry-run": "dry_run", "-o": "output", "--output": "output",
                           "--field-manager": "manager"})
    from course_lib.k8s.kubectl import dryrun, printflags
    mode = dryrun.strategy(flags)
    printflags.check(str(flags.get("output") or ""))          # Complete: o.PrintFlags.ToPrinter()
    images = [a for a in pos if "=" in a]
    names = [a for a in pos if "=" not in a]
    if not names:                                     # the resource builder, in Complete
        raise KubectlError(MISSING_RESOURCE)
    if not images:
        raise KubectlError("error: at least one image update is required\n")
    pairs = type_name_pairs(names)
    if pairs is not None:
        targets = [(resolve_type(t), n) for t, n in pairs]
    elif len(names) >= 2:
        targets = [(resolve_type(names[0]), n) for n in names[1:]]
    else:
        raise KubectlError("error: resource(s) were provided, but no name was specified\n")
    wanted = {}
    for item in images:
        container, _, image = item.partition("=")
        wanted[container] = image
    out, errors = [], []
    for info, name in targets:
        obj = kx.cluster.store.get(info.kind, kx.ns if info.namespaced else "", name)
        if obj is None:
            raise not_found(info, name)
        if info.kind not in ("Pod", "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "CronJob"):
            errors.append(f"error: {info.resource}/{name} the object is not a pod or does not have a pod template: "
                          f"*v1.{info.kind}\n")
            continue
        patched = copy.deepcopy(obj)
        spec = _pod_spec(patched)
        missing = []
        for container, image in wanted.items():
            found = False
            for c in (spec.get("initContainers") or []) + (spec.get("containers") or []):
                if container in ("*", c.get("name")):
                    c["image"], found = image, True
            if not found:
                missing.append(f'unable to find container named "{container}"')
        if missing:
            detail = missing[0] if len(missing) == 1 else "[" + ", ".join(missing) + "]"
            errors.append(f"error: {info.resource}/{name} {detail}\n")
            continue
        if patched == obj:
            continue                                   # an empty patch: nothing sent, nothing printed
        if flags.get("record"):
            patched["metadata"].setdefault("annotations", {})["kubernetes.io/change-cause"] = change_cause(args)
        if mode == "none":
            save_patched(kx, info, obj, patched)
            patched = kx.cluster.store.get(info.kind, kx.ns if info.namespaced else "", name) or patched
        out.append(printflags.print_obj(str(flags.get("output") or ""), info, patched,
                                        f"{info.qualified}/{name} image updated{dryrun.SUFFIX[mode]}"))
    note = "Flag --record has been deprecated, --record will be removed in the future\n" if "record" in flags else ""
    return CommandResult("".join(out), note + "".join(errors), 1 if errors else 0)


def change_cause(args: list[str]) -> str:
    """kubectl's parseCommandArguments: `kubectl` + the arguments + each flag as --name=value (--record=true)."""
    values = {"-f": "filename", "-l": "selector", "-o": "output"}
    words, flags, i = [], [], 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            if not eq and name not in ("record", "all", "local") and i + 1 < len(args):
                value, i = args[i + 1], i + 1
            flags.append(f" --{name}={value if eq or name not in ('record', 'all', 'local') else 'true'}")
        elif arg in values and i + 1 < len(args):
            flags.append(f" --{values[arg]}={args[i + 1]}")
            i += 1
        else:
            words.append(arg)
        i += 1
    return "kubectl set image " + " ".join(words) + "".join(flags)


@sub("set")
def set_(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    if not args or args[0] in ("-h", "--help"):
        return CommandResult(help_text("set"), "", 0)
    if args[0] in ("env", "resources", "selector", "serviceaccount", "subject"):
        raise KubectlError(f"error: kubectl set {args[0]} is not modelled by this simulation (set image is)\n")
    if args[0] != "image":
        raise KubectlError(f'error: unknown command "{args[0]}" for "kubectl set"\n'
                           "Run 'kubectl set --help' for usage.\n")
    return set_image(kx, args[1:])
