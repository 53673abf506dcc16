"""The Deployment controller (kube-controller-manager 1.30): ReplicaSets per template, RollingUpdate and Recreate.

Each pod template gets a ReplicaSet named NAME-HASH (pod-template-hash label); revisions number them
(deployment.kubernetes.io/revision). A rollout moves replicas from the old ReplicaSets to the new one:
- RollingUpdate (maxSurge/maxUnavailable, 25%/25% by default; surge rounds up, unavailable down, both 0
  means 1 unavailable): the new ReplicaSet grows while the total stays within replicas + maxSurge, and the
  old ones shrink (unhealthy replicas first, oldest set first) while the available pods stay at least
  replicas - maxUnavailable. Each step waits for the pods the previous one made to be available (Ready
  for minReadySeconds), so a rollout takes the model time its pods take to become ready.
- Recreate: every old ReplicaSet goes to 0, the new one is made once no old pod is left (terminating
  pods included), then scaled to the replicas.
Every scaling is a ScalingReplicaSet event ("Scaled up replica set web-xx to 1", "Scaled down replica set
web-yy to 2 from 3"). Status and conditions as calculateStatus/syncRolloutStatus set them. Orphan
ReplicaSets that match the selector are adopted; a deployment being deleted is left alone.
"""
from __future__ import annotations

import copy
import math
from typing import Any, Iterable, Optional

from course_lib.k8s import deployment_scale as scale
from course_lib.k8s.controllers import CHANGE_CAUSE, REVISION, Controller, Key, key_of, owner_ref, template_hash
from course_lib.k8s.deployment_progress import TIMED_OUT, ProgressRequeue, deadline_seconds, progressed
from course_lib.k8s.store import labels_match, parse_timestamp

Obj = dict[str, Any]
DESIRED = "deployment.kubernetes.io/desired-replicas"
MAX = "deployment.kubernetes.io/max-replicas"
SOURCE = "deployment-controller"


def revision_of(rs: Obj) -> int:
    text = (rs["metadata"].get("annotations") or {}).get(REVISION, "0")
    return int(text) if str(text).isdigit() else 0


