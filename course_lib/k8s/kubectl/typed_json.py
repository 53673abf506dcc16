"""`-o json` of a typed object (what `kubectl create <generator>`/`run` print): the fields in Go struct order.

kubectl prints an object it built or decoded into its Go type (k8s.io/api v0.30) with encoding/json, so the keys
come in the order the struct declares its fields (TypeMeta's kind and apiVersion first); a map (labels, data,
selector...) is sorted. Objects read back as unstructured (`get`, `create -f`) keep the sorted keys of to_json.
Fields missing from the table below come after the known ones, sorted.
"""
from __future__ import annotations

from typing import Any

from course_lib.k8s.printers import compact_json, to_json

# type -> its fields in declaration order; `field:Type` names the type of a struct (or list of structs) field
_STRUCTS = """
ObjectMeta: name generateName namespace selfLink uid resourceVersion generation creationTimestamp
  deletionTimestamp deletionGracePeriodSeconds labels annotations ownerReferences:OwnerReference finalizers
  managedFields
OwnerReference: apiVersion kind name uid controller blockOwnerDeletion
LabelSelector: matchLabels matchExpressions:Requirement
Requirement: key operator values
PodTemplateSpec: metadata:ObjectMeta spec:PodSpec
PodSpec: volumes initContainers:Container containers:Container ephemeralContainers:Container restartPolicy
  terminationGracePeriodSeconds activeDeadlineSeconds dnsPolicy nodeSelector serviceAccountName serviceAccount
  automountServiceAccountToken nodeName hostNetwork hostPID hostIPC shareProcessNamespace securityContext
  imagePullSecrets hostname subdomain affinity schedulerName tolerations:Toleration hostAliases priorityClassName
  priority dnsConfig readinessGates runtimeClassName enableServiceLinks preemptionPolicy overhead
  topologySpreadConstraints setHostnameAsFQDN os hostUsers schedulingGates resourceClaims
Toleration: key operator value effect tolerationSeconds
Container: name image command args workingDir ports:ContainerPort envFrom env:EnvVar resources:Resources
  resizePolicy restartPolicy volumeMounts volumeDevices livenessProbe readinessProbe startupProbe lifecycle
  terminationMessagePath terminationMessagePolicy imagePullPolicy securityContext stdin stdinOnce tty
ContainerPort: name hostPort containerPort protocol hostIP
EnvVar: name value valueFrom
Resources: limits requests claims
PodStatus: phase conditions message reason nominatedNodeName hostIP hostIPs podIP podIPs startTime
  initContainerStatuses containerStatuses qosClass ephemeralContainerStatuses resize resourceClaimStatuses
DeploymentSpec: replicas selector:LabelSelector template:PodTemplateSpec strategy:DeploymentStrategy
  minReadySeconds revisionHistoryLimit paused progressDeadlineSeconds
DeploymentStrategy: type rollingUpdate:RollingUpdate
RollingUpdate: maxUnavailable maxSurge
DeploymentStatus: observedGeneration replicas updatedReplicas readyReplicas availableReplicas
  unavailableReplicas conditions collisionCount
ServiceSpec: ports:ServicePort selector clusterIP clusterIPs type externalIPs sessionAffinity loadBalancerIP
  loadBalancerSourceRanges externalName externalTrafficPolicy healthCheckNodePort publishNotReadyAddresses
  sessionAffinityConfig ipFamilies ipFamilyPolicy allocateLoadBalancerNodePorts loadBalancerClass
  internalTrafficPolicy trafficDistribution
ServicePort: name protocol appProtocol port targetPort nodePort
LoadBalancerStatus: loadBalancer conditions
JobSpec: parallelism completions activeDeadlineSeconds podFailurePolicy successPolicy backoffLimit
  backoffLimitPerIndex maxFailedIndexes selector:LabelSelector manualSelector template:PodTemplateSpec
  ttlSecondsAfterFinished completionMode suspend podReplacementPolicy managedBy
JobTemplateSpec: metadata:ObjectMeta spec:JobSpec
CronJobSpec: schedule timeZone startingDeadlineSeconds concurrencyPolicy suspend jobTemplate:JobTemplateSpec
  successfulJobsHistoryLimit failedJobsHistoryLimit
IngressSpec: ingressClassName defaultBackend:IngressBackend tls:IngressTLS rules:IngressRule
IngressTLS: hosts secretName
IngressRule: host http:HTTPIngressRuleValue
HTTPIngressRuleValue: paths:HTTPIngressPath
HTTPIngressPath: path pathType backend:IngressBackend
IngressBackend: service:IngressServiceBackend resource
IngressServiceBackend: name port:ServiceBackendPort
ServiceBackendPort: name number
PolicyRule: verbs apiGroups resources resourceNames nonResourceURLs
Subject: kind apiGroup name namespace
RoleRef: apiGroup kind name
ResourceQuotaSpec: hard scopes scopeSelector
ResourceQuotaStatus: hard used
"""

