"""kube-controller-manager and kube-scheduler as small controllers run by the cluster's reconcile loop.

A controller has `kinds` (the kinds whose changes wake it), `keys(event, obj)` (the keys to sync for
a change) and `sync(key)`. The loop (Cluster.reconcile) dedups keys, so work follows changes:
creating 3,000 pods costs 3,000 syncs, never a scan of everything per change.
Add one: `cluster.add_controller(MyController(cluster))`.
"""
from __future__ import annotations

import copy
import ipaddress
import json
from typing import Any, Iterable, Optional

from course_lib.k8s.store import ApiError

Obj = dict[str, Any]
Key = tuple[str, str, str]
ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"     # k8s.io/apimachinery/pkg/util/rand


def safe_encode(text: str) -> str:
    return "".join(ALPHANUMS[b % len(ALPHANUMS)] for b in text.encode())


def template_hash(template: Obj) -> str:
    """pod-template-hash: FNV-32a of the template, SafeEncodeString of its decimal value."""
    h = 0x811C9DC5
    for b in json.dumps(template, sort_keys=True, separators=(",", ":")).encode():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return safe_encode(str(h))


def key_of(obj: Obj) -> Key:
    return (obj["kind"], obj["metadata"].get("namespace", ""), obj["metadata"]["name"])


def owner_ref(owner: Obj) -> Obj:
    return {"apiVersion": owner["apiVersion"], "blockOwnerDeletion": True, "controller": True,
            "kind": owner["kind"], "name": owner["metadata"]["name"], "uid": owner["metadata"]["uid"]}


def controller_uid(obj: Obj) -> Optional[str]:
    for ref in obj["metadata"].get("ownerReferences") or []:
        if ref.get("controller"):
            return ref.get("uid")
    return None


class Controller:
    kinds: tuple[str, ...] = ()

    def __init__(self, cluster: Any) -> None:
        self.cluster = cluster
        self.store = cluster.store

    def keys(self, event: str, obj: Obj) -> Iterable[Key]:
        return [key_of(obj)]

    def sync(self, key: Key) -> None:
        raise NotImplementedError


def generated_name(cluster: Any, namespace: str, prefix: str) -> str:
    """A pod name from generateName: the prefix and 5 random characters, drawn again while a pod has it (a
    generated name that exists gets AlreadyExists and the controller creates the pod again on its next
    sync: kubectl never sees it; 3,000 pods of one ReplicaSet drew a name twice in about one scale-up of four)."""
    while True:
        name = prefix + cluster.suffix(5)
        if cluster.store.get("Pod", namespace, name) is None:
            return name


def pod_from_template(owner: Obj, name: str, extra_labels: Optional[dict[str, str]] = None) -> Obj:
    template = copy.deepcopy(owner["spec"]["template"])
    meta = template.get("metadata") or {}
    labels = dict(meta.get("labels") or {})
    labels.update(extra_labels or {})
    pod_meta: Obj = {"name": name, "namespace": owner["metadata"]["namespace"], "labels": labels,
                     "ownerReferences": [owner_ref(owner)], "generateName": name.rsplit("-", 1)[0] + "-"}
    if meta.get("annotations"):
        pod_meta["annotations"] = dict(meta["annotations"])
    return {"apiVersion": "v1", "kind": "Pod", "metadata": pod_meta, "spec": template.get("spec") or {}}


