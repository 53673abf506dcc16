"""Field selectors as the API server applies them (`kubectl get --field-selector`): the fields each kind
supports (its GetAttrs/field label conversion), =, == and !=, and the API server's BadRequest texts."""
from __future__ import annotations

from typing import Any, Callable

from course_lib.k8s.store import ApiError

Obj = dict[str, Any]


def _path(*keys: str) -> Callable[[Obj], Any]:
    def get(obj: Obj) -> Any:
        node: Any = obj
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        return node
    return get


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


POD = {"spec.nodeName": _path("spec", "nodeName"), "spec.restartPolicy": _path("spec", "restartPolicy"),
       "spec.schedulerName": _path("spec", "schedulerName"),
       "spec.serviceAccountName": _path("spec", "serviceAccountName"),
       "spec.hostNetwork": lambda o: bool((o.get("spec") or {}).get("hostNetwork")),
       "status.phase": _path("status", "phase"), "status.podIP": _path("status", "podIP"),
       "status.nominatedNodeName": _path("status", "nominatedNodeName")}
EVENT = {**{f"involvedObject.{k}": _path("involvedObject", k)
            for k in ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")},
         "reason": _path("reason"), "reportingComponent": _path("reportingComponent"),
         "source": _path("source", "component"), "type": _path("type")}
FIELDS: dict[str, dict[str, Callable[[Obj], Any]]] = {
    "Pod": POD, "Event": EVENT, "Node": {"spec.unschedulable": lambda o: bool((o.get("spec") or {}).get(
        "unschedulable"))}, "Namespace": {"status.phase": _path("status", "phase")},
    "Secret": {"type": _path("type")}, "ReplicaSet": {"status.replicas": _path("status", "replicas")},
    "Job": {"status.successful": _path("status", "succeeded")},
}


def parse(text: str) -> list[tuple[str, str, str]]:
    """fields.ParseSelector: comma-separated key=value, key==value, key!=value terms."""
    terms = []
    for part in filter(None, text.split(",")):
        for op in ("!=", "==", "="):
            if op in part:
                key, _, value = part.partition(op)
                terms.append((key.strip(), "!=" if op == "!=" else "=", value))
                break
        else:
            raise ValueError(f"invalid selector: '{text}'; can't understand '{part}'")
    return terms


def select(info: Any, objs: list[Obj], text: str, label_selector: str = "") -> list[Obj]:
    """The objects a field selector keeps; ApiError BadRequest for a field the kind does not support."""
    terms = parse(text)
    fields: dict[str, Callable[[Obj], Any]] = {"metadata.name": _path("metadata", "name"),
                                               "metadata.namespace": _path("metadata", "namespace"),
                                               **FIELDS.get(info.kind, {})}
    for key, _, _ in terms:
        if key not in fields:
            gvr = f"{info.versions[0]}, Resource={info.resource}" if info.group else f"/v1, Resource={info.resource}"
            raise ApiError("BadRequest", f'Unable to find "{gvr}" that match label selector "{label_selector}", '
                           f'field selector "{text}": field label not supported: {key}', 400)
    return [o for o in objs if all((_text(fields[k](o)) == v) == (op == "=") for k, op, v in terms)]

