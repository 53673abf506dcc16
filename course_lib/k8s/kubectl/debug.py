"""`kubectl debug`: an ephemeral debug container in a running pod (it shares the pod's netns), or a debugging pod
on a node's own network.

As kubectl 1.30 (staging/src/k8s.io/kubectl/pkg/cmd/debug/debug.go, profiles.go): the flag checks of Validate
in their order; `Targeting container "C". ...` and `Defaulting debug container name to debugger-xxxxx.` on
stdout; the container added to spec.ephemeralContainers through the pods/ephemeralcontainers subresource
(the API server refuses a --target that names no container of the pod); with -i the session attaches: the
command's output (a command that ends is read back from its logs, as handleAttachPod falls back to), or, for a
shell left waiting for input, attach's "If you don't see a command prompt, try pressing enter." -- the shell
keeps running, and `kubectl exec POD -c debugger-xxxxx -- CMD` runs in it. `node/NAME` creates the pod
node-debugger-NAME-xxxxx on that node with the host's network, PID and IPC namespaces and / at /host (the
legacy profile; the model has no hostPath volumes, so /host is in the spec but not in the container's files).
`--copy-to NEW` makes a copy of the pod with the debug container added or one changed (debug_copy.py).
Not modelled: --custom.
"""
from __future__ import annotations

import copy
import re
from contextlib import contextmanager
from typing import Any, Iterator

from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.result import CommandResult

Obj = dict[str, Any]
PROFILES = ("legacy", "general", "baseline", "restricted", "netadmin", "sysadmin")
SUFFIX = "bcdfghjklmnpqrstvwxz2456789"           # rand.String's alphabet (no vowels, no 0/1/3)
REFERENCE = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                       r"(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$")
BOOLS = {"-i": "stdin", "--stdin": "stdin", "-t": "tty", "--tty": "tty", "-q": "quiet", "--quiet": "quiet",
         "--attach": "attach", "--replace": "replace", "--same-node": "same_node", "--arguments-only": "args_only",
         "--share-processes": "share"}
VALUES = {"--image": "image", "-c": "container", "--container": "container", "--target": "target",
          "--profile": "profile", "--env": "env", "--image-pull-policy": "pull", "--set-image": "set_image",
          "--copy-to": "copy_to",
          "-f": "filename", "--filename": "filename"}


def _suffix(kx: Kx) -> str:
    rng = kx.cluster.network.random()
    return "".join(rng.choice(SUFFIX) for _ in range(5))


def _validate(flags: dict[str, Any], names: list[str], attach_set: bool, command: list[str]) -> None:
    """DebugOptions.Validate."""
    image = str(flags.get("image") or "")
    if flags.get("attach") and attach_set and not image and not flags.get("container"):
        raise KubectlError("error: you must specify --container or create a new container using --image in order "
                           "to attach.\n")
    if flags.get("copy_to"):
        if not image and not flags.get("set_image[]") and not command:
            raise KubectlError("error: you must specify --image, --set-image or command arguments.\n")
        if command and not flags.get("container") and not image:
            raise KubectlError("error: you must specify an existing container or a new image when specifying "
                               "args.\n")
    else:
        for key, flag in (("replace", "--replace"), ("same_node", "--same-node"), ("set_image[]", "--set-image")):
            if flags.get(key):
                raise KubectlError(f"error: {flag} may only be used with --copy-to.\n")
        if not image:
            raise KubectlError("error: you must specify --image when not using --copy-to.\n")
    if image and not REFERENCE.match(image):
        raise KubectlError(f'error: invalid image name "{image}": invalid reference format\n')
    for pair in flags.get("set_image[]", []):
        for item in str(pair).split(","):
            name, _, ref = item.partition("=")
            if not REFERENCE.match(ref):
                raise KubectlError(f'error: invalid image name "{ref}" for container "{name}": invalid reference '
                                   "format\n")
    if not names and not flags.get("filename"):
        raise KubectlError("error: NAME or filename is required for debug\n")
    if flags.get("pull", "") not in ("", "Always", "IfNotPresent", "Never"):
        raise KubectlError(f"error: invalid image pull policy: {flags['pull']}\n")


