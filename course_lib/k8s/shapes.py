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
_CONTAINER = [("env", "Container", "[]v1.EnvVar", list), ("env.*", "Container", "v1.EnvVar", dict),
              ("env.*.valueFrom", "EnvVar", "v1.EnvVarSource", dict),
              ("envFrom", "Container", "[]v1.EnvFromSource", list), ("envFrom.*", "Container", "v1.EnvFromSource", dict),
              ("envFrom.*.configMapRef", "EnvFromSource", "v1.ConfigMapEnvSource", dict),
              ("envFrom.*.secretRef", "EnvFromSource", "v1.SecretEnvSource", dict),
              ("envFrom.*.prefix", "EnvFromSource", "string", str),
              ("volumeMounts", "Container", "[]v1.VolumeMount", list),
              ("volumeMounts.*", "Container", "v1.VolumeMount", dict)] + [
    (f"{ref}.{key}", struct, go_type, want)
    for ref, selector in (("env.*.valueFrom.configMapKeyRef", "ConfigMapKeySelector"),
                          ("env.*.valueFrom.secretKeyRef", "SecretKeySelector"),
                          ("envFrom.*.configMapRef", "ConfigMapEnvSource"), ("envFrom.*.secretRef", "SecretEnvSource"))
    for key, struct, go_type, want in ([("", "EnvVarSource", "v1." + selector, dict)] if "KeyRef" in ref else []) +
    [("name", selector, "string", str), ("optional", selector, "bool", bool)] +
    ([("key", selector, "string", str)] if "KeyRef" in ref else [])]
_VOLUME = [row for field, struct, name in (("configMap", "ConfigMapVolumeSource", "name"),
                                           ("secret", "SecretVolumeSource", "secretName"))
           for row in ((field, "Volume", f"v1.{struct}", dict), (f"{field}.{name}", struct, "string", str),
                       (f"{field}.items", struct, "[]v1.KeyToPath", list),
                       (f"{field}.items.*", struct, "v1.KeyToPath", dict),
                       (f"{field}.optional", struct, "bool", bool))] + [
           ("projected", "Volume", "v1.ProjectedVolumeSource", dict),
           ("projected.sources", "ProjectedVolumeSource", "[]v1.VolumeProjection", list),
           ("projected.sources.*", "ProjectedVolumeSource", "v1.VolumeProjection", dict),
           ("projected.sources.*.configMap", "VolumeProjection", "v1.ConfigMapProjection", dict),
           ("projected.sources.*.secret", "VolumeProjection", "v1.SecretProjection", dict)]


_TERMS = "nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms"
_AFFINITY = [("nodeAffinity", "Affinity", "v1.NodeAffinity", dict),
             ("podAffinity", "Affinity", "v1.PodAffinity", dict),
             ("podAntiAffinity", "Affinity", "v1.PodAntiAffinity", dict),
             ("nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution", "NodeAffinity", "v1.NodeSelector", dict),
             (_TERMS, "NodeSelector", "[]v1.NodeSelectorTerm", list), (f"{_TERMS}.*", "NodeSelector",
                                                                       "v1.NodeSelectorTerm", dict)] + [
    (f"{_TERMS}.*.{key}{more}", struct, go_type, want) for key in ("matchExpressions", "matchFields")
    for more, struct, go_type, want in (("", "NodeSelectorTerm", "[]v1.NodeSelectorRequirement", list),
                                        (".*", "NodeSelectorTerm", "v1.NodeSelectorRequirement", dict),
                                        (".*.values", "NodeSelectorRequirement", "[]string", list))]


