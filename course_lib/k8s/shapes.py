"""JSON shapes of the fields the simulation reads, for objects built by patches: the decoder's type errors.

`shape_error(obj)` answers encoding/json's message for the first field whose JSON type the Go type cannot
take (`json: cannot unmarshal string into Go struct field ServiceSpec.spec.selector of type map[string]string`
style), or None. validation.type_error covers the typed scalars of pod specs; this covers the containers
(objects, maps, lists) a patch can replace with a wrong type.
"""
from __future__ import annotations

from typing import Any, Optional

MAP_STR = "map[string]string"
# (path, Go struct that holds the field, Go type, JSON type wanted); "*" walks a list's items.
META = [("metadata", "{kind}", "v1.ObjectMeta", dict), ("metadata.labels", "ObjectMeta", MAP_STR, dict),
        ("metadata.annotations", "ObjectMeta", MAP_STR, dict), ("metadata.uid", "ObjectMeta", "types.UID", str),
        ("metadata.finalizers", "ObjectMeta", "[]string", list), ("metadata.finalizers.*", "ObjectMeta", "string", str),
        ("metadata.ownerReferences", "ObjectMeta", "[]v1.OwnerReference", list),
        ("metadata.ownerReferences.*", "ObjectMeta", "v1.OwnerReference", dict),
        ("metadata.ownerReferences.*.uid", "OwnerReference", "types.UID", str),
        ("metadata.ownerReferences.*.controller", "OwnerReference", "bool", bool)]
TIMES = ("creationTimestamp", "deletionTimestamp")      # metav1.Time.UnmarshalJSON reads a JSON string first
TEMPLATE = [("spec.template", "{kind}Spec", "v1.PodTemplateSpec", dict),
            ("spec.template.metadata", "PodTemplateSpec", "v1.ObjectMeta", dict),
            ("spec.template.metadata.labels", "ObjectMeta", MAP_STR, dict),
            ("spec.template.metadata.annotations", "ObjectMeta", MAP_STR, dict),
            ("spec.template.spec", "PodTemplateSpec", "v1.PodSpec", dict),
            ("spec.template.spec.containers", "PodSpec", "[]v1.Container", list),
            ("spec.template.spec.containers.*", "PodSpec", "v1.Container", dict),
            ("spec.selector", "{kind}Spec", "v1.LabelSelector", dict),
            ("spec.selector.matchLabels", "LabelSelector", MAP_STR, dict)]
SHAPES: dict[str, list[tuple[str, str, str, type]]] = {
    "Service": [("spec", "Service", "v1.ServiceSpec", dict), ("spec.selector", "ServiceSpec", MAP_STR, dict),
                ("spec.ports", "ServiceSpec", "[]v1.ServicePort", list),
                ("spec.ports.*", "ServiceSpec", "v1.ServicePort", dict)],
    "Deployment": [("spec", "Deployment", "v1.DeploymentSpec", dict)] + TEMPLATE,
    "ReplicaSet": [("spec", "ReplicaSet", "v1.ReplicaSetSpec", dict)] + TEMPLATE,
    "DaemonSet": [("spec", "DaemonSet", "v1.DaemonSetSpec", dict)] + TEMPLATE,
    "StatefulSet": [("spec", "StatefulSet", "v1.StatefulSetSpec", dict)] + TEMPLATE,
    "Job": [("spec", "Job", "v1.JobSpec", dict)] + TEMPLATE,
    "Pod": [("spec", "Pod", "v1.PodSpec", dict), ("spec.containers", "PodSpec", "[]v1.Container", list),
            ("spec.containers.*", "PodSpec", "v1.Container", dict)],
    "ConfigMap": [("data", "ConfigMap", MAP_STR, dict)],
    "Secret": [("data", "Secret", "map[string][]uint8", dict), ("stringData", "Secret", MAP_STR, dict)],
    "Node": [("spec", "Node", "v1.NodeSpec", dict)],
}


def json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "bool"
    return "number"


def _values(obj: Any, parts: list[str]) -> list[Any]:
    """The values at a dotted path (None-valued and missing fields are absent: JSON null decodes to zero)."""
    nodes = [obj]
    for part in parts:
        nxt: list[Any] = []
        for node in nodes:
            if part == "*" and isinstance(node, list):
                nxt += node
            elif isinstance(node, dict) and node.get(part) is not None:
                nxt.append(node[part])
        nodes = nxt
    return nodes


def shape_error(obj: Any) -> Optional[str]:
    kind = str(obj.get("kind", "")) if isinstance(obj, dict) else ""
    meta = obj.get("metadata") if isinstance(obj, dict) else None
    for key in TIMES if isinstance(meta, dict) else ():
        if meta.get(key) is not None and not isinstance(meta[key], str):
            return f"json: cannot unmarshal {json_type(meta[key])} into Go value of type string"
    for path, struct, go_type, want in META + SHAPES.get(kind, []):
        parts = path.split(".")
        for value in _values(obj, parts):
            if not isinstance(value, want):
                field = ".".join(p for p in parts if p != "*")
                return (f"json: cannot unmarshal {json_type(value)} into Go struct field "
                        f"{struct.format(kind=kind)}.{field} of type {go_type}")
            bad = next((v for v in value.values() if not isinstance(v, str) and v is not None), None) \
                if go_type == MAP_STR else None
            if bad is not None:
                return (f"json: cannot unmarshal {json_type(bad)} into Go struct field "
                        f"{struct.format(kind=kind)}.{'.'.join(parts)} of type string")
    return None
