"""`crictl` 1.30 on a kubeadm node: the node's containerd pods and containers as the kubelet runs them.

    crictl ps [-a] [-q] [--name RE] [--pod ID] [--state S]     crictl pods [-q] [--name RE] [--namespace NS]
    crictl inspect ID                                           crictl logs [--tail N] ID
    crictl images                                               crictl exec [-i] ID CMD...
IDs are containerd's (the containerID of the pod's status); a prefix of one is enough, as crictl resolves
it. Without /etc/crictl.yaml crictl warns that it connects to its default endpoints.
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Optional

from course_lib.docker.formatting import human_duration
from course_lib.result import CommandResult
from course_lib.shell.registry import command

Obj = dict[str, Any]
ENDPOINTS = "[unix:///run/containerd/containerd.sock unix:///run/crio/crio.sock unix:///var/run/cri-dockerd.sock]"
WARN = ("WARN[0000] runtime connect using default endpoints: " + ENDPOINTS + ". As the default settings are now "
        "deprecated, you should set the endpoint instead. \n")
STATES = {"running": "Running", "terminated": "Exited", "waiting": "Created"}
CRI_STATES = {"Running": "CONTAINER_RUNNING", "Exited": "CONTAINER_EXITED", "Created": "CONTAINER_CREATED"}
USAGE = "crictl: unknown command: {0}\n"


def _tab(rows: list[list[str]]) -> str:
    """tabwriter.NewWriter(out, 20, 1, 3, ' ', 0)."""
    widths = [max(20, max(len(r[i]) for r in rows) + 3) for i in range(len(rows[0]) - 1)]
    return "".join("".join(c.ljust(w) for c, w in zip(r, widths)) + r[-1] + "\n" for r in rows)


def sandbox_id(pod: Obj) -> str:
    return hashlib.sha256(("sandbox " + pod["metadata"].get("uid", "")).encode()).hexdigest()


def image_id(ref: str) -> str:
    from course_lib.docker.images import CATALOGUE, normalise
    found = CATALOGUE.get(normalise(ref)) if ref else None
    text = found.id[7:] if found is not None else hashlib.sha256(("image " + ref).encode()).hexdigest()
    return text


def _kubelet(ctx: Any) -> tuple[Any, Any]:
    from course_lib.k8s.kubectl.main import find_cluster
    cluster = find_cluster(ctx)
    name = getattr(ctx.machine, "name", "")
    return cluster, (cluster.kubelets.get(name) if cluster is not None else None)


def _records(cluster: Any, kubelet: Any) -> list[tuple[Obj, Obj, Any]]:
    """(pod, containerStatus, running container or None) for each container of the node's pods."""
    out = []
    for rt in kubelet.pods.values():
        pod = cluster.store.get(*rt.pod_key)
        if pod is None:
            continue
        for cs in (pod.get("status") or {}).get("containerStatuses") or []:
            if cs.get("containerID"):
                out.append((pod, cs, rt.containers.get(cs["name"])))
    return out


def _state(cs: Obj) -> str:
    return STATES.get(next(iter(cs.get("state") or {"waiting": {}})), "Unknown")


def _ago(cluster: Any, stamp: Optional[str]) -> str:
    from course_lib.k8s.store import parse_timestamp
    if not stamp:
        return "Less than a second ago"
    return human_duration(cluster.now() - parse_timestamp(stamp)) + " ago"


def _cid(cs: Obj) -> str:
    return cs["containerID"].split("://", 1)[-1]


def _matches(pattern: str, target: str) -> bool:
    """crictl's matchesRegex: a pattern that does not compile matches nothing."""
    try:
        return re.search(pattern, target) is not None
    except re.error:
        return False


def _opts(argv: list[str], values: set[str]) -> tuple[dict[str, str], list[str]]:
    opts: dict[str, str] = {}
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, eq, val = arg.partition("=")
        if name in values and not eq and i + 1 < len(argv):
            opts[name], i = argv[i + 1], i + 1
        elif name in values:
            opts[name] = val
        elif arg.startswith("-"):
            opts[arg] = "true"
        else:
            rest.append(arg)
        i += 1
    return opts, rest


