"""The events a node's kubelet, the node controller and kube-proxy record when the node joins (kubectl describe
node's Events, `kubectl get events` in default): Starting, the three pressure conditions, NodeAllocatableEnforced,
RegisteredNode, kube-proxy's Starting, and NodeReady when the node turns Ready."""
from __future__ import annotations

from typing import Any

from course_lib.k8s.store import parse_timestamp

Obj = dict[str, Any]


def joined(cluster: Any, node: Obj) -> None:
    name = node["metadata"]["name"]
    at = parse_timestamp(node["metadata"]["creationTimestamp"])
    cluster.event(node, "Normal", "Starting", "Starting kubelet.", at=at)
    for reason in ("NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"):
        cluster.event(node, "Normal", reason, f"Node {name} status is now: {reason}", at=at)
    cluster.event(node, "Normal", "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods", at=at)
    cluster.event(node, "Normal", "RegisteredNode", f"Node {name} event: Registered Node {name} in Controller",
                  source="node-controller", at=at + 4)
    cluster.event(node, "Normal", "Starting", "", source="kube-proxy", at=at + 12)


def ready(cluster: Any, node: Obj, at: float) -> None:
    name = node["metadata"]["name"]
    cluster.event(node, "Normal", "NodeReady", f"Node {name} status is now: NodeReady", at=at)
