"""apps/v1 kinds: Deployment, ReplicaSet, DaemonSet -- schema, checks, defaults and `get` columns."""
from __future__ import annotations

from typing import Any

from course_lib.k8s import validation as v
from course_lib.k8s.kinds import KindInfo, RowEnv, register
from course_lib.k8s.kinds_core import default_pod_spec

Obj = dict[str, Any]


def selector_text(obj: Obj) -> str:
    labels = ((obj.get("spec") or {}).get("selector") or {}).get("matchLabels") or {}
    return ",".join(f"{k}={val}" for k, val in labels.items()) or "<none>"


def containers_cells(obj: Obj) -> list[str]:
    containers = (((obj.get("spec") or {}).get("template") or {}).get("spec") or {}).get("containers") or []
    return [",".join(c.get("name", "") for c in containers), ",".join(c.get("image", "") for c in containers),
            selector_text(obj)]


def _st(obj: Obj, key: str) -> int:
    return int((obj.get("status") or {}).get(key, 0) or 0)


def deployment_row(obj: Obj, env: RowEnv) -> list[str]:
    want = int((obj.get("spec") or {}).get("replicas", 1))
    return [obj["metadata"]["name"], f"{_st(obj, 'readyReplicas')}/{want}", str(_st(obj, "updatedReplicas")),
            str(_st(obj, "availableReplicas")), env.age(obj)]


def replicaset_row(obj: Obj, env: RowEnv) -> list[str]:
    return [obj["metadata"]["name"], str(int((obj.get("spec") or {}).get("replicas", 1))),
            str(_st(obj, "replicas")), str(_st(obj, "readyReplicas")), env.age(obj)]


def daemonset_row(obj: Obj, env: RowEnv) -> list[str]:
    node_selector = (((obj.get("spec") or {}).get("template") or {}).get("spec") or {}).get("nodeSelector") or {}
    shown = ",".join(f"{k}={val}" for k, val in node_selector.items()) or "<none>"
    return [obj["metadata"]["name"], str(_st(obj, "desiredNumberScheduled")), str(_st(obj, "currentNumberScheduled")),
            str(_st(obj, "numberReady")), str(_st(obj, "updatedNumberScheduled")), str(_st(obj, "numberAvailable")),
            shown, env.age(obj)]


def _wide(obj: Obj, env: RowEnv) -> list[str]:
    return containers_cells(obj)


def validate_workload(obj: Obj, cluster: Any) -> list[str]:
    errors = v.name_errors(obj["metadata"].get("name")) + v.selector_errors(obj)
    replicas = (obj.get("spec") or {}).get("replicas")
    if isinstance(replicas, int) and replicas < 0:
        errors.insert(0, f"spec.replicas: Invalid value: {replicas}: must be greater than or equal to 0")
    return errors


def _template_defaults(obj: Obj) -> None:
    template = obj.setdefault("spec", {}).setdefault("template", {})
    template.setdefault("metadata", {}).setdefault("creationTimestamp", None)
    default_pod_spec(template.setdefault("spec", {}))


def default_deployment(obj: Obj, cluster: Any) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    spec.setdefault("progressDeadlineSeconds", 600)
    spec.setdefault("revisionHistoryLimit", 10)
    strategy = spec.get("strategy") if isinstance(spec.get("strategy"), dict) else {}
    strategy.setdefault("type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        rolling = strategy.setdefault("rollingUpdate", {})
        rolling.setdefault("maxSurge", "25%")
        rolling.setdefault("maxUnavailable", "25%")
    spec["strategy"] = dict(sorted(strategy.items()))
    _template_defaults(obj)
    obj.setdefault("metadata", {}).setdefault("annotations", {})["deployment.kubernetes.io/revision"] = "1"


def default_replicaset(obj: Obj, cluster: Any) -> None:
    obj.setdefault("spec", {}).setdefault("replicas", 1)
    _template_defaults(obj)


def default_daemonset(obj: Obj, cluster: Any) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("updateStrategy", {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1},
                                       "type": "RollingUpdate"})
    _template_defaults(obj)


WIDE = ("CONTAINERS", "IMAGES", "SELECTOR")
register(KindInfo("Deployment", ("apps/v1",), "deployments", ("deploy",), schema=v.DEPLOYMENT,
                  validate=validate_workload, default=default_deployment,
                  columns=("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"), row=deployment_row,
                  wide_columns=WIDE, wide_row=_wide))
register(KindInfo("ReplicaSet", ("apps/v1",), "replicasets", ("rs",), schema=v.REPLICASET,
                  validate=validate_workload, default=default_replicaset,
                  columns=("NAME", "DESIRED", "CURRENT", "READY", "AGE"), row=replicaset_row,
                  wide_columns=WIDE, wide_row=_wide))
register(KindInfo("DaemonSet", ("apps/v1",), "daemonsets", ("ds",), schema=v.DAEMONSET,
                  validate=validate_workload, default=default_daemonset,
                  columns=("NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"),
                  row=daemonset_row, wide_columns=WIDE, wide_row=_wide))
