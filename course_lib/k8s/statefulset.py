"""apps/v1 StatefulSet: the kind (schema, defaults, checks, `get` columns) and its controller.

Pods are NAME-0..NAME-(N-1), each with `hostname: NAME-i` and `subdomain: spec.serviceName`, so the
headless Service's DNS answers `NAME-i.SERVICE.NS.svc.cluster.local`. OrderedReady (the default) makes
pod i+1 only once pods 0..i are Running and Ready, and scales down from the highest ordinal, one at a
time; Parallel makes and deletes them all at once. A deleted pod comes back with the same name.
volumeClaimTemplates are accepted; there is no storage model, so a claim's volume is only named.
"""
from __future__ import annotations

from typing import Any, Iterable

from course_lib.docker.images import BUSYBOX_TOOLS
from course_lib.k8s import validation as v
from course_lib.k8s.containers import add_image
from course_lib.k8s.controllers import Controller, Key, key_of, pod_from_template, template_hash
from course_lib.k8s.kinds import KindInfo, RowEnv, register
from course_lib.k8s.kinds_apps import _template_defaults, containers_cells, validate_workload

Obj = dict[str, Any]
POD_NAME = "statefulset.kubernetes.io/pod-name"
POD_INDEX = "apps.kubernetes.io/pod-index"
REVISION_HASH = "controller-revision-hash"
SOURCE = "statefulset-controller"

STATEFULSET = v.workload({"replicas": v.INT, "serviceName": v.STR,
                          "podManagementPolicy": v.STR, "updateStrategy": v.ANY, "volumeClaimTemplates": v.ANY,
                          "persistentVolumeClaimRetentionPolicy": v.ANY, "ordinals": v.ANY})

for _registry in ("registry.k8s.io", "k8s.gcr.io"):          # the image of the docs' StatefulSet examples
    add_image(f"{_registry}/nginx-slim", cmd=("nginx", "-g", "daemon off;"), tools=BUSYBOX_TOOLS | {"nginx"})


def statefulset_row(obj: Obj, env: RowEnv) -> list[str]:
    want = int((obj.get("spec") or {}).get("replicas", 1))
    ready = int((obj.get("status") or {}).get("readyReplicas", 0) or 0)
    return [obj["metadata"]["name"], f"{ready}/{want}", env.age(obj)]


def statefulset_wide(obj: Obj, env: RowEnv) -> list[str]:
    return containers_cells(obj)[:2]


def validate_statefulset(obj: Obj, cluster: Any) -> list[str]:
    errors = validate_workload(obj, cluster)
    spec = obj.get("spec") or {}
    policy = spec.get("podManagementPolicy")
    if policy is not None and policy not in ("OrderedReady", "Parallel"):
        errors.append(f'spec.podManagementPolicy: Unsupported value: "{policy}": supported values: '
                      '"OrderedReady", "Parallel"')
    restart = ((spec.get("template") or {}).get("spec") or {}).get("restartPolicy")
    if restart not in (None, "Always"):
        errors.append(f'spec.template.spec.restartPolicy: Unsupported value: "{restart}": supported values: "Always"')
    return errors


def default_statefulset(obj: Obj, cluster: Any) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    spec.setdefault("podManagementPolicy", "OrderedReady")
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("updateStrategy", {"rollingUpdate": {"partition": 0}, "type": "RollingUpdate"})
    spec.setdefault("persistentVolumeClaimRetentionPolicy", {"whenDeleted": "Retain", "whenScaled": "Retain"})
    for claim in spec.get("volumeClaimTemplates") or []:
        claim.setdefault("apiVersion", "v1")
        claim.setdefault("kind", "PersistentVolumeClaim")
        claim.setdefault("spec", {}).setdefault("volumeMode", "Filesystem")
        claim.setdefault("status", {"phase": "Pending"})
    _template_defaults(obj)


register(KindInfo("StatefulSet", ("apps/v1",), "statefulsets", ("sts",), schema=STATEFULSET,
                  validate=validate_statefulset, default=default_statefulset,
                  columns=("NAME", "READY", "AGE"), row=statefulset_row,
                  wide_columns=("CONTAINERS", "IMAGES"), wide_row=statefulset_wide))


def revision_name(sts: Obj) -> str:
    """The ControllerRevision name the pods carry as controller-revision-hash: NAME-HASH."""
    return f"{sts['metadata']['name']}-{template_hash(sts['spec']['template'])}"


def ordinal(sts: Obj, pod: Obj) -> int:
    """The pod's ordinal, or -1 for a pod that is not NAME-<int>."""
    prefix, _, index = pod["metadata"]["name"].rpartition("-")
    return int(index) if prefix == sts["metadata"]["name"] and index.isdigit() else -1


def new_pod(sts: Obj, index: int) -> Obj:
    """newStatefulSetPod: the template plus identity (labels, hostname, subdomain) and claim volumes."""
    name = f"{sts['metadata']['name']}-{index}"
    pod = pod_from_template(sts, name, {POD_NAME: name, POD_INDEX: str(index), REVISION_HASH: revision_name(sts)})
    pod["metadata"]["generateName"] = sts["metadata"]["name"] + "-"
    pod["spec"]["hostname"] = name
    if sts["spec"].get("serviceName"):
        pod["spec"]["subdomain"] = sts["spec"]["serviceName"]
    volumes = pod["spec"].setdefault("volumes", [])
    known = {vol.get("name") for vol in volumes}
    for claim in sts["spec"].get("volumeClaimTemplates") or []:
        cname = (claim.get("metadata") or {}).get("name", "")
        if cname and cname not in known:
            volumes.append({"name": cname, "persistentVolumeClaim": {"claimName": f"{cname}-{name}"}})
    if not volumes:
        pod["spec"].pop("volumes")
    return pod


