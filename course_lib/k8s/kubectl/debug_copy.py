"""`kubectl debug POD --copy-to=NEW`: a copy of the pod with a debug container added or one of its own changed.

As kubectl 1.30's generatePodCopyWithDebugContainer and debugByCopy (staging/src/k8s.io/kubectl/pkg/cmd/debug/
debug.go) with the legacy profile, which leaves the copy as made: the name NEW in the pod's namespace, its
annotations (not its labels, so no Service or controller picks the copy up), its spec without ephemeral containers
and -- unless --same-node -- without its node, so the scheduler places it anew; --share-processes only when given;
--set-image NAME=IMAGE (`*` for every container); -c naming an existing container changes it (the words after --
become its command, or its args with --arguments-only), else a new container is added (its name defaulted as the
ephemeral one's). --replace deletes the original at once. -i attaches to the debug container.
"""
from __future__ import annotations

import copy
from typing import Any

from course_lib.k8s.kubectl.main import KubectlError, Kx
from course_lib.k8s.store import ApiError

Obj = dict[str, Any]


def debug_by_copy(kx: Kx, name: str, flags: dict[str, Any], command: list[str]) -> str:
    from course_lib.k8s.kubectl.debug import _suffix, attach_new_pod
    from course_lib.k8s.kubectl.main import api_error_text
    pod = kx.cluster.store.get("Pod", kx.ns, name)
    if pod is None:
        raise KubectlError(f'Error from server (NotFound): pods "{name}" not found\n')
    meta: Obj = {"name": flags["copy_to"], "namespace": kx.ns}
    if pod["metadata"].get("annotations"):
        meta["annotations"] = dict(pod["metadata"]["annotations"])
    spec = copy.deepcopy(pod["spec"])
    spec.pop("ephemeralContainers", None)
    if "share" in flags:
        spec["shareProcessNamespace"] = bool(flags["share"])
    if not flags.get("same_node"):
        spec.pop("nodeName", None)
    overrides = dict(item.partition("=")[::2] for pair in flags.get("set_image[]", []) for item in str(pair).split(","))
    for c in spec.get("containers") or []:
        image = overrides.get(c["name"], overrides.get("*"))
        if image:
            c["image"] = image
    out, cname = "", str(flags.get("container") or "")
    container = next((c for c in spec.get("containers") or [] if c["name"] == cname), None) if cname else None
    if container is None:
        if not flags.get("image"):
            if overrides:                               # a --set-image only invocation: nothing to attach to
                return _create(kx, pod, meta, spec, flags, api_error_text) or ""
            raise KubectlError("error: you must specify image when creating new container\n")
        taken = {c["name"] for key in ("containers", "initContainers") for c in spec.get(key) or []}
        while not cname or cname in taken and not flags.get("container"):
            cname = f"debugger-{_suffix(kx)}"
            out = "" if flags.get("quiet") else f"Defaulting debug container name to {cname}.\n"
        container = {"name": cname, "terminationMessagePolicy": "File"}
        spec.setdefault("containers", []).append(container)
    if command:
        if flags.get("args_only"):
            container["args"] = list(command)
        else:
            container["command"], _ = list(command), container.pop("args", None)
    env = flags.get("env[]") or []
    if env:
        container["env"] = [{"name": e.partition("=")[0], "value": e.partition("=")[2]} for e in env]
    if flags.get("image"):
        container["image"] = flags["image"]
    if flags.get("pull"):
        container["imagePullPolicy"] = flags["pull"]
    container["stdin"], container["tty"] = bool(flags.get("stdin")), bool(flags.get("tty"))
    failed = _create(kx, pod, meta, spec, flags, api_error_text)
    if failed:
        raise KubectlError(failed, stdout=out)
    return out + (attach_new_pod(kx, meta["name"], cname, out) if flags.get("attach") else "")


def _create(kx: Kx, pod: Obj, meta: Obj, spec: Obj, flags: dict[str, Any], api_error_text: Any) -> str:
    """Create the copy (then, with --replace, delete the original at once); the API server's error text, or ""."""
    try:
        kx.cluster.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}, kx.ns)
    except ApiError as exc:
        return api_error_text(exc)
    if flags.get("replace"):
        kx.cluster.api.delete("Pod", kx.ns, pod["metadata"]["name"], grace=0)
    return ""