def ps(cluster: Any, kubelet: Any, argv: list[str]) -> CommandResult:
    opts, _ = _opts(argv, {"--name", "--pod", "-p", "--state", "-s", "--image", "-o", "--output"})
    rows = [["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD"]]
    ids = []
    for pod, cs, _ in sorted(_records(cluster, kubelet), key=lambda r: r[1].get("state", {}).get(
            "running", {}).get("startedAt", ""), reverse=True):
        state = _state(cs)
        if not ({"-a", "--all"} & opts.keys()) and state != "Running" and not (opts.get("--state") or opts.get("-s")):
            continue
        wanted = (opts.get("--state") or opts.get("-s") or "").lower()
        if wanted and CRI_STATES.get(state, "").lower().replace("container_", "") != wanted.replace("container_", ""):
            continue
        if opts.get("--name") and not _matches(opts["--name"], cs["name"]):
            continue
        pod_filter = opts.get("--pod") or opts.get("-p")
        if pod_filter and not sandbox_id(pod).startswith(pod_filter):
            continue
        started = (cs.get("state", {}).get("running") or cs.get("state", {}).get("terminated") or {}).get(
            "startedAt") or pod["metadata"].get("creationTimestamp")
        ids.append(_cid(cs))
        rows.append([_cid(cs)[:13], image_id(cs.get("image", ""))[:13], _ago(cluster, started), state, cs["name"],
                     str(cs.get("restartCount", 0)), sandbox_id(pod)[:13], pod["metadata"]["name"]])
    if "-q" in opts or "--quiet" in opts:
        return CommandResult("".join(i + "\n" for i in ids), "", 0)
    return CommandResult(_tab(rows), "", 0)


def pods(cluster: Any, kubelet: Any, argv: list[str]) -> CommandResult:
    opts, _ = _opts(argv, {"--name", "--namespace", "-o", "--output", "--label"})
    rows = [["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"]]
    ids = []
    found = [cluster.store.get(*rt.pod_key) for rt in kubelet.pods.values()]
    for pod in sorted((p for p in found if p is not None), key=lambda p: p["metadata"].get("creationTimestamp", ""),
                      reverse=True):
        meta = pod["metadata"]
        if opts.get("--name") and not _matches(opts["--name"], meta["name"]):
            continue
        if opts.get("--namespace") and not _matches(opts["--namespace"], meta.get("namespace", "")):
            continue
        ids.append(sandbox_id(pod))
        rows.append([sandbox_id(pod)[:13], _ago(cluster, meta.get("creationTimestamp")), "Ready", meta["name"],
                     meta.get("namespace", ""), "0", "(default)"])
    if "-q" in opts or "--quiet" in opts:
        return CommandResult("".join(i + "\n" for i in ids), "", 0)
    return CommandResult(_tab(rows), "", 0)


def _find(cluster: Any, kubelet: Any, ref: str) -> Optional[tuple[Obj, Obj, Any]]:
    matches = [r for r in _records(cluster, kubelet) if _cid(r[1]).startswith(ref)]
    return matches[0] if len(matches) == 1 else None


def inspect(cluster: Any, kubelet: Any, argv: list[str]) -> CommandResult:
    _, refs = _opts(argv, {"-o", "--output"})
    if not refs:
        return CommandResult("", 'FATA[0000] ID cannot be empty\n', 1)
    docs = []
    for ref in refs:
        found = _find(cluster, kubelet, ref)
        if found is None:
            return CommandResult("", f'FATA[0000] getting the status of the container "{ref}": rpc error: code = '
                                 f'NotFound desc = an error occurred when try to find container "{ref}": not found\n',
                                 1)
        pod, cs, rc = found
        state = _state(cs)
        detail = next(iter((cs.get("state") or {}).values()), {}) or {}
        meta = pod["metadata"]
        docs.append({
            "status": {
                "id": _cid(cs), "metadata": {"attempt": cs.get("restartCount", 0), "name": cs["name"]},
                "state": CRI_STATES.get(state, "CONTAINER_UNKNOWN"),
                "createdAt": detail.get("startedAt", meta.get("creationTimestamp")),
                "startedAt": detail.get("startedAt", "0001-01-01T00:00:00Z"),
                "finishedAt": detail.get("finishedAt", "0001-01-01T00:00:00Z"),
                "exitCode": detail.get("exitCode", 0),
                "image": {"annotations": {}, "image": cs.get("image", ""), "runtimeHandler": "",
                          "userSpecifiedImage": ""},
                "imageRef": cs.get("imageID", ""), "reason": detail.get("reason", ""), "message": "",
                "labels": {"io.kubernetes.container.name": cs["name"], "io.kubernetes.pod.name": meta["name"],
                           "io.kubernetes.pod.namespace": meta.get("namespace", ""),
                           "io.kubernetes.pod.uid": meta.get("uid", "")},
                "logPath": f"/var/log/pods/{meta.get('namespace')}_{meta['name']}_{meta.get('uid')}/{cs['name']}/"
                           f"{cs.get('restartCount', 0)}.log",
            },
            "info": {"sandboxID": sandbox_id(pod), "pid": rc.pid if rc is not None and state == "Running" else 0,
                     "runtimeType": "io.containerd.runc.v2"},
        })
    text = "\n".join(json.dumps(d, indent=2) for d in docs)
    return CommandResult(text + "\n", "", 0)


