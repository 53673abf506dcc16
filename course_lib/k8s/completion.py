"""Containers whose program ends while the pod runs, and the pod phase the kubelet then reports.

`sleep 30` as a container's command, or the last `sleep N` of a timed `sh -c` script (k8s/scripts.py),
ends the program N model seconds later with exit code 0. The kubelet then applies the pod's
restartPolicy: Always (or OnFailure after a failure) restarts the container with the back-off
(k8s/restarts.py); otherwise the container stays terminated (Completed or Error), and once every
container has terminated the pod is Succeeded (all exit codes 0) or Failed. A finished pod's conditions
are the kubelet's: Ready and ContainersReady False with reason PodCompleted for a Succeeded pod
(ContainersNotReady for a Failed one), Initialized True (PodCompleted), PodReadyToStartContainers False.
The kubelet then stops the pod's sandbox (CNI DEL: veth, netns and IP allocation go); status.podIP stays.
"""
from __future__ import annotations

from typing import Any

from course_lib.k8s.controllers import key_of

Obj = dict[str, Any]


def exit_later(rc: Any, seconds: float, code: int = 0) -> None:
    """The container's program ends `seconds` from now with `code`."""
    from course_lib.net.events import scheduler
    scheduler(rc.cluster.network).after(max(0.0, seconds), _ended, rc, code)


def _ended(rc: Any, code: int) -> None:
    cluster = rc.cluster
    pod = cluster.store.get(*key_of(rc.pod))
    kubelet = cluster.kubelets.get(rc.node)
    rt = kubelet.runtime(pod) if kubelet is not None and pod is not None else None
    if rt is None or rt.containers.get(rc.name) is not rc or rc.exit_code is not None or \
            pod["metadata"].get("deletionTimestamp"):
        return
    policy = pod["spec"].get("restartPolicy", "Always")
    if policy == "Always" or (policy == "OnFailure" and code):
        from course_lib.k8s import restarts
        restarts._ended(cluster, rc.node, key_of(pod), pod["metadata"]["uid"], rc, code)
        return
    rc.exit(code)
    rc.stop()
    cluster.remove_process(rc.node, rc.pid)
    terminated(cluster, pod, rc.name, code)
    cluster.reconcile()


def terminated(cluster: Any, pod: Obj, container: str, code: int) -> None:
    """The container's state is terminated for good; the pod's phase and conditions follow."""
    stamp = cluster.timestamp()
    status = pod.setdefault("status", {})
    for cs in status.get("containerStatuses") or []:
        if cs.get("name") != container:
            continue
        started = ((cs.get("state") or {}).get("running") or {}).get("startedAt", stamp)
        cs["state"] = {"terminated": {"containerID": cs.get("containerID", ""), "exitCode": code,
                                      "finishedAt": stamp, "reason": "Completed" if code == 0 else "Error",
                                      "startedAt": started}}
        cs["ready"] = cs["started"] = False
    settle(cluster, pod)
    cluster.store.touch(pod)
    if status.get("phase") in ("Succeeded", "Failed"):     # a finished pod's sandbox is stopped at once
        kubelet = cluster.kubelets.get((pod.get("spec") or {}).get("nodeName"))
        rt = kubelet.runtime(pod) if kubelet is not None else None
        if rt is not None:
            kubelet.stop_sandbox(rt)


def settle(cluster: Any, pod: Obj) -> None:
    """The pod's phase and conditions from its containers' states."""
    stamp = cluster.timestamp()
    status = pod.setdefault("status", {})
    statuses = status.get("containerStatuses") or []
    done = bool(statuses) and all("terminated" in (cs.get("state") or {}) for cs in statuses)
    if done:
        ok = all(cs["state"]["terminated"]["exitCode"] == 0 for cs in statuses)
        status["phase"] = "Succeeded" if ok else "Failed"
    unready = [cs["name"] for cs in statuses if not cs.get("ready")]
    for cond in status.get("conditions") or []:
        kind, before = cond.get("type"), cond.get("status")
        cond.pop("reason", None)
        cond.pop("message", None)
        if kind in ("Ready", "ContainersReady"):
            cond["status"] = "False"
            if done and status["phase"] == "Succeeded":
                cond["reason"] = "PodCompleted"
            else:
                cond["message"] = f"containers with unready status: [{' '.join(unready)}]"
                cond["reason"] = "ContainersNotReady"
        elif kind == "PodReadyToStartContainers" and done:
            cond["status"] = "False"                   # the kubelet removes a finished pod's sandbox
        elif kind == "Initialized" and done and status["phase"] == "Succeeded":
            cond["reason"] = "PodCompleted"
        if cond.get("status") != before:
            cond["lastTransitionTime"] = stamp