class ReplicaSetController(Controller):
    kinds = ("ReplicaSet", "Pod")

    def keys(self, event: str, obj: Obj) -> Iterable[Key]:
        if obj["kind"] == "ReplicaSet":
            return [key_of(obj)]
        owner = self.cluster.owner_of(obj, "ReplicaSet")
        if owner is None and event == "ADDED" and controller_uid(obj) is None:     # an orphan: who selects it?
            labels = obj["metadata"].get("labels") or {}
            found = [key_of(rs) for rs in self.store.list("ReplicaSet", obj["metadata"]["namespace"])
                     if (rs["spec"].get("selector") or {}).get("matchLabels") and
                     all(labels.get(k) == v for k, v in rs["spec"]["selector"]["matchLabels"].items())]
            self.__dict__.setdefault("adopting", set()).update(found)
            return found
        return [owner] if owner else []

    def sync(self, key: Key) -> None:
        rs = self.store.get(*key)
        if rs is None:
            return
        adopting = self.__dict__.get("adopting", set())
        if rs.get("status") is None or key in adopting:
            adopting.discard(key)
            self._adopt(rs)
        pods = [p for p in self.cluster.owned(rs, "Pod") if not p["metadata"].get("deletionTimestamp")]
        want = int(rs["spec"].get("replicas", 1)) if not rs["metadata"].get("deletionTimestamp") else len(pods)
        name = rs["metadata"]["name"]
        extra = {}
        if "pod-template-hash" in (rs["metadata"].get("labels") or {}):
            extra["pod-template-hash"] = rs["metadata"]["labels"]["pod-template-hash"]
        for _ in range(want - len(pods)):
            pod = pod_from_template(rs, generated_name(self.cluster, rs["metadata"]["namespace"], f"{name}-"), extra)
            self.cluster.api.create(pod, reconcile=False)
            self.cluster.event(rs, "Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}",
                               source="replicaset-controller")
        newest = sorted(pods, key=lambda p: p["metadata"]["creationTimestamp"], reverse=True)
        for pod in newest[:max(0, len(pods) - want)]:
            self.cluster.api.delete("Pod", pod["metadata"]["namespace"], pod["metadata"]["name"], reconcile=False)
            self.cluster.event(rs, "Normal", "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}",
                               source="replicaset-controller")
        pods = [p for p in self.cluster.owned(rs, "Pod") if not p["metadata"].get("deletionTimestamp")]
        ready = [p for p in pods if self.cluster.pod_is_ready(p)]
        status = {"replicas": len(pods), "fullyLabeledReplicas": len(pods), "readyReplicas": len(ready),
                  "availableReplicas": self._available(rs, key, ready),
                  "observedGeneration": rs["metadata"].get("generation", 1)}
        status = {k: v for k, v in status.items() if v or k == "replicas"}        # omitempty
        if rs.get("status") != status:
            rs["status"] = status
            self.store.touch(rs)


    def _adopt(self, rs: Obj) -> None:
        """A new ReplicaSet adopts the running pods its selector matches that have no controller (orphans)."""
        selector = (rs["spec"].get("selector") or {}).get("matchLabels") or {}
        for pod in self.store.list("Pod", rs["metadata"]["namespace"], selector or None) if selector else []:
            meta = pod["metadata"]
            if not meta.get("deletionTimestamp") and controller_uid(pod) is None and \
                    (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed"):
                meta.setdefault("ownerReferences", []).append(owner_ref(rs))
                self.store.update(pod, spec_changed=False)

    def _available(self, rs: Obj, key: Key, ready: list[Obj]) -> int:
        """Pods Ready for at least minReadySeconds; a sync is scheduled for when the next one gets there."""
        from course_lib.k8s.store import parse_timestamp
        min_ready = int(rs["spec"].get("minReadySeconds", 0) or 0)
        if not min_ready:
            return len(ready)
        now, count, later = self.cluster.now(), 0, []
        for pod in ready:
            cond = next(c for c in pod["status"]["conditions"] if c.get("type") == "Ready")
            since = parse_timestamp(cond.get("lastTransitionTime") or self.cluster.timestamp())
            if since + min_ready <= now:
                count += 1
            else:
                later.append(since + min_ready)
        if later:
            from course_lib.net.events import scheduler
            scheduler(self.cluster.network).at(min(later), self._resync, key)
        return count

    def _resync(self, key: Key) -> None:
        self.cluster._queue[(self, key)] = None
        self.cluster.reconcile()


REVISION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE = "kubernetes.io/change-cause"


class DaemonSetController(Controller):
    kinds = ("DaemonSet", "Pod", "Node")

    def keys(self, event: str, obj: Obj) -> Iterable[Key]:
        if obj["kind"] == "DaemonSet":
            return [key_of(obj)]
        if obj["kind"] == "Node":
            return [key_of(ds) for ds in self.store.list("DaemonSet")] if event != "MODIFIED" else \
                [key_of(ds) for ds in self.store.list("DaemonSet") if self.cluster.ds_waits_for_nodes(ds)]
        owner = self.cluster.owner_of(obj, "DaemonSet")
        return [owner] if owner else []

    def sync(self, key: Key) -> None:
        ds = self.store.get(*key)
        if ds is None:
            return
        revision = template_hash(ds["spec"]["template"])[:10]
        pods = self.cluster.owned(ds, "Pod")
        by_node = {target_node(p): p for p in pods}
        template_spec = ds["spec"]["template"].get("spec") or {}
        eligible = [n for n in self.store.list("Node") if self.cluster.scheduler.fits(template_spec, n, daemon=True)]
        for node in eligible if not ds["metadata"].get("deletionTimestamp") else []:
            name = node["metadata"]["name"]
            if name not in by_node:             # (a terminating pod is waited for: it keeps its node)
                pod = pod_from_template(ds, generated_name(self.cluster, ds["metadata"]["namespace"],
                                                           f"{ds['metadata']['name']}-"),
                                        {"controller-revision-hash": revision,
                                         "pod-template-generation": str(ds["metadata"].get("generation", 1))})
                pod["spec"]["affinity"] = {**(pod["spec"].get("affinity") or {}), "nodeAffinity": {   # the scheduler
                    "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchFields": [
                        {"key": "metadata.name", "operator": "In", "values": [name]}]}]}}}           # binds it there
                pod["spec"].setdefault("tolerations", []).extend(DAEMON_TOLERATIONS)
                if pod["spec"].get("hostNetwork"):        # AddOrUpdateDaemonPodTolerations
                    pod["spec"]["tolerations"].append({"effect": "NoSchedule", "operator": "Exists",
                                                       "key": "node.kubernetes.io/network-unavailable"})
                self.cluster.api.create(pod, reconcile=False)
                self.cluster.event(ds, "Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}",
                                   source="daemonset-controller")
        pods = self.cluster.owned(ds, "Pod")
        active = [p for p in pods if not p["metadata"].get("deletionTimestamp")]
        self._roll(ds, active, len(eligible), revision)
        ready = sum(1 for p in active if self.cluster.pod_is_ready(p))
        status = {"currentNumberScheduled": len(pods), "desiredNumberScheduled": len(eligible),
                  "numberAvailable": ready, "numberMisscheduled": 0, "numberReady": ready,
                  "numberUnavailable": max(0, len(eligible) - ready),
                  "observedGeneration": ds["metadata"].get("generation", 1),
                  "updatedNumberScheduled": sum(1 for p in active if (p["metadata"].get("labels") or {})
                                                .get("controller-revision-hash") == revision)}
        status = {k: v for k, v in status.items() if v or k in ("currentNumberScheduled", "desiredNumberScheduled",
                                                                 "numberMisscheduled", "numberReady")}
        if ds.get("status") != status:
            ds["status"] = status
            self.store.touch(ds)

    def _roll(self, ds: Obj, active: list[Obj], desired: int, revision: str) -> None:
        """RollingUpdate: old pods that are not ready go at once; ready ones while fewer than maxUnavailable
        nodes are without an available pod. Each node gets its new pod once the old one is gone."""
        from course_lib.k8s.deployment import scaled
        strategy = ds["spec"].get("updateStrategy") or {}
        if strategy.get("type", "RollingUpdate") != "RollingUpdate" or ds["metadata"].get("deletionTimestamp"):
            return
        limit = max(1, scaled((strategy.get("rollingUpdate") or {}).get("maxUnavailable", 1), desired, True))
        old = [p for p in active if (p["metadata"].get("labels") or {}).get("controller-revision-hash") != revision]
        unavailable = desired - sum(1 for p in active if self.cluster.pod_is_ready(p))
        for pod in sorted(old, key=lambda p: (self.cluster.pod_is_ready(p), p["spec"].get("nodeName", ""))):
            if self.cluster.pod_is_ready(pod):
                if unavailable >= limit:
                    break
                unavailable += 1
            self.cluster.api.delete("Pod", pod["metadata"]["namespace"], pod["metadata"]["name"], reconcile=False)
            self.cluster.event(ds, "Normal", "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}",
                               source="daemonset-controller")


