"""API server validation: strict decoding (unknown fields) against a schema, and required-field checks.

A schema is a dict of known fields (`{"name": STR, "spec": {...}}`); `[sub]` for a list of `sub`;
ANY accepts anything; `MAP` accepts any keys (labels, data). `unknown_fields(obj, schema)` gives the
paths the API server's strict decoder names: `spec.foo`, `spec.containers[0].imag`.
"""
from __future__ import annotations

import re
from typing import Any, Optional

ANY: Any = None
MAP: dict[str, Any] = {"*": ANY}
STR = INT = BOOL = ANY

METADATA = {k: ANY for k in ("name", "namespace", "generateName", "uid", "resourceVersion", "creationTimestamp",
                             "ownerReferences", "finalizers", "managedFields", "generation", "deletionTimestamp",
                             "deletionGracePeriodSeconds", "selfLink")}
METADATA.update({"labels": MAP, "annotations": MAP})

CONTAINER_PORT = {k: ANY for k in ("name", "containerPort", "protocol", "hostPort", "hostIP")}
ENV_VAR = {"name": STR, "value": STR, "valueFrom": ANY}
CONTAINER = {k: ANY for k in (
    "name", "image", "command", "args", "workingDir", "envFrom", "resources", "resizePolicy", "volumeMounts",
    "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "terminationMessagePath",
    "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty",
    "restartPolicy")}
CONTAINER.update({"ports": [CONTAINER_PORT], "env": [ENV_VAR]})
TOLERATION = {k: ANY for k in ("key", "operator", "value", "effect", "tolerationSeconds")}
POD_SPEC = {k: ANY for k in (
    "volumes", "ephemeralContainers", "restartPolicy", "terminationGracePeriodSeconds", "activeDeadlineSeconds",
    "dnsPolicy", "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "nodeName",
    "hostNetwork", "hostPID", "hostIPC", "shareProcessNamespace", "securityContext", "imagePullSecrets",
    "hostname", "subdomain", "affinity", "schedulerName", "hostAliases", "priorityClassName", "priority",
    "dnsConfig", "readinessGates", "runtimeClassName", "enableServiceLinks", "preemptionPolicy", "overhead",
    "topologySpreadConstraints", "setHostnameAsFQDN", "os", "hostUsers", "schedulingGates", "resourceClaims")}
POD_SPEC.update({"containers": [CONTAINER], "initContainers": [CONTAINER], "nodeSelector": MAP,
                 "tolerations": [TOLERATION]})
POD_TEMPLATE = {"metadata": METADATA, "spec": POD_SPEC}
SELECTOR = {"matchLabels": MAP, "matchExpressions": ANY}
POD = {"apiVersion": STR, "kind": STR, "metadata": METADATA, "spec": POD_SPEC, "status": ANY}


def workload(extra: dict[str, Any]) -> dict[str, Any]:
    spec = {"selector": SELECTOR, "template": POD_TEMPLATE, "minReadySeconds": INT,
            "revisionHistoryLimit": INT, **extra}
    return {"apiVersion": STR, "kind": STR, "metadata": METADATA, "spec": spec, "status": ANY}


DEPLOYMENT = workload({"replicas": INT, "strategy": ANY, "paused": BOOL, "progressDeadlineSeconds": INT})
REPLICASET = workload({"replicas": INT})
DAEMONSET = workload({"updateStrategy": ANY})
SIMPLE = {"apiVersion": STR, "kind": STR, "metadata": METADATA}


def unknown_fields(value: Any, schema: Any, path: str = "") -> list[str]:
    """Paths of fields the schema does not know, in document order."""
    if schema is ANY:
        return []
    if isinstance(schema, list):
        if not isinstance(value, list):
            return []
        out: list[str] = []
        for i, item in enumerate(value):
            out += unknown_fields(item, schema[0], f"{path}[{i}]")
        return out
    if not isinstance(value, dict) or not isinstance(schema, dict):
        return []
    out = []
    for key, sub in value.items():
        key = str(key)
        child = f"{path}.{key}" if path else key
        if key in schema:
            out += unknown_fields(sub, schema[key], child)
        elif "*" in schema:
            out += unknown_fields(sub, schema["*"], child)
        else:
            out.append(child)
    return out


DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def name_errors(name: Any, path: str = "metadata.name", label: bool = False) -> list[str]:
    """apimachinery's name validation messages."""
    if not name:
        return [f"{path}: Required value: name or generateName is required"]
    name = str(name)
    if label:
        if len(name) > 63 or not DNS1123_LABEL.match(name):
            return [f'{path}: Invalid value: "{name}": a lowercase RFC 1123 label must consist of lower case '
                    "alphanumeric characters or '-', and must start and end with an alphanumeric character "
                    "(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]
        return []
    if len(name) > 253 or not DNS1123_SUBDOMAIN.match(name):
        return [f'{path}: Invalid value: "{name}": a lowercase RFC 1123 subdomain must consist of lower case '
                "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
                "(e.g. 'example.com', regex used for validation is "
                "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]
    return []


def pod_spec_errors(spec: Any, path: str) -> list[str]:
    """The Pod spec checks the API server makes that learners meet: containers, names, images, ports."""
    errors: list[str] = []
    if not isinstance(spec, dict):
        return [f"{path}.containers: Required value"]
    containers = spec.get("containers")
    if not containers:
        return [f"{path}.containers: Required value"]
    seen: set[str] = set()
    for i, c in enumerate(containers):
        cpath = f"{path}.containers[{i}]"
        c = c if isinstance(c, dict) else {}
        name = c.get("name")
        if not name:
            errors.append(f"{cpath}.name: Required value")
        elif not DNS1123_LABEL.match(str(name)) or len(str(name)) > 63:
            errors += name_errors(name, f"{cpath}.name", label=True)
        elif name in seen:
            errors.append(f'{cpath}.name: Duplicate value: "{name}"')
        seen.add(str(name))
        if not c.get("image"):
            errors.append(f"{cpath}.image: Required value")
        for j, port in enumerate(c.get("ports") or []):
            number = (port or {}).get("containerPort")
            if number is None:
                errors.append(f"{cpath}.ports[{j}].containerPort: Required value")
            elif not isinstance(number, int) or not 0 < number < 65536:
                errors.append(f"{cpath}.ports[{j}].containerPort: Invalid value: {number}: "
                              "must be between 1 and 65535, inclusive")
    policy = spec.get("restartPolicy")
    if policy is not None and policy not in ("Always", "OnFailure", "Never"):
        errors.append(f'{path}.restartPolicy: Unsupported value: "{policy}": supported values: '
                      '"Always", "OnFailure", "Never"')
    return errors


EMPTY_SELECTOR_WORD = {"StatefulSet": "statefulset", "DaemonSet": "daemonset"}   # ReplicaSet says "deployment" too


def selector_errors(obj: dict[str, Any]) -> list[str]:
    """Workloads: a selector is required and must match the template's labels."""
    spec = obj.get("spec") or {}
    selector = (spec.get("selector") or {}).get("matchLabels") or {}
    labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
    errors = []
    if not spec.get("selector"):
        errors.append("spec.selector: Required value")
    elif isinstance(spec["selector"], dict) and not (spec["selector"].get("matchLabels")
                                                     or spec["selector"].get("matchExpressions")):
        shown = "map[string]string(nil)" if spec["selector"].get("matchLabels") is None else "map[string]string{}"
        errors.append(f"spec.selector: Invalid value: v1.LabelSelector{{MatchLabels:{shown}, MatchExpressions:"
                      f"[]v1.LabelSelectorRequirement(nil)}}: empty selector is invalid for "
                      f"{EMPTY_SELECTOR_WORD.get(obj.get('kind', ''), 'deployment')}")
    elif any(labels.get(k) != v for k, v in selector.items()):
        shown = ", ".join(f'"{k}":"{v}"' for k, v in sorted(labels.items()))
        errors.append(f"spec.template.metadata.labels: Invalid value: map[string]string{{{shown}}}: "
                      "`selector` does not match template `labels`")
    errors += pod_spec_errors((spec.get("template") or {}).get("spec"), "spec.template.spec")
    return errors


def first(items: list[str]) -> Optional[str]:
    return items[0] if items else None


# ---- type errors (encoding/json's UnmarshalTypeError, as the API server reports them) -------------------
def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def _want(value: Any, go_type: str, struct: str, path: str) -> Optional[str]:
    if value is None:
        return None
    kind = _json_type(value)
    if go_type == "string" and kind == "string":
        return None
    if go_type in ("int32", "int64") and kind == "number" and not isinstance(value, bool):
        bits = 31 if go_type == "int32" else 63
        if isinstance(value, float) and not value.is_integer() or not -2 ** bits <= value < 2 ** bits:
            text = value if abs(value) < 2 ** 64 else "%d" % float(value) if abs(value) < 1e21 else repr(float(value))
            return f"json: cannot unmarshal number {text} into Go struct field {struct}.{path} of type {go_type}"
        return None
    return f"json: cannot unmarshal {kind} into Go struct field {struct}.{path} of type {go_type}"


def _meta_types(meta: Any, path: str) -> Optional[str]:
    if not isinstance(meta, dict):
        return None
    for field_name in ("name", "generateName", "namespace"):
        err = _want(meta.get(field_name), "string", "ObjectMeta", f"{path}.{field_name}")
        if err:
            return err
    for field_name in ("labels", "annotations"):
        for value in (meta.get(field_name) or {}).values() if isinstance(meta.get(field_name), dict) else []:
            err = _want(value, "string", "ObjectMeta", f"{path}.{field_name}")
            if err:
                return err
    return None


def _pod_spec_types(spec: Any, path: str) -> Optional[str]:
    if not isinstance(spec, dict):
        return None
    for c in spec.get("containers") or []:
        if not isinstance(c, dict):
            continue
        for field_name in ("name", "image"):
            err = _want(c.get(field_name), "string", "Container", f"{path}.containers.{field_name}")
            if err:
                return err
        for field_name in ("command", "args"):
            for item in c.get(field_name) or [] if isinstance(c.get(field_name), list) else []:
                err = _want(item, "string", "Container", f"{path}.containers.{field_name}")
                if err:
                    return err
        for port in c.get("ports") or []:
            for field_name in ("containerPort", "hostPort"):
                err = _want((port or {}).get(field_name), "int32", "ContainerPort",
                            f"{path}.containers.ports.{field_name}")
                if err:
                    return err
        for env in c.get("env") or []:
            err = _want((env or {}).get("value"), "string", "EnvVar", f"{path}.containers.env.value")
            if err:
                return err
    return None


def type_error(obj: dict[str, Any]) -> Optional[str]:
    """The first field whose JSON type the Go struct cannot take, in kube-apiserver's words."""
    err = _meta_types(obj.get("metadata"), "metadata")
    if err:
        return err
    kind, spec = obj.get("kind"), obj.get("spec")
    if kind == "Pod":
        return _pod_spec_types(spec, "spec")
    if kind in ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job") and isinstance(spec, dict):
        for field_name in ("parallelism", "completions", "backoffLimit") if kind == "Job" else ():
            err = _want(spec.get(field_name), "int32", "JobSpec", f"spec.{field_name}")
            if err:
                return err
        if kind not in ("DaemonSet", "Job"):
            err = _want(spec.get("replicas"), "int32", f"{kind}Spec", "spec.replicas")
            if err:
                return err
        template = spec.get("template") if isinstance(spec.get("template"), dict) else {}
        return _meta_types(template.get("metadata"), "spec.template.metadata") or \
            _pod_spec_types(template.get("spec"), "spec.template.spec")
    if kind in ("ConfigMap",) and isinstance(obj.get("data"), dict):
        for value in obj["data"].values():
            err = _want(value, "string", "ConfigMap", "data")
            if err:
                return err
    return None
