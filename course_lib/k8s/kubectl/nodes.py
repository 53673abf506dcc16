"""`kubectl taint`, `cordon`, `uncordon`: node scheduling controls, with kubectl's messages."""
from __future__ import annotations

from typing import Any

from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.get import resolve_type
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.result import CommandResult

Obj = dict[str, Any]
EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
UNSCHEDULABLE = {"effect": "NoSchedule", "key": "node.kubernetes.io/unschedulable"}


def _nodes(kx: Kx, args: list[str], cmd: str) -> tuple[list[Obj], list[str]]:
    if not args:
        raise KubectlError("error: resource(s) were provided, but no name was specified\n")
    if "/" in args[0]:
        kind, _, name = args[0].partition("/")
        names, rest = [name], args[1:]
    else:
        kind = args[0] if cmd == "taint" else "nodes"
        if cmd == "taint":
            names, rest = args[1:2], args[2:]
        else:
            names, rest = args, []
    info = resolve_type(kind)
    if info.kind != "Node":
        raise KubectlError(f"error: invalid resource type {kind}, only node types are supported\n")
    nodes = []
    for name in names:
        node = kx.cluster.store.get("Node", "", name)
        if node is None:
            raise KubectlError(f'Error from server (NotFound): nodes "{name}" not found\n')
        nodes.append(node)
    return nodes, rest


def _parse_taint(spec: str) -> Obj:
    remove = spec.endswith("-")
    spec = spec.rstrip("-")
    key_value, _, effect = spec.partition(":")
    key, _, value = key_value.partition("=")
    if effect and effect not in EFFECTS:
        raise KubectlError(f"error: invalid taint effect: {effect}, unsupported taint effect\n")
    if not remove and not effect:
        raise KubectlError(f"error: invalid taint spec: {spec}, unknown taint spec\n")
    taint: Obj = {"key": key, "effect": effect, "remove": remove}
    if value:
        taint["value"] = value
    return taint


@sub("taint")
def taint(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    flags, pos, _ = parse("taint", args, {"--overwrite": "overwrite", "--all": "all"}, {})
    nodes, specs = _nodes(kx, pos, "taint")
    if not specs:
        raise KubectlError("error: at least one taint update is required\n")
    out = []
    for node in nodes:
        taints = list(node.setdefault("spec", {}).get("taints") or [])
        removed = added = False
        for t in map(_parse_taint, specs):
            if t["remove"]:
                keep = [x for x in taints if not (x["key"] == t["key"] and (not t["effect"] or x["effect"] == t["effect"]))]
                if len(keep) == len(taints):
                    shown = t["key"] + (f":{t['effect']}" if t["effect"] else "")
                    raise KubectlError(f'error: taint "{shown}" not found\n')
                taints, removed = keep, True
                continue
            same = [x for x in taints if x["key"] == t["key"] and x["effect"] == t["effect"]]
            if same and not flags.get("overwrite"):
                raise KubectlError(f"error: node {node['metadata']['name']} already has {t['key']} taint(s) with same "
                                   "effect(s) and --overwrite is false\n")
            taints = [x for x in taints if x not in same]
            new = {"effect": t["effect"], "key": t["key"]}
            if "value" in t:
                new["value"] = t["value"]
            taints.append(new)
            added = True
        if taints:
            node["spec"]["taints"] = taints
        else:
            node["spec"].pop("taints", None)
        kx.cluster.store.update(node, spec_changed=False)
        kx.cluster.reconcile()
        verb = "modified" if added and removed else "tainted" if added else "untainted"
        out.append(f"node/{node['metadata']['name']} {verb}\n")
    return CommandResult("".join(out), "", 0)


def _cordon(kx: Kx, args: list[str], on: bool) -> CommandResult:
    nodes, _ = _nodes(kx, args, "cordon")
    out = []
    for node in nodes:
        spec = node.setdefault("spec", {})
        name = node["metadata"]["name"]
        if bool(spec.get("unschedulable")) == on:
            out.append(f"node/{name} already {'cordoned' if on else 'uncordoned'}\n")
            continue
        taints = [t for t in spec.get("taints") or [] if t.get("key") != UNSCHEDULABLE["key"]]
        if on:
            spec["unschedulable"] = True
            taints.append({**UNSCHEDULABLE, "timeAdded": kx.cluster.timestamp()})
        else:
            spec.pop("unschedulable", None)
        if taints:
            spec["taints"] = taints
        else:
            spec.pop("taints", None)
        kx.cluster.store.update(node, spec_changed=False)
        kx.cluster.reconcile()
        out.append(f"node/{name} {'cordoned' if on else 'uncordoned'}\n")
    return CommandResult("".join(out), "", 0)


@sub("cordon")
def cordon(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    return _cordon(kx, parse("cordon", args, {}, {})[1], True)


@sub("uncordon")
def uncordon(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    return _cordon(kx, parse("uncordon", args, {}, {})[1], False)