@sub("debug")
def debug(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    flags, names, command = parse("debug", args, BOOLS, VALUES)
    profile = str(flags.get("profile") or "legacy")
    if profile not in PROFILES:
        raise KubectlError(f"error: unknown profile: {profile}\n")
    attach_set = "attach" in flags
    flags.setdefault("attach", bool(flags.get("stdin")))
    _validate(flags, names, attach_set, command)
    out = ""
    if flags.get("target") and flags.get("copy_to"):
        raise KubectlError("error: --target is incompatible with --copy-to. Use --share-processes instead.\n")
    if flags.get("target") and not flags.get("quiet"):
        out += (f'Targeting container "{flags["target"]}". If you don\'t see processes from this container it may be '
                "because the container runtime doesn't support this feature.\n")
    if flags.get("tty") and not flags.get("stdin"):
        raise KubectlError("error: -i/--stdin is required for containers with -t/--tty=true\n", stdout=out)
    for name in names:
        kind, _, obj_name = name.rpartition("/")
        try:
            if kind in ("node", "nodes", "no"):
                out += _node_debug(kx, obj_name, flags, command)
            elif kind in ("", "pod", "pods", "po") and flags.get("copy_to"):
                from course_lib.k8s.kubectl.debug_copy import debug_by_copy
                out += debug_by_copy(kx, obj_name, flags, command)
            elif kind in ("", "pod", "pods", "po"):
                out += _pod_debug(kx, obj_name, flags, command)
            else:
                from course_lib.k8s.kubectl.get import fetch, resolve_type
                from course_lib.k8s.kubectl.patch import not_found
                info = resolve_type(kind)
                if fetch(kx, info, kx.ns, obj_name) is None:
                    raise not_found(info, obj_name)
                raise KubectlError(f'error: "{info.versions[0]}, Kind={info.kind}" not supported by debug\n')
        except KubectlError as exc:
            raise type(exc)(exc.text, stdout=out + exc.stdout, code=exc.code) if not isinstance(exc, _Attached) \
                else _Attached(out + exc.stdout, exc.text) from None
    return CommandResult(out, "", 0)


def _container_spec(name: str, flags: dict[str, Any], command: list[str]) -> Obj:
    spec: Obj = {"name": name, "image": flags["image"], "terminationMessagePolicy": "File"}
    if command:
        spec["args" if flags.get("args_only") else "command"] = list(command)
    env = flags.get("env[]") or ([flags["env"]] if flags.get("env") else [])
    if env:
        spec["env"] = [{"name": e.partition("=")[0], "value": e.partition("=")[2]} for e in env]
    if flags.get("pull"):
        spec["imagePullPolicy"] = flags["pull"]
    if flags.get("stdin"):
        spec["stdin"] = True
    if flags.get("tty"):
        spec["tty"] = True
    return spec


def _pod_debug(kx: Kx, name: str, flags: dict[str, Any], command: list[str]) -> str:
    """debugByEphemeralContainer, then the attach."""
    pod = kx.cluster.store.get("Pod", kx.ns, name)
    if pod is None:
        raise KubectlError(f'Error from server (NotFound): pods "{name}" not found\n')
    spec = pod["spec"]
    taken = {c.get("name") for key in ("containers", "initContainers", "ephemeralContainers")
             for c in spec.get(key) or []}
    cname = flags.get("container") or ""
    said = ""
    while not cname or cname in taken and not flags.get("container"):
        cname = f"debugger-{_suffix(kx)}"
        said = "" if flags.get("quiet") else f"Defaulting debug container name to {cname}.\n"
    ec = _container_spec(cname, flags, command)
    target = flags.get("target")
    if target:
        ec["targetContainerName"] = target
    index = len(spec.get("ephemeralContainers") or [])
    from course_lib.k8s.validation import name_errors       # validateContainerCommon: the name first
    errors = name_errors(cname, f"spec.ephemeralContainers[{index}].name", label=True)
    if cname in taken:
        errors.append(f'spec.ephemeralContainers[{index}].name: Duplicate value: "{cname}"')
    if target and target not in {c.get("name") for c in spec.get("containers") or []} | \
            {c.get("name") for c in spec.get("initContainers") or []}:
        errors.append(f'spec.ephemeralContainers[{index}].targetContainerName: Not found: "{target}"')
    if errors:
        body = errors[0] if len(errors) == 1 else "\n" + "".join(f"* {e}\n" for e in errors).rstrip("\n")
        raise KubectlError(f'The Pod "{name}" is invalid: {body}\n', stdout=said)
    spec.setdefault("ephemeralContainers", []).append(ec)
    kx.cluster.store.touch(pod)
    rc = _start(kx, pod, ec)
    if not flags.get("attach"):
        return said
    try:
        return said + _attach_output(kx, pod, cname, rc)
    except _Attached as session:
        raise _Attached(said + session.stdout, session.text) from None


def _start(kx: Kx, pod: Obj, ec: Obj) -> Any:
    """The kubelet starts the ephemeral container in the pod's sandbox (its status in ephemeralContainerStatuses);
    the pod's other containers keep their own image's programs."""
    node = pod["spec"].get("nodeName")
    kubelet = kx.cluster.kubelets.get(node) if node else None
    rt = kubelet.runtime(pod) if kubelet is not None else None
    if rt is None or pod["status"].get("phase") != "Running":
        status = {"image": ec["image"], "imageID": "", "lastState": {}, "name": ec["name"], "ready": False,
                  "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}
        pod["status"].setdefault("ephemeralContainerStatuses", []).append(status)
        return None
    box = rt.box
    kept = (box.tools, box.userland, box.image)
    status = kubelet.start_container(pod, rt, ec)
    rc = rt.containers.get(ec["name"])
    if rc is not None:
        rc.image_view = (box.tools, box.userland, box.image)
    box.tools, box.userland, box.image = kept
    status["ready"] = False                     # an ephemeral container is never Ready
    pod["status"].setdefault("ephemeralContainerStatuses", []).append(status)
    kx.cluster.store.touch(pod)
    return rc


@contextmanager
def container_view(box: Any, rc: Any) -> Iterator[None]:
    """Run in the box as the ephemeral container `rc` sees it (its image's programs), then put the box back."""
    view = getattr(rc, "image_view", None)
    if view is None:
        yield
        return
    kept = (box.tools, box.userland, box.image)
    box.tools, box.userland, box.image = view
    try:
        yield
    finally:
        box.tools, box.userland, box.image = kept


def _attach_output(kx: Kx, pod: Obj, cname: str, rc: Any) -> str:
    """handleAttachPod: a container that has ended gives its logs; a running one its session."""
    if rc is None:
        raise KubectlError("error: timed out waiting for the condition\n")
    text = "".join(line + "\n" for _, line in rc.logs)
    if rc.exit_code is None:
        raise _Attached(text, "If you don't see a command prompt, try pressing enter.\n")
    return text


class _Attached(KubectlError):
    """A session left open: what it printed so far on stdout, attach's note on stderr, rc 0."""

    def __init__(self, out: str, err: str) -> None:
        super().__init__(err, stdout=out, code=0)


def _node_debug(kx: Kx, node: str, flags: dict[str, Any], command: list[str]) -> str:
    """visitNode: a pod on the node in its host namespaces (the legacy profile), then the attach."""
    if node not in kx.cluster.kubelets and kx.cluster.store.get("Node", "", node) is None:
        raise KubectlError(f'Error from server (NotFound): nodes "{node}" not found\n')
    cname = flags.get("container") or "debugger"
    pname = f"node-debugger-{node}-{_suffix(kx)}"
    out = "" if flags.get("quiet") else f"Creating debugging pod {pname} with container {cname} on node {node}.\n"
    container = _container_spec(cname, flags, command)
    container["volumeMounts"] = [{"mountPath": "/host", "name": "host-root"}]
    manifest = {"apiVersion": "v1", "kind": "Pod",
                "metadata": {"labels": {"app.kubernetes.io/managed-by": "kubectl-debug"}, "name": pname},
                "spec": {"containers": [container], "hostIPC": True, "hostNetwork": True, "hostPID": True,
                         "nodeName": node, "restartPolicy": "Never", "tolerations": [{"operator": "Exists"}],
                         "volumes": [{"hostPath": {"path": "/"}, "name": "host-root"}]}}
    kx.cluster.api.create(copy.deepcopy(manifest), kx.ns)
    return out + (attach_new_pod(kx, pname, cname, out) if flags.get("attach") else "")


def attach_new_pod(kx: Kx, pname: str, cname: str, out: str) -> str:
    """handleAttachPod for a pod debug made: wait (as the watch does) for it to leave Pending, then attach."""
    from course_lib.k8s.gc import wait_until
    wait_until(kx.cluster, lambda: ((kx.cluster.store.get("Pod", kx.ns, pname) or {}).get("status") or {})
               .get("phase", "Pending") != "Pending", 60.0)
    pod = kx.cluster.store.get("Pod", kx.ns, pname)
    node = (pod or {}).get("spec", {}).get("nodeName")
    rt = kx.cluster.kubelets[node].runtime(pod) if node in kx.cluster.kubelets else None
    rc = rt.containers.get(cname) if rt is not None else None
    try:
        return _attach_output(kx, pod, cname, rc)
    except _Attached as session:
        raise _Attached(out + session.stdout, session.text) from None