DAEMON_TOLERATIONS = [
    {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists"},
    {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists"},
    {"effect": "NoSchedule", "key": "node.kubernetes.io/disk-pressure", "operator": "Exists"},
    {"effect": "NoSchedule", "key": "node.kubernetes.io/memory-pressure", "operator": "Exists"},
    {"effect": "NoSchedule", "key": "node.kubernetes.io/pid-pressure", "operator": "Exists"},
    {"effect": "NoSchedule", "key": "node.kubernetes.io/unschedulable", "operator": "Exists"},
]


class NodeIpamController(Controller):
    """--allocate-node-cidrs: each node gets the next /24 of --cluster-cidr as spec.podCIDR."""

    kinds = ("Node",)

    def __init__(self, cluster: Any) -> None:
        super().__init__(cluster)
        self.subnets = ipaddress.IPv4Network(cluster.pod_cidr).subnets(new_prefix=24)
        self.used: set[str] = set()

    def sync(self, key: Key) -> None:
        node = self.store.get(*key)
        if node is None or node.get("spec", {}).get("podCIDR"):
            return
        for subnet in self.subnets:
            if str(subnet) not in self.used:
                self.used.add(str(subnet))
                node.setdefault("spec", {})["podCIDR"] = str(subnet)
                node["spec"]["podCIDRs"] = [str(subnet)]
                self.store.update(node)
                from course_lib.k8s.component_logs import pod_cidr_set
                pod_cidr_set(self.cluster, key[1], str(subnet))
                return


def target_node(pod: Obj) -> Any:
    """The node a pod is bound to, or the one its required node affinity names by metadata.name (a DaemonSet
    pod before the scheduler binds it)."""
    spec = pod.get("spec") or {}
    if spec.get("nodeName"):
        return spec["nodeName"]
    required = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
                .get("requiredDuringSchedulingIgnoredDuringExecution") or {})
    for term in required.get("nodeSelectorTerms") or []:
        for field in term.get("matchFields") or []:
            if field.get("key") == "metadata.name" and field.get("operator") == "In" and field.get("values"):
                return field["values"][0]
    return None


def affinity_allows(spec: Obj, node: Obj) -> bool:
    """requiredDuringSchedulingIgnoredDuringExecution: any term whose expressions (labels) and fields all match."""
    required = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
                .get("requiredDuringSchedulingIgnoredDuringExecution") or {})
    terms = required.get("nodeSelectorTerms")
    if not terms:
        return True
    labels = node["metadata"].get("labels") or {}

    def ok(req: Obj, value: Any) -> bool:
        op, values = req.get("operator"), req.get("values") or []
        return {"In": value in values, "NotIn": value not in values, "Exists": value is not None,
                "DoesNotExist": value is None}.get(op, False)
    return any(all(ok(r, labels.get(r.get("key"))) for r in t.get("matchExpressions") or []) and
               all(ok(r, node["metadata"]["name"] if r.get("key") == "metadata.name" else None)
                   for r in t.get("matchFields") or []) for t in terms)