def logs(cluster: Any, kubelet: Any, argv: list[str]) -> CommandResult:
    opts, refs = _opts(argv, {"--tail", "--since"})
    if len(refs) != 1:
        return CommandResult("", "FATA[0000] ID cannot be empty\n", 1)
    found = _find(cluster, kubelet, refs[0])
    if found is None:
        return CommandResult("", f'FATA[0000] rpc error: code = NotFound desc = an error occurred when try to find '
                             f'container "{refs[0]}": not found\n', 1)
    rc = found[2]
    lines = [line for _, line in (rc.logs if rc is not None else [])]
    tail = opts.get("--tail")
    if tail and tail.lstrip("-").isdigit() and int(tail) >= 0:
        lines = lines[len(lines) - int(tail):] if int(tail) else []
    return CommandResult("".join(line if line.endswith("\n") else line + "\n" for line in lines), "", 0)


def images(cluster: Any, kubelet: Any, argv: list[str]) -> CommandResult:
    """The images the node's containerd holds (the ones its kubelet pulled), by repository."""
    from course_lib.k8s import containers as ctr
    from course_lib.k8s.kubelet import image_size
    opts, _ = _opts(argv, {"-o", "--output"})
    rows = [["IMAGE", "TAG", "IMAGE ID", "SIZE"]]
    seen = set()
    for raw, ref in sorted(((r, ctr.full_ref(r)) for r in kubelet.images), key=lambda p: p[1]):
        name, _, tag = ref.rpartition(":")
        if ref in seen:
            continue
        seen.add(ref)
        rows.append([name, tag, image_id(raw)[:13], _human_size(image_size(raw))])   # as its Pulled event said
    if "-q" in opts or "--quiet" in opts:
        return CommandResult("".join(f"sha256:{image_id(r[0] + ':' + r[1])}\n" for r in rows[1:]), "", 0)
    return CommandResult(_tab(rows), "", 0)


def _human_size(size: float) -> str:
    """go-units HumanSize: decimal units, four significant digits."""
    units = ["B", "kB", "MB", "GB", "TB"]
    i = 0
    while size >= 1000 and i < len(units) - 1:
        size /= 1000.0
        i += 1
    return f"{size:.4g}{units[i]}"


def exec_(cluster: Any, kubelet: Any, argv: list[str], stdin: str = "") -> CommandResult:
    """crictl exec [-i] [-t] ID CMD...: the command in the container (as kubectl exec runs it)."""
    from course_lib.docker.hostops import box_context
    from course_lib.k8s.kubelet import process_env
    interactive = False
    while argv and argv[0].startswith("-"):
        interactive |= "i" in argv[0]
        argv = argv[1:]
    if len(argv) < 2:
        return CommandResult("", "FATA[0000] ID and command cannot be empty\n", 1)
    found = _find(cluster, kubelet, argv[0])
    if found is None or found[2] is None or _state(found[1]) != "Running":
        return CommandResult("", f'FATA[0000] execing command in container: rpc error: code = NotFound desc = '
                             f'an error occurred when try to find container "{argv[0]}": not found\n', 1)
    pod, _, rc = found
    ctx = box_context(cluster.context(kubelet.node), rc.box, process_env(pod, rc.spec, rc),
                      rc.spec.get("workingDir") or "/")
    return ctx.run_argv(list(argv[1:]), stdin if interactive else "")


SUBCOMMANDS = {"ps": ps, "pods": pods, "inspect": inspect, "logs": logs, "images": images, "img": images}


@command("crictl")
def crictl(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    from course_lib.shell.fs import get_fs
    args = [a for a in argv[1:] if a not in ("-r", "--runtime-endpoint")]
    if not args:
        return CommandResult("NAME:\n   crictl - client for CRI\n\nUSAGE:\n   crictl [global options] command "
                             "[command options] [arguments...]\n", "", 0)
    cluster, kubelet = _kubelet(ctx)
    fn = SUBCOMMANDS.get(args[0])
    if fn is None and args[0] != "exec":
        return CommandResult("", f"No help topic for '{args[0]}'\n", 3)
    configured = "runtime-endpoint" in (get_fs(ctx.machine).read("/etc/crictl.yaml") or "") \
        if get_fs(ctx.machine).exists("/etc/crictl.yaml") else False
    warn = "" if configured else WARN
    if kubelet is None:
        return CommandResult("", warn + "FATA[0000] validate service connection: validate CRI v1 runtime API for "
                             "endpoint \"unix:///run/containerd/containerd.sock\": rpc error: code = Unavailable "
                             "desc = connection error: desc = \"transport: Error while dialing: dial unix "
                             "/run/containerd/containerd.sock: connect: no such file or directory\"\n", 1)
    result = exec_(cluster, kubelet, args[1:], stdin) if args[0] == "exec" else fn(cluster, kubelet, args[1:])
    return CommandResult(result.stdout, warn + result.stderr, result.returncode)
