"""A pod's init containers: the kubelet runs them one after the other, each to completion, before the containers.

As the kubelet 1.30 does (kuberuntime computeInitContainerActions): the next init container starts when the one
before exited 0; a completed one's status is `terminated` (reason Completed, exit code 0, ready); one that fails
(reason Error) or still runs holds the pod in Pending with the containers `waiting: PodInitializing` and the
Initialized condition False. kubectl shows it as printPod does (kinds_core.pod_status_text): `Init:N/M`,
`Init:Error`, then the containers' own reasons once every init container completed.
"""
from __future__ import annotations

from typing import Any

Obj = dict[str, Any]


def run(kubelet: Any, pod: Obj, rt: Any) -> tuple[list[Obj], bool]:
    """Start the init containers in order; their statuses and whether all of them completed."""
    statuses: list[Obj] = []
    # an init container is never restarted in place once it exited 0; a failed one would be retried with
    # the pod's restartPolicy (the model keeps it failed: Init:Error)
    view = {**pod, "spec": {**pod["spec"], "restartPolicy": "Never"}}
    for spec in pod["spec"].get("initContainers") or []:
        status = kubelet.start_container(view, rt, spec)
        statuses.append(status)
        rc = rt.containers.get(spec["name"])
        terminated = (status.get("state") or {}).get("terminated")
        if rc is not None and terminated is not None:
            kubelet.cluster.remove_process(kubelet.node, rc.pid)
        if terminated is None or terminated.get("exitCode") != 0:
            return statuses + [_waiting(c, "PodInitializing") for c in
                               (pod["spec"].get("initContainers") or [])[len(statuses):]], False
        status.update(ready=True, started=False)
    return statuses, True


def _waiting(spec: Obj, reason: str) -> Obj:
    return {"image": spec.get("image", ""), "imageID": "", "lastState": {}, "name": spec.get("name", ""),
            "ready": False, "restartCount": 0, "started": False, "state": {"waiting": {"reason": reason}}}


def hold(kubelet: Any, pod: Obj, rt: Any, statuses: list[Obj]) -> None:
    """An init container has not completed: the pod stays Pending, its containers wait for it."""
    st = pod.setdefault("status", {})
    st["conditions"] = st.get("conditions") or kubelet._conditions(pod, False)
    st["initContainerStatuses"] = statuses
    st["containerStatuses"] = [_waiting(c, "PodInitializing") for c in pod["spec"].get("containers") or []]
    pending = [s["name"] for s in statuses if not s.get("ready")]
    names = " ".join(c["name"] for c in pod["spec"].get("containers") or [])
    for cond in st.get("conditions") or []:
        if cond["type"] == "Initialized":
            cond.update(status="False", reason="ContainersNotInitialized",
                        message=f"containers with incomplete status: [{' '.join(pending)}]")
        elif cond["type"] in ("Ready", "ContainersReady"):
            cond.update(status="False", reason="ContainersNotReady",
                        message=f"containers with unready status: [{names}]")
    st["phase"] = "Pending"
    st["podIP"], st["podIPs"] = rt.ip, [{"ip": rt.ip}]
    st.setdefault("startTime", kubelet.cluster.timestamp())
    kubelet.cluster.store.touch(pod)


def status_text(pod: Obj) -> tuple[str, bool]:
    """printPod's reason from the init containers, and whether the pod is still initializing."""
    status = pod.get("status") or {}
    total = len((pod.get("spec") or {}).get("initContainers") or [])
    for i, cs in enumerate(status.get("initContainerStatuses") or []):
        state = cs.get("state") or {}
        term, wait = state.get("terminated"), state.get("waiting") or {}
        if term is not None and term.get("exitCode") == 0:
            continue
        if term is not None:
            if term.get("reason"):
                return "Init:" + term["reason"], True
            if term.get("signal"):
                return f"Init:Signal:{term['signal']}", True
            return f"Init:ExitCode:{term.get('exitCode', 0)}", True
        if wait.get("reason") and wait["reason"] != "PodInitializing":
            return "Init:" + wait["reason"], True
        return f"Init:{i}/{total}", True
    return "", False
