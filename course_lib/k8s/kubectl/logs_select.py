"""`kubectl logs -l SELECTOR` and `kubectl logs TYPE/NAME` in front of the one-pod `kubectl logs` (kubectl/ops.py).

As kubectl 1.30: a selector prints each matching pod's logs one after the other (pods in the API's order,
no prefix unless --prefix, --tail 10 unless given; --max-log-requests only limits --follow); TYPE/NAME picks
one pod as GetFirstPod does (podutils.ByLogging) and says `Found N pods, using pod/NAME` when there are more.
"""
from __future__ import annotations

from typing import Any

from course_lib.k8s.kubectl import ops
from course_lib.k8s.kubectl.flags import parse, parse_selector
from course_lib.k8s.kubectl.get import resolve_type
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.result import CommandResult

Obj = dict[str, Any]
BOOLS = {"-f": "follow", "--follow": "follow", "-p": "previous", "--previous": "previous", "--timestamps": "ts",
         "--prefix": "prefix", "--all-containers": "all", "--ignore-errors": "ignore"}
VALUES = {"-c": "container", "--container": "container", "--tail": "tail", "-l": "selector", "--selector": "selector",
          "--since": "since", "--max-log-requests": "max", "--pod-running-timeout": "timeout", "--limit-bytes": "limit"}
PHASE_ORDER = {"Running": 0, "Unknown": 1, "Pending": 2}


def _by_logging(kx: Kx, pod: Obj) -> tuple[Any, ...]:
    """podutils.ByLogging: assigned, running, ready, more restarts, older first."""
    st = pod.get("status") or {}
    restarts = sum(c.get("restartCount", 0) for c in st.get("containerStatuses") or [])
    return (not pod["spec"].get("nodeName"), PHASE_ORDER.get(st.get("phase", ""), 3),
            not kx.cluster.pod_is_ready(pod), -restarts, pod["metadata"].get("creationTimestamp", ""))


def _pod_args(name: str, flags: dict[str, Any], container: Any) -> list[str]:
    args = [name]
    if container:
        args += ["-c", container]
    if flags.get("tail") is not None:
        args += ["--tail", str(flags["tail"])]
    args += ["-p"] if flags.get("previous") else []
    return args + (["--timestamps"] if flags.get("ts") else [])


def _one_pod(kx: Kx, pod: Obj, flags: dict[str, Any], stdin: str) -> tuple[str, str, int]:
    name = pod["metadata"]["name"]
    containers = [c["name"] for c in pod["spec"].get("containers") or []] if flags.get("all") else \
        [flags.get("container")]
    out, err = "", ""
    for cname in containers:
        r = ops.logs(kx, _pod_args(name, flags, cname), stdin)
        text = r.stdout
        if flags.get("prefix"):
            shown = cname or (pod["spec"].get("containers") or [{}])[0].get("name", "")
            text = "".join(f"[pod/{name}/{shown}] {line}\n" for line in text.splitlines())
        out, err = out + text, err + r.stderr
        if r.returncode:
            return out, err, r.returncode
    return out, err, 0


@sub("logs")
def logs(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    flags, pos, _ = parse("logs", args, BOOLS, VALUES)
    if flags.get("selector") is not None:
        if len(pos) == 1:                                           # LogsOptions.Complete's usage error
            raise KubectlError("error: only a selector (-l) or a POD name is allowed\n"
                               "See 'kubectl logs -h' for help and examples\n")
        flags.setdefault("tail", "10")
        pods = kx.cluster.store.list("Pod", kx.ns, parse_selector(flags["selector"]))
        if not pods:
            return CommandResult("", f"No resources found in {kx.ns} namespace.\n", 0)
        if flags.get("follow") and len(pods) > int(flags.get("max", 5)):
            raise KubectlError(f"error: you are attempting to follow {len(pods)} log streams, but maximum allowed "
                               f"concurrency is {int(flags.get('max', 5))}, use --max-log-requests to increase "
                               "the limit\n")
        out, err = "", ""
        for pod in pods:
            o, e, rc = _one_pod(kx, pod, flags, stdin)
            out, err = out + o, err + e
            if rc and not flags.get("ignore"):
                return CommandResult(out, err, rc)
        return CommandResult(out, err, 0)
    if pos and "/" in pos[0] and not pos[0].startswith(("pod/", "pods/", "po/")):
        info = resolve_type(pos[0].split("/", 1)[0])
        owner = kx.cluster.store.get(info.kind, kx.ns, pos[0].split("/", 1)[1]) if info.kind != "Pod" else None
        selector = ((owner or {}).get("spec") or {}).get("selector") or {}
        selector = selector.get("matchLabels") if "matchLabels" in selector else selector
        pods = kx.cluster.store.list("Pod", kx.ns, selector) if owner is not None and selector else []
        if pods:
            pod = min(pods, key=lambda p: _by_logging(kx, p))
            note = f"Found {len(pods)} pods, using pod/{pod['metadata']['name']}\n" if len(pods) > 1 else ""
            o, e, rc = _one_pod(kx, pod, {**flags, "container": flags.get("container") or
                                          (pos[1] if len(pos) > 1 else None)}, stdin)
            return CommandResult(o, note + e, rc)
    if flags.get("all") and pos:
        pod = kx.cluster.store.get("Pod", kx.ns, pos[0].split("/", 1)[-1])
        if pod is not None:
            o, e, rc = _one_pod(kx, pod, flags, stdin)
            return CommandResult(o, e, rc)
    rest: list[str] = []
    skip = False
    for a in args:                       # the flags only this module knows
        if skip or a in ("--prefix", "--ignore-errors") or a.startswith("--max-log-requests="):
            skip = False
            continue
        skip = a == "--max-log-requests"
        if not skip:
            rest.append(a)
    return ops.logs(kx, rest, stdin)
