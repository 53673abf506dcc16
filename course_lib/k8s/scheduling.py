"""scheduling.k8s.io/v1 PriorityClass: the two classes kube-apiserver creates at start, `get pc` columns, and
the Priority admission plugin (a pod's spec.priority from its priorityClassName, Forbidden for an unknown one)."""
from __future__ import annotations

from typing import Any

from course_lib.k8s.kinds import KindInfo, RowEnv, register
from course_lib.k8s.store import ApiError

Obj = dict[str, Any]
SYSTEM_CLASSES = (
    ("system-cluster-critical", 2000000000,
     "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
    ("system-node-critical", 2000001000, "Used for system critical pods that must not be moved from their current "
                                         "node."),
)


def system_classes() -> list[Obj]:
    """The PriorityClasses the API server's scheduling bootstrap creates."""
    return [{"apiVersion": "scheduling.k8s.io/v1", "description": text, "kind": "PriorityClass",
             "metadata": {"generation": 1, "name": name}, "preemptionPolicy": "PreemptLowerPriority", "value": value}
            for name, value, text in SYSTEM_CLASSES]


def row(pc: Obj, env: RowEnv) -> list[str]:
    return [pc["metadata"]["name"], str(pc.get("value", 0)), "true" if pc.get("globalDefault") else "false",
            env.age(pc), pc.get("preemptionPolicy", "PreemptLowerPriority")]


def default(pc: Obj, cluster: Any) -> None:
    pc.setdefault("preemptionPolicy", "PreemptLowerPriority")
    pc.setdefault("value", 0)


def admit_pod_priority(pod: Obj, cluster: Any) -> None:
    """plugin/pkg/admission/priority: the class's value (and preemption policy) into the pod spec."""
    spec = pod.get("spec") or {}
    name = spec.get("priorityClassName")
    if not name or cluster is None:
        return
    pc = cluster.store.get("PriorityClass", "", name)
    if pc is None:
        raise ApiError("Forbidden", f'pods "{pod["metadata"].get("name", "")}" is forbidden: no PriorityClass with '
                       f"name {name} was found", 403)
    spec["priority"] = int(pc.get("value", 0))
    spec["preemptionPolicy"] = pc.get("preemptionPolicy", "PreemptLowerPriority")


register(KindInfo("PriorityClass", ("scheduling.k8s.io/v1",), "priorityclasses", ("pc",), namespaced=False,
                  default=default, columns=("NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"), row=row))
