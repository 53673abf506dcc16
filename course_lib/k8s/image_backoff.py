"""The kubelet's image pull back-off on the model clock: ErrImagePull, then ImagePullBackOff between retries.

A pull that fails gives the events `Pulling image "X"`, `Failed to pull image "X": ...` and `Error:
ErrImagePull`, and the container waits with reason ErrImagePull. The kubelet keeps a back-off per pod and
image (10 s, doubling to 300 s, from the time of the failed pull). The pod is synced again by the PLEG relist
that follows the sandbox start (about a second later) and then every 10 s (the pod workers' backOffPeriod
after a failed sync). A sync within the back-off gives the events `Back-off pulling image "X"` (Normal
BackOff) and `Error: ImagePullBackOff` and the reason ImagePullBackOff; a sync after it pulls again. Repeated
events are counted on one Event (the event recorder's correlation: `(x4 over 3m)` in kubectl describe).
Model time passes in `sleep` and while the network is busy; the syncs are events on the Network's scheduler.
"""
from __future__ import annotations

from typing import Any

from course_lib.k8s.controllers import key_of

Obj = dict[str, Any]
INITIAL, MAXIMUM = 10.0, 300.0      # the kubelet's imageBackOff: flowcontrol.NewBackOff(10s, 300s)
PLEG_RELIST = 1.0                   # the relist after the sandbox start syncs the pod once more
SYNC_RETRY = 10.0                   # podWorkers' backOffPeriod: a pod whose sync failed is synced again


def record(cluster: Any, obj: Obj, type_: str, reason: str, message: str, field_path: str = "") -> None:
    """An event, or one more count on the same event (same object and part, type, reason and message)."""
    uid = obj["metadata"].get("uid")
    for ev in cluster.store.list("Event", obj["metadata"].get("namespace") or "default"):
        if (ev["involvedObject"].get("uid") == uid and ev["reason"] == reason and ev["message"] == message
                and ev["type"] == type_ and ev["involvedObject"].get("fieldPath", "") == field_path):
            ev["count"] = int(ev.get("count", 1)) + 1
            ev["lastTimestamp"] = cluster.timestamp()
            cluster.store.touch(ev)
            return
    cluster.event(obj, type_, reason, message, field_path=field_path)


def failed_pull(kubelet: Any, pod: Obj, image_ref: str, container: str = "") -> Obj:
    """Try to pull an image the registry does not have: the events and the container's waiting state."""
    from course_lib.docker.image_catalogue import containerd_pull_error
    from course_lib.docker.images import normalise
    from course_lib.k8s import containers as ctr
    cluster = kubelet.cluster
    from course_lib.k8s.kubelet import container_path
    ref = ctr.full_ref(image_ref)
    part = container_path(pod, container)
    record(cluster, pod, "Normal", "Pulling", f'Pulling image "{image_ref}"', part)
    record(cluster, pod, "Warning", "Failed",
           f'Failed to pull image "{image_ref}": ' + containerd_pull_error(ref, normalise(image_ref)), part)
    record(cluster, pod, "Warning", "Failed", "Error: ErrImagePull", part)
    return {"waiting": {"reason": "ErrImagePull", "message": f'failed to pull and unpack image "{ref}"'}}


def start(kubelet: Any, pod: Obj) -> None:
    """Back-off entries for the pod's containers that wait on a failed pull; the next syncs scheduled."""
    from course_lib.net.events import scheduler
    uid, now = pod["metadata"]["uid"], kubelet.cluster.now()
    entries = kubelet.__dict__.setdefault("pull_backoff", {})
    failed = [s["name"] for s in pod["status"].get("containerStatuses") or []
              if (s.get("state") or {}).get("waiting", {}).get("reason") == "ErrImagePull"]
    for name in failed:
        entries[(uid, name)] = [now, INITIAL]
    if failed:
        scheduler(kubelet.cluster.network).at(now + PLEG_RELIST, _sync, kubelet, key_of(pod), uid)


def _sync(kubelet: Any, key: Any, uid: str) -> None:
    """One sync of the pod by its kubelet: within the back-off ImagePullBackOff, after it a new pull."""
    from course_lib.net.events import scheduler
    cluster = kubelet.cluster
    pod = cluster.store.get(*key)
    entries = kubelet.__dict__.get("pull_backoff", {})
    if pod is None or pod["metadata"].get("uid") != uid or uid not in kubelet.pods:
        for k in [k for k in entries if k[0] == uid]:
            del entries[k]
        return
    now = cluster.now()
    images = {c["name"]: c.get("image", "") for c in pod["spec"].get("containers") or []}
    waiting = False
    for status in pod["status"].get("containerStatuses") or []:
        entry = entries.get((uid, status["name"]))
        if entry is None:
            continue
        waiting = True
        image = images.get(status["name"], status.get("image", ""))
        last, backoff = entry
        if now - last < backoff:
            message = f'Back-off pulling image "{image}"'
            from course_lib.k8s.kubelet import container_path
            part = container_path(pod, status["name"])
            record(cluster, pod, "Normal", "BackOff", message, part)
            record(cluster, pod, "Warning", "Failed", "Error: ImagePullBackOff", part)
            status["state"] = {"waiting": {"reason": "ImagePullBackOff", "message": message}}
        else:
            status["state"] = failed_pull(kubelet, pod, image, status["name"])
            entry[:] = [now, min(backoff * 2, MAXIMUM)]
    if waiting:
        cluster.store.touch(pod)
        scheduler(cluster.network).at(now + SYNC_RETRY, _sync, kubelet, key, uid)
