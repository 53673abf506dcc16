"""The garbage collector and graceful pod deletion: ownerReferences cascade, Terminating pods on the model clock.

Deleting an object picks a propagation policy, as the API server and kube-controller-manager's garbage
collector do:
- Background (kubectl's default): the owner goes at once; the collector then deletes every dependent
  (the objects whose ownerReferences name the owner's uid), and their dependents in turn:
  Deployment -> ReplicaSets -> Pods, and the same for DaemonSets, StatefulSets and Jobs.
- Orphan (`--cascade=orphan`): the dependents stay and lose their ownerReference to the owner.
- Foreground (`--cascade=foreground`): the owner stays with a deletionTimestamp and the foregroundDeletion
  finalizer until its dependents are gone.

A pod that runs on a kubelet is deleted gracefully: it gets metadata.deletionTimestamp (now + grace) and
deletionGracePeriodSeconds (spec.terminationGracePeriodSeconds, 30 by default, or --grace-period), shows
as Terminating, and leaves the Endpoints at once. The kubelet sends its containers SIGTERM: a program that
handles it (nginx, redis, Go servers...) exits at once, and the pod is removed at the kubelet's next PLEG
relist (1 s later); a program that ignores it as PID 1 (sleep, a shell loop) is killed when the grace
period ends. Removal runs the kubelet's kill: processes end, the sandbox's CNI DEL releases the veth, the
netns and the IP allocation. A pod with no running container (pending, or completed) goes at once, as with grace 0.
Model time passes in `sleep`, while the network waits, and while kubectl waits for a deletion.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Optional

from course_lib.k8s.controllers import Controller, Key, key_of
from course_lib.k8s.store import timestamp

Obj = dict[str, Any]
DEFAULT_GRACE = 30
PLEG_RELIST = 1.0                        # the kubelet sees the exited containers at its next relist
IGNORES_TERM = {"sleep", "tail", "sh", "bash", "ash", "dash", "zsh"}     # as PID 1: no handler, no default
FOREGROUND = "foregroundDeletion"
ORPHAN = "orphan"


def dependents(cluster: Any, uid: str) -> list[Obj]:
    """Objects whose ownerReferences still name `uid` (from the owner index)."""
    out = []
    for kind, keys in list(cluster._owned.get(uid, {}).items()):
        for key in list(keys):
            obj = cluster.store.get(*key)
            if obj is not None and any(r.get("uid") == uid for r in obj["metadata"].get("ownerReferences") or []):
                out.append(obj)
    return out


def orphan(cluster: Any, owner: Obj) -> None:
    """Remove the owner's ownerReference from each dependent (the collector's orphan finalizer)."""
    uid = owner["metadata"].get("uid", "")
    for obj in dependents(cluster, uid):
        refs = [r for r in obj["metadata"].get("ownerReferences") or [] if r.get("uid") != uid]
        if refs:
            obj["metadata"]["ownerReferences"] = refs
        else:
            obj["metadata"].pop("ownerReferences", None)
        cluster._owned.get(uid, {}).get(obj["kind"], set()).discard(key_of(obj))
        cluster.store.update(obj, spec_changed=False)


def exit_delay(cluster: Any, pod: Obj, grace: int) -> float:
    """Model seconds from SIGTERM until the kubelet sees every container gone."""
    kubelet = cluster.kubelets.get(pod["spec"].get("nodeName"))
    rt = kubelet.runtime(pod) if kubelet is not None else None
    running = [rc for rc in (rt.containers.values() if rt else []) if rc.exit_code is None]
    if any((rc.argv[0].rsplit("/", 1)[-1] if rc.argv else "") in IGNORES_TERM for rc in running):
        return float(grace)
    return min(float(grace), PLEG_RELIST)


def deferred(cluster: Any, obj: Obj, propagation: str, grace: Optional[int]) -> bool:
    """Start deleting obj; True when it is not to be removed from the store now (a pod terminating, a
    foreground owner waiting for its dependents, a namespace its controller empties and removes)."""
    if propagation == "Orphan":
        orphan(cluster, obj)
    elif propagation == "Foreground" and obj["kind"] != "Pod" and \
            (obj["metadata"].get("deletionTimestamp") or delete_foreground(cluster, obj)):
        return True
    if obj["kind"] == "Pod":
        return delete_pod(cluster, obj, grace)
    if obj["kind"] == "Namespace":
        delete_namespace(cluster, obj)
        return True
    return False


def runs_on_kubelet(cluster: Any, pod: Obj) -> bool:
    """A container of the pod still runs (a pending pod, or one whose containers all ended, goes at once)."""
    kubelet = cluster.kubelets.get(pod["spec"].get("nodeName"))
    rt = kubelet.runtime(pod) if kubelet is not None else None
    return rt is not None and any(rc.exit_code is None for rc in rt.containers.values())


def delete_pod(cluster: Any, pod: Obj, grace: Optional[int]) -> bool:
    """Start a graceful deletion; False when the pod must go at once (grace 0, not running)."""
    if grace is None:
        grace = int(pod["spec"].get("terminationGracePeriodSeconds", DEFAULT_GRACE) or 0)
    if pod["metadata"].get("deletionTimestamp"):
        return True                                    # already terminating: the first deletion stands
    if grace <= 0 or not runs_on_kubelet(cluster, pod):
        return False
    from course_lib.net.events import scheduler
    now = cluster.now()
    pod["metadata"]["deletionTimestamp"] = timestamp(now + grace)
    pod["metadata"]["deletionGracePeriodSeconds"] = grace
    cluster.store.touch(pod)
    for c in pod["spec"].get("containers") or []:
        cluster.event(pod, "Normal", "Killing", f"Stopping container {c['name']}",
                      field_path=f"spec.containers{{{c['name']}}}")
    delay = exit_delay(cluster, pod, grace)
    _sigterm(cluster, pod)
    scheduler(cluster.network).at(now + delay, _terminated, cluster, key_of(pod), pod["metadata"]["uid"])
    return True


def _sigterm(cluster: Any, pod: Obj) -> None:
    """The programs that handle SIGTERM stop serving at once: their sockets close, their containers are no
    longer ready (so the EndpointSlice's serving condition drops too); one that ignores it serves on."""
    kubelet = cluster.kubelets.get(pod["spec"].get("nodeName"))
    rt = kubelet.runtime(pod) if kubelet is not None else None
    stopped = set()
    for name, rc in (rt.containers.items() if rt is not None else []):
        if rc.exit_code is None and (rc.argv[0].rsplit("/", 1)[-1] if rc.argv else "") not in IGNORES_TERM:
            rc.stop()
            stopped.add(name)
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    for cs in statuses:
        if cs.get("name") in stopped:
            cs["ready"] = False
    if stopped and not all(cs.get("ready") for cs in statuses):
        for cond in pod["status"].get("conditions") or []:
            if cond.get("type") in ("Ready", "ContainersReady") and cond.get("status") == "True":
                cond.update(status="False", lastTransitionTime=cluster.timestamp())
        cluster.store.touch(pod)


def _terminated(cluster: Any, key: Key, uid: str) -> None:
    """The containers are gone: the kubelet's final delete (grace 0) removes the pod."""
    pod = cluster.store.get(*key)
    if pod is None or pod["metadata"].get("uid") != uid:
        return
    cluster.store.delete(*key)
    cluster.reconcile()


def wait_until(cluster: Any, done: Callable[[], bool], limit: float) -> bool:
    """Let model time pass, event by event, until done() or `limit` seconds; done()'s last value."""
    from course_lib.k8s.bulk import bulk
    from course_lib.net.events import scheduler
    events = scheduler(cluster.network)
    end = cluster.now() + limit
    with bulk():                    # the starts and their links' chatter: one full collection after (k8s/bulk.py)
        while not done():
            if cluster.now() >= end:
                return False
            upcoming = events.heap[0][0] if events.heap else end
            cluster.network.advance(max(0.0, min(upcoming, end) - cluster.now()))
    return True


def wait_gone(cluster: Any, targets: list[tuple[str, str, str, str]], limit: float = 3600.0) -> None:
    """kubectl delete --wait: let model time pass until each (kind, ns, name, uid) is gone."""
    def gone() -> bool:
        for kind, ns, name, uid in targets:
            obj = cluster.store.get(kind, ns, name)
            if obj is not None and obj["metadata"].get("uid") == uid:
                return False
        return True
    wait_until(cluster, gone, limit)


class GarbageCollector(Controller):
    """Deletes the dependents of deleted owners (background) and ends foreground deletions."""

    kinds = ("*",)

    def __init__(self, cluster: Any) -> None:
        super().__init__(cluster)
        self.owners: dict[Key, str] = {}         # deleted owner -> its uid, until its dependents are handled

    def keys(self, event: str, obj: Obj) -> Iterable[Key]:
        if event != "DELETED":
            return []
        out = []
        uid = obj["metadata"].get("uid", "")
        if self.cluster._owned.get(uid):
            self.owners[key_of(obj)] = uid
            out.append(key_of(obj))
        if obj["kind"] == "Pod":                                        # the last pod of a terminating namespace
            ns = self.store.get("Namespace", "", obj["metadata"].get("namespace", ""))
            if ns is not None and ns["metadata"].get("deletionTimestamp"):
                out.append(("__ns__", "", "", ns["metadata"]["name"]))     # type: ignore[arg-type]
        for ref in obj["metadata"].get("ownerReferences") or []:      # a foreground owner may be done now
            owner_key = self.cluster._by_uid.get(ref.get("uid", ""))
            if owner_key is not None:
                out.append(("__fg__",) + owner_key)                    # type: ignore[arg-type]
        return out

    def sync(self, key: Key) -> None:
        if key[0] == "__ns__":
            finish_namespace(self.cluster, key[3])
            return
        if key[0] == "__fg__":
            self._finish_foreground(tuple(key[1:]))                     # type: ignore[arg-type]
            return
        uid = self.owners.pop(key, None)
        if uid is None:
            return
        for obj in dependents(self.cluster, uid):
            meta = obj["metadata"]
            if meta.get("deletionTimestamp") and obj["kind"] != "Pod":
                continue
            try:
                self.cluster.api.delete(obj["kind"], meta.get("namespace", ""), meta["name"], reconcile=False)
            except Exception:            # noqa: BLE001 - gone meanwhile: nothing left to collect
                pass
        self.cluster._owned.pop(uid, None)

    def _finish_foreground(self, key: Key) -> None:
        owner = self.store.get(*key)
        if owner is None or FOREGROUND not in (owner["metadata"].get("finalizers") or []):
            return
        if not dependents(self.cluster, owner["metadata"]["uid"]):
            self.store.delete(*key)


def delete_foreground(cluster: Any, obj: Obj) -> bool:
    """Foreground: mark the owner, delete its dependents; True when the owner must wait for them."""
    uid = obj["metadata"]["uid"]
    deps = dependents(cluster, uid)
    if not deps:
        return False
    meta = obj["metadata"]
    meta["deletionTimestamp"] = cluster.timestamp()
    meta["deletionGracePeriodSeconds"] = 0
    meta["finalizers"] = list(meta.get("finalizers") or []) + [FOREGROUND]
    cluster.store.touch(obj)
    for dep in deps:
        dmeta = dep["metadata"]
        cluster.api.delete(dep["kind"], dmeta.get("namespace", ""), dmeta["name"], reconcile=False,
                           propagation="Foreground")
    return True


IMMORTAL = ("default", "kube-system", "kube-public")       # the NamespaceLifecycle admission plugin's


def delete_namespace(cluster: Any, ns: Obj) -> bool:
    """The namespace controller: Terminating, every object in it deleted (pods gracefully); True while its
    pods terminate (the namespace goes with the last of them), False when it is gone already."""
    from course_lib.k8s.kinds import KINDS
    from course_lib.k8s.store import ApiError
    name = ns["metadata"]["name"]
    if name in IMMORTAL:
        raise ApiError("Forbidden", f'namespaces "{name}" is forbidden: this namespace may not be deleted', 403)
    if not ns["metadata"].get("deletionTimestamp"):
        ns["metadata"]["deletionTimestamp"] = cluster.timestamp()
        ns["metadata"]["deletionGracePeriodSeconds"] = 0
        ns["status"] = {"phase": "Terminating"}
        cluster.store.touch(ns)
        for info in list(KINDS.values()):
            if not info.namespaced or info.kind == "Event":
                continue
            for obj in cluster.store.list(info.kind, name):
                try:
                    cluster.api.delete(info.kind, name, obj["metadata"]["name"], reconcile=False)
                except ApiError:
                    pass                                  # gone with its owner meanwhile
    return not finish_namespace(cluster, name)


def finish_namespace(cluster: Any, name: str) -> bool:
    """Remove a terminating namespace once no pod is left in it (its events go with it)."""
    from course_lib.k8s.kinds import KINDS
    ns = cluster.store.get("Namespace", "", name)
    if ns is None or not ns["metadata"].get("deletionTimestamp") or cluster.store.list("Pod", name):
        return ns is None
    for info in list(KINDS.values()):
        if info.namespaced:
            for obj in cluster.store.list(info.kind, name):
                cluster.store.delete(info.kind, name, obj["metadata"]["name"])
    cluster.store.delete("Namespace", "", name)
    return True


def install(cluster: Any) -> None:
    cluster.add_controller(GarbageCollector(cluster))
