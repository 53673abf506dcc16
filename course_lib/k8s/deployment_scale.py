"""Proportional scaling of a Deployment's ReplicaSets (the deployment controller's sync/scale, 1.30).

A scaling event is a change of spec.replicas while an active ReplicaSet's desired-replicas annotation
still holds the old count (isScalingEvent). Then, and while the Deployment is paused, the controller
only scales (sync): the one active ReplicaSet (or the newest one) gets all the replicas; a saturated new
ReplicaSet takes them from the old ones; during a RollingUpdate the replicas to add or remove,
(replicas + maxSurge) - the current total, are spread over the active ReplicaSets in proportion to
their size against the max-replicas annotation they were last scaled for (getReplicaSetFraction,
rounded half away from zero), from the largest set down (newer first when adding, older first when
removing), and what rounding leaves over goes to the largest set.
"""
from __future__ import annotations

import math
from typing import Any, Optional

from course_lib.k8s.store import parse_timestamp

Obj = dict[str, Any]
DESIRED = "deployment.kubernetes.io/desired-replicas"
MAX = "deployment.kubernetes.io/max-replicas"


def _replicas(obj: Obj) -> int:
    return int((obj.get("spec") or {}).get("replicas", 1) or 0)


def _annotation(rs: Obj, name: str) -> Optional[int]:
    text = str((rs["metadata"].get("annotations") or {}).get(name, ""))
    return int(text) if text.isdigit() else None


def _created(rs: Obj) -> tuple[float, str]:
    return parse_timestamp(rs["metadata"]["creationTimestamp"]), rs["metadata"]["name"]


def active(sets: list[Optional[Obj]]) -> list[Obj]:
    """controller.FilterActiveReplicaSets."""
    return [rs for rs in sets if rs is not None and _replicas(rs) > 0]


def is_scaling_event(dep: Obj, new: Optional[Obj], olds: list[Obj]) -> bool:
    want = _replicas(dep)
    return any(_annotation(rs, DESIRED) not in (None, want) for rs in active(olds + [new]))


def go_round(value: float) -> int:
    """math.Round: halves away from zero."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def fraction(rs: Obj, dep: Obj, surge: int) -> int:
    """getReplicaSetFraction."""
    want = _replicas(dep)
    if want == 0:
        return -_replicas(rs)
    before = _annotation(rs, MAX) or int((dep.get("status") or {}).get("replicas", 0) or 0)
    if not before:
        return 0
    return go_round(_replicas(rs) * (want + surge) / before) - _replicas(rs)


def proportion(rs: Obj, dep: Obj, surge: int, to_add: int, added: int) -> int:
    """GetProportion: the set's fraction, bounded by what is left to add or remove."""
    if _replicas(rs) == 0 or to_add == 0 or to_add == added:
        return 0
    share, allowed = fraction(rs, dep, surge), to_add - added
    return min(share, allowed) if to_add > 0 else max(share, allowed)


def plan(dep: Obj, new: Optional[Obj], olds: list[Obj], surge: int, rolling: bool,
         available: int) -> list[tuple[Obj, int]]:
    """The sizes the controller's scale() gives the ReplicaSets, in the order it updates them;
    `available` is the new set's available replicas."""
    want = _replicas(dep)
    sets = active(olds + [new])
    if len(sets) <= 1:                                                  # FindActiveOrLatest
        latest = sets[0] if sets else new if new is not None else \
            (max(olds, key=_created) if olds else None)
        return [(latest, want)] if latest is not None and _replicas(latest) != want else []
    if new is not None and _replicas(new) == want and _annotation(new, DESIRED) == want and available == want:
        return [(rs, 0) for rs in active(olds)]                        # IsSaturated
    if not rolling:
        return []
    total = sum(_replicas(rs) for rs in sets)
    to_add = (want + surge if want > 0 else 0) - total
    if to_add > 0:                                                      # ReplicaSetsBySizeNewer
        sets = _newer_first(sorted(sets, key=lambda rs: -_replicas(rs)))
    elif to_add < 0:                                                    # ReplicaSetsBySizeOlder
        sets.sort(key=lambda rs: (-_replicas(rs), _created(rs)))
    sizes, added = [], 0
    for rs in sets:
        share = proportion(rs, dep, surge, to_add, added)
        sizes.append(_replicas(rs) + share)
        added += share
    if sets and to_add:
        sizes[0] = max(0, sizes[0] + to_add - added)                   # leftovers to the largest set
    return list(zip(sets, sizes))


def _newer_first(sets: list[Obj]) -> list[Obj]:
    """Size descending; among equal sizes the newer set first (creation time, then name, reversed)."""
    from itertools import groupby
    out: list[Obj] = []
    for _, group in groupby(sets, key=_replicas):
        out += sorted(group, key=_created, reverse=True)
    return out
