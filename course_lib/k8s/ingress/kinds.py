"""Ingress and IngressClass (networking.k8s.io/v1): schema, the API server's validation, `kubectl get` columns."""
from __future__ import annotations

from typing import Any

from course_lib.k8s import validation as v
from course_lib.k8s.kinds import KindInfo, RowEnv, register

Obj = dict[str, Any]
NET = "networking.k8s.io/v1"
PATH_TYPES = ("Exact", "ImplementationSpecific", "Prefix")
BACKEND = {"service": {"name": v.STR, "port": {"number": v.INT, "name": v.STR}}, "resource": v.ANY}
INGRESS_PATH = {"path": v.STR, "pathType": v.STR, "backend": BACKEND}
INGRESS_RULE = {"host": v.STR, "http": {"paths": [INGRESS_PATH]}}
INGRESS_SPEC = {"ingressClassName": v.STR, "defaultBackend": BACKEND, "tls": [{"hosts": v.ANY, "secretName": v.STR}],
                "rules": [INGRESS_RULE]}
INGRESS = {**v.SIMPLE, "spec": INGRESS_SPEC, "status": v.ANY}


def _backend_errors(b: Any, path: str) -> list[str]:
    if not isinstance(b, dict) or not (b.get("service") or b.get("resource")):
        return [f"{path}: Invalid value: \"\": resource or service backend is required"]
    svc = b.get("service")
    errors = []
    if svc is not None:
        if not svc.get("name"):
            errors.append(f"{path}.service.name: Required value")
        port = svc.get("port") or {}
        if not port.get("name") and not port.get("number"):
            errors.append(f"{path}.service.port: Invalid value: \"\": port name or number is required")
    return errors


def validate_ingress(ing: Obj, cluster: Any) -> list[str]:
    errors = v.name_errors(ing["metadata"].get("name"))
    spec = ing.get("spec") or {}
    if not spec.get("rules") and not spec.get("defaultBackend"):
        errors.append("spec: Invalid value: \"\": either `defaultBackend` or `rules` must be specified")
    if spec.get("defaultBackend") is not None:
        errors += _backend_errors(spec["defaultBackend"], "spec.defaultBackend")
    for i, rule in enumerate(spec.get("rules") or []):
        host = rule.get("host")
        if host and ("*" in host and not (host.startswith("*.") and "*" not in host[2:])):
            errors.append(f'spec.rules[{i}].host: Invalid value: "{host}": a wildcard DNS-1123 subdomain must '
                          "start with '*.', followed by a valid DNS subdomain, which must consist of lower case "
                          "alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. "
                          "'*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?"
                          "(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
        for j, p in enumerate(((rule.get("http") or {}).get("paths")) or []):
            where = f"spec.rules[{i}].http.paths[{j}]"
            ptype = p.get("pathType")
            if not ptype:
                errors.append(f"{where}.pathType: Required value: pathType must be specified")
            elif ptype not in PATH_TYPES:
                errors.append(f'{where}.pathType: Unsupported value: "{ptype}": supported values: "Exact", '
                              '"ImplementationSpecific", "Prefix"')
            path = p.get("path", "")
            if ptype in ("Exact", "Prefix") and not str(path).startswith("/"):
                errors.append(f'{where}.path: Invalid value: "{path}": must be an absolute path')
            errors += _backend_errors(p.get("backend"), f"{where}.backend")
    return errors


def ingress_row(ing: Obj, env: RowEnv) -> list[str]:
    spec = ing.get("spec") or {}
    hosts = [r.get("host") or "*" for r in spec.get("rules") or []] or ["*"]
    lb = ((ing.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    address = ",".join(i.get("ip") or i.get("hostname", "") for i in lb)
    ports = "80, 443" if spec.get("tls") else "80"
    return [ing["metadata"]["name"], spec.get("ingressClassName") or "<none>", ",".join(hosts), address, ports,
            env.age(ing)]


def ingressclass_row(ic: Obj, env: RowEnv) -> list[str]:
    spec = ic.get("spec") or {}
    return [ic["metadata"]["name"], spec.get("controller", ""), "<none>" if not spec.get("parameters") else
            str(spec["parameters"].get("name")), env.age(ic)]


register(KindInfo("Ingress", (NET,), "ingresses", ("ing",), schema=INGRESS, validate=validate_ingress,
                  default=lambda o, c: o.setdefault("status", {"loadBalancer": {}}) and None,
                  columns=("NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"), row=ingress_row))
register(KindInfo("IngressClass", (NET,), "ingressclasses", (), namespaced=False,
                  schema={**v.SIMPLE, "spec": {"controller": v.STR, "parameters": v.ANY}},
                  validate=lambda o, c: v.name_errors(o["metadata"].get("name")),
                  columns=("NAME", "CONTROLLER", "PARAMETERS", "AGE"), row=ingressclass_row))
