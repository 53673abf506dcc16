"""The Deployment controller's progress check (progress.go): what counts as progress, and the requeue of a stuck rollout.

DeploymentProgressing: a status with more updated, ready or available replicas, or fewer old ones, than the one
before it. Such a sync stamps the Progressing condition anew (ReplicaSetUpdated, lastUpdateTime now), and the
progress deadline counts from that stamp. requeueStuckDeployment: a sync that leaves the status as it was, of a
rollout neither complete nor timed out, asks for another sync when the deadline has passed:
lastUpdateTime + progressDeadlineSeconds + 1 s ("a second to avoid milliseconds skew"), or, when less than a
second is left, at once, rate-limited, which repeats every 5 ms until the deadline is behind it (the first of
those that comes after it is the one modelled). The workqueue keeps one waiting entry a key, at the earliest
time asked (client-go's delaying queue): a later deadline waits behind it and the sync it runs asks again.
A rollout that completes asks for nothing; the entry already waiting runs as a sync that finds nothing to do.
"""
from __future__ import annotations

from typing import Any, Optional

from course_lib.k8s.controllers import Key, key_of
from course_lib.k8s.store import parse_timestamp

Obj = dict[str, Any]
TIMED_OUT = "ProgressDeadlineExceeded"
NO_DEADLINE = 2**31 - 1                 # math.MaxInt32: HasProgressDeadline is false
RATE_LIMITED = 0.005                    # the workqueue's per-item base delay (forgotten after each good sync)


def deadline_seconds(dep: Obj) -> int:
    return int(dep["spec"].get("progressDeadlineSeconds", 600) or 600)


def progressed(before: Obj, status: Obj) -> bool:
    """util.DeploymentProgressing: the new status against the one the Deployment has."""
    def get(s: Obj, name: str) -> int:
        return int(s.get(name, 0) or 0)
    return (get(status, "updatedReplicas") > get(before, "updatedReplicas") or
            get(status, "replicas") - get(status, "updatedReplicas") < get(before, "replicas") -
            get(before, "updatedReplicas") or
            get(status, "readyReplicas") > get(before, "readyReplicas") or
            get(status, "availableReplicas") > get(before, "availableReplicas"))


def progressing(status: Obj) -> Optional[Obj]:
    return next((c for c in status.get("conditions") or [] if c.get("type") == "Progressing"), None)


class ProgressRequeue:
    """One controller's delayed syncs (AddAfter): one waiting entry a key, at the earliest time asked."""

    def __init__(self, cluster: Any, controller: Any) -> None:
        self.cluster = cluster
        self.controller = controller
        self.waiting: dict[Key, float] = {}

    def stuck(self, dep: Obj, complete: bool) -> None:
        """requeueStuckDeployment, after a sync that left the Deployment's status as it was."""
        cond = progressing(dep.get("status") or {})
        if cond is None or complete or cond.get("reason") == TIMED_OUT or deadline_seconds(dep) == NO_DEADLINE:
            return
        now = self.cluster.now()
        deadline = parse_timestamp(cond["lastUpdateTime"]) + deadline_seconds(dep)
        if deadline - now >= 1:
            self.after(key_of(dep), deadline + 1)
        else:                       # the first 5 ms retry after the deadline (DeploymentTimedOut: strictly after)
            self.after(key_of(dep), now + RATE_LIMITED * (max(0, int((deadline - now) / RATE_LIMITED)) + 1))

    def after(self, key: Key, when: float) -> None:
        """A sync of `key` at model time `when`, unless one waits for an earlier time already."""
        from course_lib.net.events import scheduler
        due = self.waiting.get(key)
        if due is not None and due <= when:
            return
        self.waiting[key] = when
        scheduler(self.cluster.network).at(when, self._due, key, when)

    def _due(self, key: Key, when: float) -> None:
        if self.waiting.get(key) != when:       # an earlier time replaced it, and that one has run
            return
        del self.waiting[key]
        self.cluster._queue[(self.controller, key)] = None
        self.cluster.reconcile()