def tolerates(tolerations: list[Obj], taint: Obj) -> bool:
    for t in tolerations or []:
        if t.get("effect") and t.get("effect") != taint.get("effect"):
            continue
        if t.get("operator") == "Exists" and (not t.get("key") or t.get("key") == taint.get("key")):
            return True
        if t.get("key") == taint.get("key") and t.get("value", "") == taint.get("value", ""):
            return True
    return False


class Scheduler(Controller):
    """kube-scheduler: taints/tolerations, nodeSelector, nodeName; the least-loaded fitting node wins."""

    kinds = ("Pod", "Node")

    def __init__(self, cluster: Any) -> None:
        super().__init__(cluster)
        self.load: dict[str, int] = {}
        self.pending: set[Key] = set()
        self.counted: set[str] = set()

    def keys(self, event: str, obj: Obj) -> Iterable[Key]:
        if obj["kind"] == "Node":
            return sorted(self.pending)
        key = key_of(obj)
        if event == "DELETED":
            self.pending.discard(key)
            node = obj["spec"].get("nodeName")
            if node and obj["metadata"].get("uid") in self.counted:
                self.counted.discard(obj["metadata"]["uid"])
                self.load[node] = self.load.get(node, 1) - 1
            return []
        return [key] if not obj["spec"].get("nodeName") else []

    def fits(self, spec: Obj, node: Obj, daemon: bool = False) -> bool:
        labels = node["metadata"].get("labels") or {}
        if any(labels.get(k) != v for k, v in (spec.get("nodeSelector") or {}).items()):
            return False
        if not affinity_allows(spec, node):
            return False
        tolerations = list(spec.get("tolerations") or []) + (DAEMON_TOLERATIONS if daemon else [])
        for taint in (node.get("spec") or {}).get("taints") or []:
            if taint.get("effect") in ("NoSchedule", "NoExecute") and not tolerates(tolerations, taint):
                return False
        return True

    def sync(self, key: Key) -> None:
        pod = self.store.get(*key)
        if pod is None or pod["spec"].get("nodeName"):
            self.pending.discard(key)
            return
        nodes = self.store.list("Node")
        spec = pod["spec"]
        if spec.get("nodeSelector") or spec.get("affinity"):
            fitting = [n for n in nodes if self.fits(spec, n)]
        else:                               # only a taint can keep such a pod from a node
            fitting = [n for n in nodes if not (n.get("spec") or {}).get("taints") or self.fits(spec, n)]
        if not fitting:
            self.pending.add(key)
            self.cluster.event(pod, "Warning", "FailedScheduling", self.failure_message(pod, nodes),
                               source="default-scheduler")
            if not any(c.get("reason") == "Unschedulable" for c in pod["status"].get("conditions") or []):
                pod["status"]["conditions"] = [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                                                "message": self.failure_message(pod, nodes),
                                                "lastProbeTime": None,
                                                "lastTransitionTime": self.cluster.timestamp()}]
                self.store.touch(pod)
            return
        self.pending.discard(key)
        load = self.load
        loads = [load.get(n["metadata"]["name"], 0) for n in fitting]
        best = fitting[loads.index(min(loads))]     # the first least-loaded one
        name = best["metadata"]["name"]
        self.load[name] = self.load.get(name, 0) + 1
        self.counted.add(pod["metadata"]["uid"])
        pod["spec"]["nodeName"] = name
        pod["status"]["conditions"] = [{"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                                        "lastTransitionTime": self.cluster.timestamp()}]
        self.cluster.event(pod, "Normal", "Scheduled",
                           f"Successfully assigned {pod['metadata']['namespace']}/{pod['metadata']['name']} to {name}",
                           source="default-scheduler")
        self.store.touch(pod)

    def failure_message(self, pod: Obj, nodes: list[Obj]) -> str:
        reasons: dict[str, int] = {}
        for node in nodes:
            for taint in (node.get("spec") or {}).get("taints") or []:
                if taint.get("effect") in ("NoSchedule", "NoExecute") and \
                        not tolerates(pod["spec"].get("tolerations") or [], taint):
                    text = f"node(s) had untolerated taint {{{taint['key']}: {taint.get('value', '')}}}"
                    reasons[text] = reasons.get(text, 0) + 1
                    break
            else:
                reasons["node(s) didn't match Pod's node affinity/selector"] = \
                    reasons.get("node(s) didn't match Pod's node affinity/selector", 0) + 1
        parts = ", ".join(sorted(f"{n} {r}" for r, n in reasons.items()))
        total = len(nodes)
        return (f"0/{total} nodes are available: {parts}. preemption: 0/{total} nodes are available: "
                f"{total} Preemption is not helpful for scheduling.")


def ensure(cond: bool, message: str) -> None:
    if not cond:
        raise ApiError("Invalid", message)
