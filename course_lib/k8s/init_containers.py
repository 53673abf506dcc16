"""A pod's init containers: the kubelet runs them one after the other, each to completion, before the containers.

As the kubelet 1.30 does (kuberuntime computeInitContainerActions): the next init container starts when the one
before exited 0; a completed one's status is `terminated` (reason Completed, exit code 0, ready) and it is never
run again; one that fails (reason Error) or still runs holds the pod in Pending with the containers `waiting:
PodInitializing` and the Initialized condition False. Under restartPolicy Always or OnFailure a failed init
container is restarted with the container back-off (restarts.back_off: at once, then 10 s doubling to 5 min),
waiting meanwhile in CrashLoopBackOff with the Warning BackOff event, its restartCount growing; under Never the
pod stays Init:Error. kubectl shows it as printPod does (kinds_core.pod_status_text): `Init:N/M`, `Init:Error`,
`Init:CrashLoopBackOff`, then the containers' own reasons once every init container completed.
"""
from __future__ import annotations

from typing import Any

Obj = dict[str, Any]


def run(kubelet: Any, pod: Obj, rt: Any) -> tuple[list[Obj], bool]:
    """Start the init containers in order; their statuses and whether all of them completed."""
    statuses: list[Obj] = []
    # start_container sees restartPolicy Never: the restart of a failed init container is this module's
    view = {**pod, "spec": {**pod["spec"], "restartPolicy": "Never"}}
    before = {s.get("name"): s for s in (pod.get("status") or {}).get("initContainerStatuses") or []}
    for spec in pod["spec"].get("initContainers") or []:
        old = before.get(spec["name"])
        if old is not None and old.get("ready") and \
                ((old.get("state") or {}).get("terminated") or {}).get("exitCode") == 0:
            statuses.append(old)                       # completed before a restart of a later one: kept
            continue
        restarts = int(old.get("restartCount", 0)) if old is not None else 0
        if old is not None and ((old.get("state") or {}).get("waiting") or {}).get("reason") == "CrashLoopBackOff":
            restarts += 1                              # this start is a restart of the failed one
        status = kubelet.start_container(view, rt, spec, restarts=restarts)
        statuses.append(status)
        rc = rt.containers.get(spec["name"])
        terminated = (status.get("state") or {}).get("terminated")
        if rc is not None and terminated is not None:
            kubelet.cluster.remove_process(kubelet.node, rc.pid)
        if terminated is None or terminated.get("exitCode") != 0:
            if terminated is not None and pod["spec"].get("restartPolicy", "Always") != "Never":
                _crash_loop(kubelet, pod, spec["name"], status, restarts)
            return statuses + [_waiting(c, "PodInitializing") for c in
                               (pod["spec"].get("initContainers") or [])[len(statuses):]], False
        status.update(ready=True, started=False)
    return statuses, True


def _crash_loop(kubelet: Any, pod: Obj, name: str, status: Obj, restarts: int) -> None:
    """A failed init container under Always/OnFailure: its immediate retry failed too, then each restart waits
    out the back-off in CrashLoopBackOff (as restarts.crashed does for the containers)."""
    from course_lib.k8s.controllers import key_of
    from course_lib.k8s.image_backoff import record
    from course_lib.k8s.restarts import INITIAL, back_off, go_duration
    from course_lib.net.events import scheduler
    uid = pod["metadata"]["uid"]
    if not restarts or (uid, name) not in kubelet.__dict__.get("restart_backoff", {}):
        back_off(kubelet, pod, name, 0.0)
        restarts += 1
    delay = back_off(kubelet, pod, name, INITIAL)
    who = f"{pod['metadata']['name']}_{pod['metadata']['namespace']}({uid})"
    status["restartCount"] = restarts
    status["lastState"] = {"terminated": status.pop("state")["terminated"]}
    status["state"] = {"waiting": {"reason": "CrashLoopBackOff", "message": f"back-off {go_duration(delay)} "
                                   f"restarting failed container={name} pod={who}"}}
    record(kubelet.cluster, pod, "Warning", "BackOff", f"Back-off restarting failed container {name} in pod {who}",
           f"spec.initContainers{{{name}}}")
    scheduler(kubelet.cluster.network).at(kubelet.cluster.now() + delay, _restart, kubelet, key_of(pod), uid)


def _restart(kubelet: Any, key: Any, uid: str) -> None:
    """The back-off is over: the init containers go on from the failed one (then the containers)."""
    pod = kubelet.cluster.store.get(*key)
    rt = kubelet.pods.get(uid)
    if pod is None or rt is None or pod["metadata"].get("uid") != uid or pod["metadata"].get("deletionTimestamp"):
        return
    kubelet._start_now(pod, rt)


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