def scaled(value: Any, total: int, round_up: bool) -> int:
    """intstr.GetScaledValueFromIntOrPercent."""
    if isinstance(value, str) and value.endswith("%") and value[:-1].isdigit():
        exact = int(value[:-1]) * total / 100
        return math.ceil(exact) if round_up else math.floor(exact)
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def fenceposts(dep: Obj) -> tuple[int, int]:
    """(maxSurge, maxUnavailable) as numbers of pods (deploymentutil.ResolveFenceposts)."""
    strategy = dep["spec"].get("strategy") or {}
    if strategy.get("type", "RollingUpdate") != "RollingUpdate":
        return 0, 0
    rolling = strategy.get("rollingUpdate") or {}
    want = replicas(dep)
    surge = scaled(rolling.get("maxSurge", "25%"), want, True)
    unavailable = scaled(rolling.get("maxUnavailable", "25%"), want, False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, min(unavailable, want)


def replicas(obj: Obj) -> int:
    return int((obj.get("spec") or {}).get("replicas", 1) or 0)


def available(rs: Obj) -> int:
    return int((rs.get("status") or {}).get("availableReplicas", 0) or 0)


def created(rs: Obj) -> tuple[float, str]:
    return parse_timestamp(rs["metadata"]["creationTimestamp"]), rs["metadata"]["name"]


class DeploymentController(Controller):
    kinds = ("Deployment", "ReplicaSet", "Pod")

    def __init__(self, cluster: Any) -> None:
        super().__init__(cluster)
        self.requeue = ProgressRequeue(cluster, self)       # progress checks (k8s/deployment_progress.py)

    def keys(self, event: str, obj: Obj) -> Iterable[Key]:
        if obj["kind"] == "Deployment":
            return [key_of(obj)]
        if obj["kind"] == "Pod":                 # Recreate waits for the old pods to be gone
            if event != "DELETED":
                return []
            rs_key = self.cluster.owner_of(obj, "ReplicaSet")
            rs = self.store.get(*rs_key) if rs_key else None
            owner = self.cluster.owner_of(rs, "Deployment") if rs else None
            return [owner] if owner else []
        owner = self.cluster.owner_of(obj, "Deployment")
        return [owner] if owner else []

    # -- the sync --------------------------------------------------------------------------------------
    def sync(self, key: Key) -> None:
        dep = self.store.get(*key)
        if dep is None or dep["metadata"].get("deletionTimestamp"):
            return
        self._adopt(dep)
        owned = self.cluster.owned(dep, "ReplicaSet")
        phash = template_hash(dep["spec"]["template"])
        name = f"{dep['metadata']['name']}-{phash}"
        new = next((rs for rs in owned if rs["metadata"]["name"] == name), None)
        olds = [rs for rs in owned if rs is not new]
        if dep["spec"].get("paused") or scale.is_scaling_event(dep, new, olds):
            self._sync_scale(dep, new, olds)          # the controller's sync(): scaling only
            return
        recreate = (dep["spec"].get("strategy") or {}).get("type") == "Recreate"
        new = self._sync_revision(dep, new, olds, name, phash, create=not recreate)
        if recreate:
            self._recreate(dep, new, olds, name, phash)
        else:
            self._rolling(dep, new, olds)
        owned = self.cluster.owned(dep, "ReplicaSet")
        new = next((rs for rs in owned if rs["metadata"]["name"] == name), None)
        self._cleanup(dep, new, owned)
        self._status(dep, new, self.cluster.owned(dep, "ReplicaSet"), rollout=True)

    def _sync_scale(self, dep: Obj, new: Optional[Obj], olds: list[Obj]) -> None:
        """sync(): proportional scaling (k8s/deployment_scale.py); a paused rollout makes no ReplicaSet."""
        if new is not None:
            self._sync_revision(dep, new, olds, new["metadata"]["name"], "", create=False)
        rolling = (dep["spec"].get("strategy") or {}).get("type", "RollingUpdate") == "RollingUpdate"
        for rs, size in scale.plan(dep, new, olds, fenceposts(dep)[0], rolling, available(new) if new else 0):
            self._scale(dep, rs, size)
        owned = self.cluster.owned(dep, "ReplicaSet")
        if dep["spec"].get("paused"):
            self._cleanup(dep, new, owned)
        shown = new if new is not None or not dep["spec"].get("paused") else max(owned, key=revision_of,
                                                                                  default=None)
        self._status(dep, shown, owned)

    def _adopt(self, dep: Obj) -> None:
        selector = (dep["spec"].get("selector") or {}).get("matchLabels") or {}
        for rs in self.store.list("ReplicaSet", dep["metadata"]["namespace"], selector or None):
            if not any(r.get("controller") for r in rs["metadata"].get("ownerReferences") or []) and \
                    labels_match(rs["metadata"].get("labels") or {}, selector) and \
                    not rs["metadata"].get("deletionTimestamp"):
                rs["metadata"].setdefault("ownerReferences", []).append(owner_ref(dep))
                self.store.update(rs, spec_changed=False)

    def _sync_revision(self, dep: Obj, new: Optional[Obj], olds: list[Obj], name: str, phash: str,
                       create: bool) -> Optional[Obj]:
        """The new ReplicaSet's revision (max of the old ones + 1), the Deployment's annotation; make it."""
        top = max((revision_of(rs) for rs in olds), default=0)
        revision = revision_of(new) if new is not None and revision_of(new) > top else top + 1
        annotations = dep["metadata"].setdefault("annotations", {})
        if new is not None and revision_of(new) != revision:
            new["metadata"].setdefault("annotations", {})[REVISION] = str(revision)
            self.store.update(new, spec_changed=False)
        if new is None and create:
            new = self._create(dep, name, phash, revision, olds)
        if annotations.get(REVISION) != str(revision) and new is not None:
            annotations[REVISION] = str(revision)
            self.store.touch(dep)
        return new

    def _create(self, dep: Obj, name: str, phash: str, revision: int, olds: list[Obj]) -> Optional[Obj]:
        template = copy.deepcopy(dep["spec"]["template"])
        labels = dict((template.get("metadata") or {}).get("labels") or {})
        labels["pod-template-hash"] = phash
        template.setdefault("metadata", {})["labels"] = labels
        selector = copy.deepcopy(dep["spec"]["selector"])
        selector.setdefault("matchLabels", {})["pod-template-hash"] = phash
        surge, _ = fenceposts(dep)
        count = self._new_count(dep, None, olds)
        annotations = {DESIRED: str(replicas(dep)), MAX: str(replicas(dep) + surge), REVISION: str(revision)}
        cause = (dep["metadata"].get("annotations") or {}).get(CHANGE_CAUSE)
        if cause is not None:
            annotations[CHANGE_CAUSE] = cause
        rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
              "metadata": {"name": name, "namespace": dep["metadata"]["namespace"], "labels": labels,
                           "annotations": annotations, "ownerReferences": [owner_ref(dep)]},
              "spec": {"replicas": count, "selector": selector, "template": template}}
        if dep["spec"].get("minReadySeconds"):
            rs["spec"]["minReadySeconds"] = dep["spec"]["minReadySeconds"]
        stored = self.cluster.api.create(rs, reconcile=False)
        if count > 0:
            self.cluster.event(dep, "Normal", "ScalingReplicaSet", f"Scaled up replica set {name} to {count}",
                               source=SOURCE)
        return stored

    def _new_count(self, dep: Obj, new: Optional[Obj], olds: list[Obj]) -> int:
        """deploymentutil.NewRSNewReplicas."""
        current = replicas(new) if new is not None else 0
        if (dep["spec"].get("strategy") or {}).get("type") == "Recreate":
            return replicas(dep)
        surge, _ = fenceposts(dep)
        total = sum(replicas(rs) for rs in olds) + current
        if total >= replicas(dep) + surge:
            return current
        return current + max(0, min(replicas(dep) + surge - total, replicas(dep) - current))

    def _scale(self, dep: Obj, rs: Obj, count: int) -> None:
        surge, _ = fenceposts(dep)
        meta = rs["metadata"].setdefault("annotations", {})
        before = replicas(rs)
        changed = before != count
        notes = {DESIRED: str(replicas(dep)), MAX: str(replicas(dep) + surge)}
        if not changed and all(meta.get(k) == v for k, v in notes.items()):
            return
        meta.update(notes)
        rs["spec"]["replicas"] = count
        self.store.update(rs, spec_changed=changed)
        if changed:
            self.cluster.event(dep, "Normal", "ScalingReplicaSet", f"Scaled {'up' if count > before else 'down'} "
                               f"replica set {rs['metadata']['name']} to {count} from {before}", source=SOURCE)

    # -- strategies -------------------------------------------------------------------------------------
    def _rolling(self, dep: Obj, new: Optional[Obj], olds: list[Obj]) -> None:
        want = replicas(dep)
        if new is not None and replicas(new) != want:          # reconcileNewReplicaSet
            count = want if replicas(new) > want else self._new_count(dep, new, olds)
            if count != replicas(new):
                self._scale(dep, new, count)
                return
        olds = sorted((rs for rs in olds if replicas(rs) > 0), key=created)
        if not olds:
            return
        _, max_unavailable = fenceposts(dep)
        min_available = want - max_unavailable
        everything = olds + ([new] if new is not None else [])
        new_unavailable = (replicas(new) - available(new)) if new is not None else 0
        room = sum(replicas(rs) for rs in everything) - min_available - new_unavailable
        if room <= 0:
            return
        for rs in olds:                                         # cleanupUnhealthyReplicas
            if room <= 0:
                break
            unhealthy = replicas(rs) - available(rs)
            if unhealthy < 0:       # a status not yet caught up with a scale-down: the controller's error, retried
                return
            if unhealthy == 0:
                continue
            down = min(room, unhealthy)
            self._scale(dep, rs, replicas(rs) - down)
            room -= down
        avail = sum(available(rs) for rs in everything)         # scaleDownOldReplicaSetsForRollingUpdate
        budget = avail - min_available
        for rs in olds:
            if budget <= 0:
                break
            if replicas(rs) == 0:
                continue
            down = min(replicas(rs), budget)
            self._scale(dep, rs, replicas(rs) - down)
            budget -= down

    def _recreate(self, dep: Obj, new: Optional[Obj], olds: list[Obj], name: str, phash: str) -> None:
        active = [rs for rs in olds if replicas(rs) > 0]
        for rs in active:
            self._scale(dep, rs, 0)
        if active:
            return
        for rs in olds:                                          # oldPodsRunning
            if any((p.get("status") or {}).get("phase") not in ("Failed", "Succeeded")
                   for p in self.cluster.owned(rs, "Pod")):
                return
        if new is None:
            revision = max((revision_of(rs) for rs in olds), default=0) + 1
            self._create(dep, name, phash, revision, olds)
            annotations = dep["metadata"].setdefault("annotations", {})
            if annotations.get(REVISION) != str(revision):
                annotations[REVISION] = str(revision)
                self.store.touch(dep)
        elif replicas(new) != replicas(dep):
            self._scale(dep, new, replicas(dep))

    def _cleanup(self, dep: Obj, new: Optional[Obj], owned: list[Obj]) -> None:
        """revisionHistoryLimit: the oldest empty ReplicaSets beyond it are deleted once the rollout is done."""
        limit = int(dep["spec"].get("revisionHistoryLimit", 10))
        empty = sorted((rs for rs in owned if rs is not new and replicas(rs) == 0 and
                        not (rs.get("status") or {}).get("replicas") and
                        not rs["metadata"].get("deletionTimestamp")), key=revision_of)
        for rs in empty[:max(0, len(empty) - limit)]:
            self.cluster.api.delete("ReplicaSet", rs["metadata"]["namespace"], rs["metadata"]["name"],
                                    reconcile=False)

    # -- status ----------------------------------------------------------------------------------------
    def _status(self, dep: Obj, new: Optional[Obj], owned: list[Obj], rollout: bool = False) -> None:
        """calculateStatus and, for a rollout's sync (syncRolloutStatus), the progress check when nothing changed."""
        want = replicas(dep)
        st = [rs.get("status") or {} for rs in owned]
        avail = sum(int(s.get("availableReplicas", 0) or 0) for s in st)
        status: Obj = {"observedGeneration": dep["metadata"].get("generation", 1),
                       "replicas": sum(int(s.get("replicas", 0) or 0) for s in st),
                       "updatedReplicas": int(((new or {}).get("status") or {}).get("replicas", 0) or 0),
                       "readyReplicas": sum(int(s.get("readyReplicas", 0) or 0) for s in st),
                       "availableReplicas": avail,
                       "unavailableReplicas": max(0, sum(replicas(rs) for rs in owned) - avail)}
        for field_name in ("replicas", "updatedReplicas", "readyReplicas", "availableReplicas",
                           "unavailableReplicas"):
            if not status[field_name]:
                status.pop(field_name)                       # omitempty
        status["conditions"] = self._conditions(dep, status, new, want)
        if dep.get("status") != status:
            dep["status"] = status
            self.store.touch(dep)
        elif rollout:
            self.requeue.stuck(dep, self._complete(status, want))

    @staticmethod
    def _complete(status: Obj, want: int) -> bool:
        """util.DeploymentComplete."""
        return (status.get("updatedReplicas", 0) == want and status.get("replicas", 0) == want and
                status.get("availableReplicas", 0) == want)

    def _conditions(self, dep: Obj, status: Obj, new: Optional[Obj], want: int) -> list[Obj]:
        now = self.cluster.timestamp()
        old = {c["type"]: c for c in (dep.get("status") or {}).get("conditions") or []}
        _, max_unavailable = fenceposts(dep)
        has_min = status.get("availableReplicas", 0) >= want - max_unavailable
        rs_name = new["metadata"]["name"] if new is not None else ""
        complete = self._complete(status, want)
        progressing: Obj = {"type": "Progressing", "status": "True"}
        moved = progressed(dep.get("status") or {}, status)
        prev = old.get("Progressing")
        deadline = deadline_seconds(dep)
        if dep["spec"].get("paused") and not (prev and prev.get("reason") == TIMED_OUT):     # checkPausedConditions
            progressing.update(status="Unknown", reason="DeploymentPaused", message="Deployment is paused")
        elif prev and prev.get("reason") == "NewReplicaSetAvailable" and \
                status.get("replicas", 0) == status.get("updatedReplicas", 0):
            progressing = dict(prev)        # isCompleteDeployment: a finished rollout's progress is not estimated
        elif complete:
            progressing.update(reason="NewReplicaSetAvailable", message=f'ReplicaSet "{rs_name}" has successfully '
                               "progressed.")
        elif prev and not moved and prev.get("reason") in ("DeploymentPaused", "DeploymentResumed"):
            progressing.update(status="Unknown", reason="DeploymentResumed", message="Deployment is resumed")
        elif prev and not moved and (prev.get("reason") == TIMED_OUT or prev.get("reason") == "ReplicaSetUpdated" and
                                     parse_timestamp(prev["lastUpdateTime"]) + deadline < self.cluster.now()):
            progressing.update(status="False", reason=TIMED_OUT,
                               message=f'ReplicaSet "{rs_name}" has timed out progressing.')
        else:
            progressing.update(reason="ReplicaSetUpdated", message=f'ReplicaSet "{rs_name}" is progressing.')
            if moved:
                progressing["lastUpdateTime"] = now             # progress: the condition stamped anew
            elif prev and prev.get("reason") == "ReplicaSetUpdated":
                progressing["lastUpdateTime"] = prev["lastUpdateTime"]      # no progress since
        conds = [{"type": "Available", "status": "True" if has_min else "False",
                  "reason": "MinimumReplicasAvailable" if has_min else "MinimumReplicasUnavailable",
                  "message": "Deployment has minimum availability." if has_min
                  else "Deployment does not have minimum availability."}, progressing]
        for c in conds:
            prev = old.get(c["type"])
            same = prev and prev["status"] == c["status"]
            c["lastTransitionTime"] = prev["lastTransitionTime"] if same else now
            unchanged = prev and prev.get("reason") == c.get("reason") and prev.get("message") == c.get("message")
            c.setdefault("lastUpdateTime", prev["lastUpdateTime"] if same and unchanged else now)
        return [{k: c[k] for k in ("lastTransitionTime", "lastUpdateTime", "message", "reason", "status", "type")}
                for c in conds]