class StatefulSetController(Controller):
    kinds = ("StatefulSet", "Pod")

    def keys(self, event: str, obj: Obj) -> Iterable[Key]:
        if obj["kind"] == "StatefulSet":       # (its pods go with it through the garbage collector, gc.py)
            return [key_of(obj)]
        owner = self.cluster.owner_of(obj, "StatefulSet")
        return [owner] if owner else []

    def sync(self, key: Key) -> None:
        sts = self.store.get(*key)
        if sts is None:
            return
        if not sts["metadata"].get("deletionTimestamp"):
            self._scale(sts)
        self._status(sts)

    def _scale(self, sts: Obj) -> None:
        want = int(sts["spec"].get("replicas", 1))
        ordered = sts["spec"].get("podManagementPolicy", "OrderedReady") != "Parallel"
        pods = {ordinal(sts, p): p for p in self.cluster.owned(sts, "Pod") if ordinal(sts, p) >= 0}
        terminating = {i for i, p in pods.items() if p["metadata"].get("deletionTimestamp")}
        if ordered and terminating:
            return                           # OrderedReady: a terminating pod must be gone first
        for index in range(want):
            if index in pods:
                if ordered and not self._running_ready(pods[index]):
                    return                   # OrderedReady: wait for this one before the next
                continue
            pod = new_pod(sts, index)
            self.cluster.api.create(pod, reconcile=False)
            self.cluster.event(sts, "Normal", "SuccessfulCreate",
                               f"create Pod {pod['metadata']['name']} in StatefulSet {sts['metadata']['name']} "
                               "successful", source=SOURCE)
            if ordered:
                return                       # its status change wakes this controller again
        extra = sorted((i for i in pods if i >= want and i not in terminating), reverse=True)
        if ordered and any(not self._running_ready(pods[i]) for i in pods if i < want):
            return                           # scale-down waits for the kept pods to be healthy
        if not extra:
            self._roll(sts, pods, want)
        for i in extra[:1] if ordered else extra:
            name = pods[i]["metadata"]["name"]
            self.cluster.api.delete("Pod", sts["metadata"]["namespace"], name, reconcile=False)
            self.cluster.event(sts, "Normal", "SuccessfulDelete",
                               f"delete Pod {name} in StatefulSet {sts['metadata']['name']} successful",
                               source=SOURCE)

    def _roll(self, sts: Obj, pods: dict[int, Obj], want: int) -> None:
        """RollingUpdate: once all are Running and Ready, replace the highest-ordinal pod of an old revision
        (ordinals below the partition keep theirs); the recreated pod carries the new template."""
        strategy = sts["spec"].get("updateStrategy") or {}
        if strategy.get("type", "RollingUpdate") != "RollingUpdate" or len(pods) < want or \
                any(not self._running_ready(p) or p["metadata"].get("deletionTimestamp") for p in pods.values()):
            return
        partition = int((strategy.get("rollingUpdate") or {}).get("partition", 0) or 0)
        revision = revision_name(sts)
        stale = [i for i in sorted(pods, reverse=True) if i >= partition and not pods[i]["metadata"].get(
                 "deletionTimestamp") and
                 (pods[i]["metadata"].get("labels") or {}).get(REVISION_HASH) != revision]
        if stale:
            name = pods[stale[0]]["metadata"]["name"]
            self.cluster.api.delete("Pod", sts["metadata"]["namespace"], name, reconcile=False)
            self.cluster.event(sts, "Normal", "SuccessfulDelete",
                               f"delete Pod {name} in StatefulSet {sts['metadata']['name']} successful",
                               source=SOURCE)

    def _running_ready(self, pod: Obj) -> bool:
        return (pod.get("status") or {}).get("phase") == "Running" and self.cluster.pod_is_ready(pod)

    def _status(self, sts: Obj) -> None:
        pods = self.cluster.owned(sts, "Pod")                # created pods, terminating ones too
        revision = revision_name(sts)
        ready = sum(1 for p in pods if self._running_ready(p))
        at = lambda rev: sum(1 for p in pods if (p["metadata"].get("labels") or {}).get(REVISION_HASH) == rev)  # noqa
        updated = at(revision)
        current = (sts.get("status") or {}).get("currentRevision") or revision
        if updated == len(pods) == ready == int(sts["spec"].get("replicas", 1)):     # completeRollingUpdate
            current = revision
        status: Obj = {"availableReplicas": ready, "collisionCount": 0, "currentReplicas": at(current),
                       "currentRevision": current, "observedGeneration": sts["metadata"].get("generation", 1),
                       "readyReplicas": ready, "replicas": len(pods), "updateRevision": revision,
                       "updatedReplicas": updated}
        for field_name in ("readyReplicas", "currentReplicas", "updatedReplicas"):
            if not status[field_name]:
                status.pop(field_name)
        if sts.get("status") != status:
            sts["status"] = status
            self.store.touch(sts)


def install(cluster: Any) -> None:
    cluster.add_controller(StatefulSetController(cluster))
    from course_lib.k8s import statefulset_kubectl  # noqa: F401  (describe, rollout status)