# kind -> the fields after TypeMeta (kind, apiVersion)
_KINDS = {
    "Deployment": "metadata:ObjectMeta spec:DeploymentSpec status:DeploymentStatus",
    "Pod": "metadata:ObjectMeta spec:PodSpec status:PodStatus",
    "Service": "metadata:ObjectMeta spec:ServiceSpec status:LoadBalancerStatus",
    "ConfigMap": "metadata:ObjectMeta immutable data binaryData",
    "Secret": "metadata:ObjectMeta immutable data stringData type",
    "Namespace": "metadata:ObjectMeta spec status",
    "ServiceAccount": "metadata:ObjectMeta secrets imagePullSecrets automountServiceAccountToken",
    "Job": "metadata:ObjectMeta spec:JobSpec status",
    "CronJob": "metadata:ObjectMeta spec:CronJobSpec status",
    "Ingress": "metadata:ObjectMeta spec:IngressSpec status:LoadBalancerStatus",
    "Role": "metadata:ObjectMeta rules:PolicyRule",
    "ClusterRole": "metadata:ObjectMeta rules:PolicyRule aggregationRule",
    "RoleBinding": "metadata:ObjectMeta subjects:Subject roleRef:RoleRef",
    "ClusterRoleBinding": "metadata:ObjectMeta subjects:Subject roleRef:RoleRef",
    "ResourceQuota": "metadata:ObjectMeta spec:ResourceQuotaSpec status:ResourceQuotaStatus",
    "PriorityClass": "metadata:ObjectMeta value globalDefault description preemptionPolicy",
}

Fields = list[tuple[str, str]]          # (json name, struct type or "")


def _fields(text: str) -> Fields:
    return [(name, typ) for name, _, typ in (word.partition(":") for word in text.split())]


def _structs() -> dict[str, Fields]:
    out: dict[str, Fields] = {}
    for block in _STRUCTS.strip().replace("\n  ", " ").splitlines():
        name, _, fields = block.partition(":")
        out[name] = _fields(fields)
    return out


STRUCTS = _structs()


def _ordered(value: Any, typ: str) -> Any:
    """`value` with the keys of struct `typ` in declaration order (lists: each item)."""
    if isinstance(value, list):
        return [_ordered(item, typ) for item in value]
    if not isinstance(value, dict):
        return value
    return _in_order(value, STRUCTS.get(typ, []))          # a map (or an unknown struct): sorted


def _in_order(value: dict[str, Any], fields: Fields) -> dict[str, Any]:
    out = {name: _ordered(value[name], typ) for name, typ in fields if name in value}
    out.update((k, _ordered(value[k], "")) for k in sorted(value) if k not in out)
    return out


def typed(obj: dict[str, Any]) -> dict[str, Any]:
    """The object's keys in Go struct order (objects of kinds outside the table: kind, apiVersion, then sorted)."""
    return _in_order(obj, _fields("kind apiVersion " + _KINDS.get(str(obj.get("kind")), "metadata:ObjectMeta")))


def with_saved_config(obj: dict[str, Any]) -> dict[str, Any]:
    """--save-config: the object with kubectl's last-applied-configuration annotation, its own JSON (compact, in
    struct order, as the JSON encoder writes it, newline included)."""
    text = compact_json(typed(obj), sort_keys=False) + "\n"
    meta = dict(obj.get("metadata") or {})
    meta["annotations"] = {**(meta.get("annotations") or {}), "kubectl.kubernetes.io/last-applied-configuration": text}
    return {**obj, "metadata": meta}


def typed_compact(obj: dict[str, Any]) -> str:
    """encoding/json Marshal of the typed object (the raw data a go-template error shows)."""
    return compact_json(typed(obj), sort_keys=False)


def to_typed_json(obj: dict[str, Any]) -> str:
    """encoding/json MarshalIndent of the typed object, as `kubectl create ... -o json` prints it."""
    return to_json(typed(obj), sort_keys=False)
