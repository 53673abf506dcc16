"""`kubectl drain NODE`: cordon, then evict the node's pods as kubectl 1.30's drain does (k8s.io/kubectl/pkg/drain).

The pods are sorted by drain's filters: mirror pods (static pods) are skipped; DaemonSet pods need
--ignore-daemonsets (then a warning), pods with emptyDir data --delete-emptydir-data, pods without a controller
--force (then a warning). Any refusal stops the drain of that node: `unable to drain node ... continuing
command...`, the pending nodes, and the errors. Otherwise each pod is evicted (`evicting pod NS/NAME`), drain
waits until they are gone (`pod/NAME evicted`) and says `node/NODE drained`.
"""
from __future__ import annotations

from typing import Any

from course_lib.k8s import gc
from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.k8s.kubectl.nodes import _cordon, _nodes
from course_lib.result import CommandResult

Obj = dict[str, Any]
DAEMONSET = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"
LOCAL_STORAGE = "Pods with local storage (use --delete-emptydir-data to override)"
UNMANAGED = "Pods declare no controller (use --force to override)"


def _controller(pod: Obj) -> Any:
    return next((r for r in pod["metadata"].get("ownerReferences") or [] if r.get("controller")), None)


def _sort_pods(pods: list[Obj], flags: dict[str, Any]) -> tuple[list[Obj], dict[str, list[str]], dict[str, list[str]]]:
    """(pods to evict, {fatal message: [ns/name]}, {warning: [ns/name]}) after drain's filters, in their order."""
    evict: list[Obj] = []
    fatal: dict[str, list[str]] = {}
    warn: dict[str, list[str]] = {}
    for pod in pods:
        meta = pod["metadata"]
        ref = f"{meta['namespace']}/{meta['name']}"
        if meta.get("deletionTimestamp") or "kubernetes.io/config.source" in (meta.get("annotations") or {}):
            continue                                   # skipDeletedFilter, mirrorPodFilter
        finished = (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")
        owner = _controller(pod)
        if owner is not None and owner.get("kind") == "DaemonSet":
            if flags.get("ignore_ds"):
                warn.setdefault("ignoring DaemonSet-managed Pods", []).append(ref)
            else:
                fatal.setdefault(DAEMONSET, []).append(ref)
            continue
        if not finished and not flags.get("emptydir") and any(
                "emptyDir" in v for v in pod["spec"].get("volumes") or []):
            fatal.setdefault(LOCAL_STORAGE, []).append(ref)
            continue
        if owner is None and not finished:
            if not flags.get("force"):
                fatal.setdefault(UNMANAGED, []).append(ref)
                continue
            warn.setdefault("deleting Pods that declare no controller", []).append(ref)
        evict.append(pod)
    return evict, fatal, warn


@sub("drain")
def drain(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    flags, pos, _ = parse("drain", args, {"--ignore-daemonsets": "ignore_ds", "--force": "force",
                                          "--delete-emptydir-data": "emptydir", "--delete-local-data": "emptydir",
                                          "--disable-eviction": "no_eviction"},
                          {"--grace-period": "grace", "--timeout": "timeout", "--pod-selector": "pod_selector",
                           "-l": "selector", "--selector": "selector"})
    if not pos:
        raise KubectlError("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n")
    nodes, _ = _nodes(kx, pos[:1], "drain")
    out, err = _cordon(kx, pos[:1], True).stdout, ""
    name = nodes[0]["metadata"]["name"]
    pods = [p for p in kx.cluster.store.list("Pod", None) if p["spec"].get("nodeName") == name]
    evict, fatal, warn = _sort_pods(pods, flags)
    if fatal:
        messages = [f"cannot delete {msg}: {', '.join(refs)}" for msg, refs in fatal.items()]
        shown = messages[0] if len(messages) == 1 else "[" + ", ".join(messages) + "]"
        err += (f'error: unable to drain node "{name}" due to error: {shown}, continuing command...\n'
                f"There are pending nodes to be drained:\n {name}\n")
        err += "error: " + messages[0] + "\n" if len(messages) == 1 else "".join(m + "\n" for m in messages)
        return CommandResult(out, err, 1)
    if warn:
        err += "Warning: " + "; ".join(f"{msg}: {', '.join(refs)}" for msg, refs in warn.items()) + "\n"
    gone = []
    for pod in evict:
        meta = pod["metadata"]
        out += f"evicting pod {meta['namespace']}/{meta['name']}\n"
        kx.cluster.api.delete("Pod", meta["namespace"], meta["name"], reconcile=False)
        gone.append(("Pod", meta["namespace"], meta["name"], meta.get("uid", "")))
    kx.cluster.reconcile()
    gc.wait_gone(kx.cluster, gone)
    out += "".join(f"pod/{n} evicted\n" for _, _, n, _ in gone)
    return CommandResult(out + f"node/{name} drained\n", err, 0)
