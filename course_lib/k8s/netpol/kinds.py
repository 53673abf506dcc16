"""NetworkPolicy (networking.k8s.io/v1): schema, validation, defaults (policyTypes), columns, and selectors."""
from __future__ import annotations

from typing import Any

from course_lib.k8s import validation as v
from course_lib.k8s.kinds import KindInfo, RowEnv, register

Obj = dict[str, Any]
NET = "networking.k8s.io/v1"
PEER = {"podSelector": v.SELECTOR, "namespaceSelector": v.SELECTOR, "ipBlock": {"cidr": v.STR, "except": v.ANY}}
PORT = {"protocol": v.STR, "port": v.ANY, "endPort": v.INT}
SPEC = {"podSelector": v.SELECTOR, "policyTypes": v.ANY,
        "ingress": [{"from": [PEER], "ports": [PORT]}], "egress": [{"to": [PEER], "ports": [PORT]}]}
NETPOL = {**v.SIMPLE, "spec": SPEC}


def selector_matches(selector: Any, labels: dict[str, str]) -> bool:
    """A LabelSelector: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist); {} selects all."""
    selector = selector or {}
    for k, val in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != val:
            return False
    for e in selector.get("matchExpressions") or []:
        key, op, values = e.get("key"), e.get("operator"), e.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def selector_text(selector: Any) -> str:
    selector = selector or {}
    parts = [f"{k}={val}" for k, val in sorted((selector.get("matchLabels") or {}).items())]
    for e in selector.get("matchExpressions") or []:
        op = e.get("operator")
        if op in ("In", "NotIn"):
            parts.append(f"{e['key']} {op.lower()} ({','.join(e.get('values') or [])})")
        elif op == "Exists":
            parts.append(e["key"])
        else:
            parts.append("!" + e["key"])
    return ",".join(parts) or "<none>"


def validate_netpol(np: Obj, cluster: Any) -> list[str]:
    errors = v.name_errors(np["metadata"].get("name"))
    spec = np.get("spec") or {}
    for t in spec.get("policyTypes") or []:
        if t not in ("Ingress", "Egress"):
            errors.append(f'spec.policyTypes: Unsupported value: "{t}": supported values: "Egress", "Ingress"')
    for kind, key in (("ingress", "from"), ("egress", "to")):
        for i, rule in enumerate(spec.get(kind) or []):
            for j, peer in enumerate(rule.get(key) or []):
                if not any(peer.get(f) is not None for f in ("podSelector", "namespaceSelector", "ipBlock")):
                    errors.append(f"spec.{kind}[{i}].{key}[{j}]: Required value: must specify a peer")
                block = peer.get("ipBlock")
                if block is not None and peer.get("podSelector") is not None:
                    errors.append(f"spec.{kind}[{i}].{key}[{j}]: Forbidden: may not specify both ipBlock and "
                                  "another peer")
    return errors


def default_netpol(np: Obj, cluster: Any) -> None:
    spec = np.setdefault("spec", {})
    spec.setdefault("podSelector", {})
    if not spec.get("policyTypes"):
        spec["policyTypes"] = ["Ingress"] + (["Egress"] if spec.get("egress") else [])


def netpol_row(np: Obj, env: RowEnv) -> list[str]:
    return [np["metadata"]["name"], selector_text((np.get("spec") or {}).get("podSelector")), env.age(np)]


register(KindInfo("NetworkPolicy", (NET,), "networkpolicies", ("netpol",), schema=NETPOL, validate=validate_netpol,
                  default=default_netpol, columns=("NAME", "POD-SELECTOR", "AGE"), row=netpol_row))
