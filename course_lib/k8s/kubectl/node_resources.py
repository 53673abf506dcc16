"""describe node's Lease, Non-terminated Pods and Allocated resources sections (kubectl 1.30 describeNode)."""
from __future__ import annotations

from typing import Any

from course_lib.k8s import quantity as q
from course_lib.k8s.kinds import human_duration
from course_lib.k8s.store import parse_timestamp, timestamp

Obj = dict[str, Any]
LEASE_RENEW = 10                  # the kubelet renews its node Lease every 10 s (nodeLeaseDurationSeconds 40 / 4)


def lease(w: Any, kx: Any, node: Obj, when: Any) -> None:
    """The node's Lease in kube-node-lease: held by the kubelet, renewed on its 10 s period."""
    created = parse_timestamp(node["metadata"]["creationTimestamp"])
    now = kx.cluster.now()
    renew = created + (now - created) // LEASE_RENEW * LEASE_RENEW if now >= created else created
    w.w(0, "Lease:")
    w.w(1, "HolderIdentity:", node["metadata"]["name"])
    w.w(1, "AcquireTime:", "<unset>")
    w.w(1, "RenewTime:", when(timestamp(renew)))


def _containers_total(pod: Obj, kind: str, resource: str) -> list[Any]:
    return [((c.get("resources") or {}).get(kind) or {}).get(resource)
            for c in (pod.get("spec") or {}).get("containers") or []
            if ((c.get("resources") or {}).get(kind) or {}).get(resource) is not None]


def _cell(values: list[Any], allocatable: Any) -> str:
    amount, binary = q.total(values)
    whole, _ = q.parse(allocatable or 0)
    return f"{q.text(amount, binary)} ({q.percent(amount, whole)}%)"


def pods_and_allocated(w: Any, kx: Any, node: Obj) -> None:
    """The pods the node runs (not Succeeded/Failed), their requests and limits against allocatable, and the sums."""
    name = node["metadata"]["name"]
    alloc = (node.get("status") or {}).get("allocatable") or {}
    pods = [p for p in kx.cluster.store.list("Pod") if (p.get("spec") or {}).get("nodeName") == name
            and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")]
    w.w(0, "Non-terminated Pods:", f"({len(pods)} in total)")
    w.w(1, "Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge")
    w.w(1, "---------\t----\t------------\t----------\t---------------\t-------------\t---")
    for p in pods:
        age = human_duration(kx.cluster.now() - parse_timestamp(p["metadata"]["creationTimestamp"]))
        cells = [_cell(_containers_total(p, kind, res), alloc.get(res)) for res in ("cpu", "memory")
                 for kind in ("requests", "limits")]
        w.w(1, "\t".join([p["metadata"]["namespace"], p["metadata"]["name"], *cells, age]))
    w.w(0, "Allocated resources:")
    w.w(0, "  (Total limits may be over 100 percent, i.e., overcommitted.)")
    w.w(1, "Resource\tRequests\tLimits")
    w.w(1, "--------\t--------\t------")
    huge = sorted(r for r in alloc if r.startswith("hugepages-"))
    for res in ["cpu", "memory", "ephemeral-storage"] + huge:
        reqs = [v for p in pods for v in _containers_total(p, "requests", res)]
        lims = [v for p in pods for v in _containers_total(p, "limits", res)]
        w.w(1, f"{res}\t{_cell(reqs, alloc.get(res))}\t{_cell(lims, alloc.get(res))}")