def _pod_spec(at: str) -> list[tuple[str, str, str, type]]:
    """The pod spec's lists and objects the kubelet and describe read, below the path `at`."""
    out = [(f"{at}.{key}", "PodSpec", go_type, want) for key, go_type, want in (
        ("containers", "[]v1.Container", list), ("containers.*", "v1.Container", dict),
        ("initContainers", "[]v1.Container", list), ("initContainers.*", "v1.Container", dict),
        ("volumes", "[]v1.Volume", list), ("volumes.*", "v1.Volume", dict), ("affinity", "v1.Affinity", dict),
        ("nodeSelector", MAP_STR, dict), ("tolerations", "[]v1.Toleration", list),
        ("tolerations.*", "v1.Toleration", dict), ("securityContext", "v1.PodSecurityContext", dict))]
    out += [(f"{at}.{kind}.*.{key}".rstrip("."), struct, go_type, want) for kind in ("containers", "initContainers")
            for key, struct, go_type, want in _CONTAINER]
    out += [(f"{at}.affinity.{key}", struct, go_type, want) for key, struct, go_type, want in _AFFINITY]
    return out + [(f"{at}.volumes.*.{key}", struct, go_type, want) for key, struct, go_type, want in _VOLUME]


TEMPLATE = [("spec.template", "{kind}Spec", "v1.PodTemplateSpec", dict),
            ("spec.template.metadata", "PodTemplateSpec", "v1.ObjectMeta", dict),
            ("spec.template.metadata.labels", "ObjectMeta", MAP_STR, dict),
            ("spec.template.metadata.annotations", "ObjectMeta", MAP_STR, dict),
            ("spec.template.spec", "PodTemplateSpec", "v1.PodSpec", dict), *_pod_spec("spec.template.spec"),
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
    "Pod": [("spec", "Pod", "v1.PodSpec", dict), *_pod_spec("spec")],
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


Check = tuple[str, str, type, str]          # (Go struct, Go type, JSON type wanted, the field's dotted path)
_TRIES: dict[str, dict[str, Any]] = {}


def _trie(kind: str) -> dict[str, Any]:
    """The kind's paths as a tree, so one walk of the object checks them all: part -> [Check or None, subtree]."""
    trie = _TRIES.get(kind)
    if trie is None:
        trie = _TRIES[kind] = {}
        for path, struct, go_type, want in META + SHAPES.get(kind, []):
            parts, node = path.split("."), trie
            for part in parts[:-1]:
                node = node.setdefault(part, [None, {}])[1]
            node.setdefault(parts[-1], [None, {}])[0] = (struct, go_type, want, ".".join(p for p in parts if p != "*"))
    return trie


def _walk(value: Any, trie: dict[str, Any], kind: str) -> Optional[str]:
    """The first field (depth first, in the order the paths are listed) whose JSON type the Go type refuses;
    None-valued and missing fields are absent (JSON null decodes to zero), a list's items are all checked."""
    for part, (check, below) in trie.items():
        if part == "*":
            items = value if isinstance(value, list) else ()
        elif isinstance(value, dict) and value.get(part) is not None:
            items = (value[part],)
        else:
            continue
        for item in items:
            if check is not None:
                struct, go_type, want, field = check
                if not isinstance(item, want):
                    return (f"json: cannot unmarshal {json_type(item)} into Go struct field "
                            f"{struct.format(kind=kind)}.{field} of type {go_type}")
                bad = next((v for v in item.values() if not isinstance(v, str) and v is not None), None) \
                    if go_type == MAP_STR else None
                if bad is not None:
                    return (f"json: cannot unmarshal {json_type(bad)} into Go struct field "
                            f"{struct.format(kind=kind)}.{field} of type string")
            if below:
                err = _walk(item, below, kind)
                if err:
                    return err
    return None


def shape_error(obj: Any) -> Optional[str]:
    kind = str(obj.get("kind", "")) if isinstance(obj, dict) else ""
    meta = obj.get("metadata") if isinstance(obj, dict) else None
    for key in TIMES if isinstance(meta, dict) else ():
        if meta.get(key) is not None and not isinstance(meta[key], str):
            return f"json: cannot unmarshal {json_type(meta[key])} into Go value of type string"
    return _walk(obj, _trie(kind), kind)
