"""The enum values kube-apiserver 1.30 publishes for `+enum` fields, which explain_schema.json.gz lacks.

The committed OpenAPI files (and so kubernetes-validate's schemas, from which explain_schema.json.gz was built) omit
enums; the API server serves them (OpenAPIEnums, on by default): each enum field has `enum` (its constants, sorted)
and its description ends with kube-openapi's "Possible enum values:" list, one ` - `"VALUE"` COMMENT` line a
constant, the comment being the constant's Go doc comment without its leading identifier, whitespace collapsed.
kubectl 1.30's explain prints them (`ENUM:` / `enum:` lines, kubernetes#123023). The texts are the Go comments of
k8s.io/api 1.30 (core/v1, apps/v1, networking/v1, scheduling/v1, discovery/v1), as real explain output shows them.
"""
from __future__ import annotations

from typing import Any

PROTOCOL = [("SCTP", "is the SCTP protocol."), ("TCP", "is the TCP protocol."), ("UDP", "is the UDP protocol.")]
TRAFFIC_CLUSTER = ("Cluster", "routes traffic to all endpoints.")

ENUM_TYPES: dict[str, list[tuple[str, str]]] = {
    "RestartPolicy": [("Always", ""), ("Never", ""), ("OnFailure", "")],
    "DNSPolicy": [
        ("ClusterFirst", "indicates that the pod should use cluster DNS first unless hostNetwork is true, if it is "
                         "available, then fall back on the default (as determined by kubelet) DNS settings."),
        ("ClusterFirstWithHostNet", "indicates that the pod should use cluster DNS first, if it is available, then "
                                    "fall back on the default (as determined by kubelet) DNS settings."),
        ("Default", "indicates that the pod should use the default (as determined by kubelet) DNS settings."),
        ("None", "indicates that the pod should use empty DNS settings. DNS parameters such as nameservers and "
                 "search paths should be defined via DNSConfig.")],
    "PreemptionPolicy": [
        ("Never", "means that pod never preempts other pods with lower priority."),
        ("PreemptLowerPriority", "means that pod can preempt other pods with lower priority.")],
    "PullPolicy": [
        ("Always", "means that kubelet always attempts to pull the latest image. Container will fail If the pull "
                   "fails."),
        ("IfNotPresent", "means that kubelet pulls if the image isn't present on disk. Container will fail if the "
                         "image isn't present and the pull fails."),
        ("Never", "means that kubelet never pulls an image, but only uses a local image. Container will fail if the "
                  "image isn't present")],
    "TerminationMessagePolicy": [
        ("FallbackToLogsOnError", "will read the most recent contents of the container logs for the container "
                                  "status message when the container exits with an error and the "
                                  "terminationMessagePath has no contents."),
        ("File", "is the default behavior and will set the container status message to the contents of the "
                 "container's terminationMessagePath when the container exits.")],
    "Protocol": PROTOCOL,
    "ServiceType": [
        ("ClusterIP", "means a service will only be accessible inside the cluster, via the cluster IP."),
        ("ExternalName", "means a service consists of only a reference to an external name that kubedns or "
                         "equivalent will return as a CNAME record, with no exposing or proxying of any pods "
                         "involved."),
        ("LoadBalancer", "means a service will be exposed via an external load balancer (if the cloud provider "
                         "supports it), in addition to 'NodePort' type."),
        ("NodePort", "means a service will be exposed on one port of every node, in addition to 'ClusterIP' "
                     "type.")],
    "ServiceExternalTrafficPolicy": [
        TRAFFIC_CLUSTER,
        ("Local", "preserves the source IP of the traffic by routing only to endpoints on the same node as the "
                  "traffic was received on (dropping the traffic if there are no local endpoints).")],
    "ServiceInternalTrafficPolicy": [
        TRAFFIC_CLUSTER,
        ("Local", "routes traffic only to endpoints on the same node as the client pod (dropping the traffic if "
                  "there are no local endpoints).")],
    "ServiceAffinity": [("ClientIP", "is the Client IP based."), ("None", "- no session affinity.")],
    "IPFamilyPolicy": [
        ("PreferDualStack", "indicates that this service prefers dual-stack when the cluster is configured for "
                            "dual-stack. If the cluster is not configured for dual-stack the service will be "
                            "assigned a single IPFamily. If the IPFamily is not set in service.spec.ipFamilies then "
                            "the service will be assigned the default IPFamily configured on the cluster"),
        ("RequireDualStack", "indicates that this service requires dual-stack. Using IPFamilyPolicyRequireDualStack "
                             "on a single stack cluster will result in validation errors. The IPFamilies (and their "
                             "order) assigned to this service is based on service.spec.ipFamilies. If "
                             "service.spec.ipFamilies was not provided then it will be assigned according to how "
                             "they are configured on the cluster. If service.spec.ipFamilies has only one entry then "
                             "the alternative IPFamily will be added by apiserver"),
        ("SingleStack", "indicates that this service is required to have a single IPFamily. The IPFamily assigned "
                        "is based on the default IPFamily used by the cluster or as identified by "
                        "service.spec.ipFamilies field")],
    "TaintEffect": [
        ("NoExecute", "Evict any already-running pods that do not tolerate the taint. Currently enforced by "
                      "NodeController."),
        ("NoSchedule", "Do not allow new pods to schedule onto the node unless they tolerate the taint, but allow "
                       "all pods submitted to Kubelet without going through the scheduler to start, and allow all "
                       "already-running pods to continue running. Enforced by the scheduler."),
        ("PreferNoSchedule", "Like TaintEffectNoSchedule, but the scheduler tries not to schedule new pods onto the "
                             "node, rather than prohibiting new pods from scheduling onto the node entirely. "
                             "Enforced by the scheduler.")],
    "TolerationOperator": [("Equal", ""), ("Exists", "")],
    "URIScheme": [("HTTP", "means that the scheme used will be http://"),
                  ("HTTPS", "means that the scheme used will be https://")],
    "DeploymentStrategyType": [
        ("Recreate", "Kill all existing pods before creating new ones."),
        ("RollingUpdate", "Replace the old ReplicaSets by new one using rolling update i.e gradually scale down "
                          "the old ReplicaSets and scale up the new one.")],
    "PathType": [
        ("Exact", "matches the URL path exactly and with case sensitivity."),
        ("ImplementationSpecific", "matching is up to the IngressClass. Implementations can treat this as a "
                                   "separate PathType or treat it identically to Prefix or Exact path types."),
        ("Prefix", "matches based on a URL path prefix split by '/'. Matching is case sensitive and done on a path "
                   "element by element basis. A path element refers to the list of labels in the path split by the "
                   "'/' separator. A request is a match for path p if every p is an element-wise prefix of p of the "
                   "request path. Note that if the last element of the path is a substring of the last element in "
                   "request path, it is not a match (e.g. /foo/bar matches /foo/bar/baz, but does not match "
                   "/foo/barbaz). If multiple matching paths exist in an Ingress spec, the longest matching path is "
                   "given priority. Examples: - /foo/bar does not match requests to /foo/barbaz - /foo/bar matches "
                   "request to /foo/bar and /foo/bar/baz - /foo and /foo/ both match requests to /foo and /foo/. If "
                   "both paths are present in an Ingress spec, the longest matching path (/foo/) is given priority.")],
}

CORE = "io.k8s.api.core.v1."
FIELDS: dict[tuple[str, str], str] = {
    (CORE + "PodSpec", "restartPolicy"): "RestartPolicy",
    (CORE + "PodSpec", "dnsPolicy"): "DNSPolicy",
    (CORE + "PodSpec", "preemptionPolicy"): "PreemptionPolicy",
    (CORE + "Container", "imagePullPolicy"): "PullPolicy",
    (CORE + "Container", "terminationMessagePolicy"): "TerminationMessagePolicy",
    (CORE + "EphemeralContainer", "imagePullPolicy"): "PullPolicy",
    (CORE + "EphemeralContainer", "terminationMessagePolicy"): "TerminationMessagePolicy",
    (CORE + "ContainerPort", "protocol"): "Protocol",
    (CORE + "ServicePort", "protocol"): "Protocol",
    (CORE + "EndpointPort", "protocol"): "Protocol",
    (CORE + "ServiceSpec", "type"): "ServiceType",
    (CORE + "ServiceSpec", "externalTrafficPolicy"): "ServiceExternalTrafficPolicy",
    (CORE + "ServiceSpec", "internalTrafficPolicy"): "ServiceInternalTrafficPolicy",
    (CORE + "ServiceSpec", "sessionAffinity"): "ServiceAffinity",
    (CORE + "ServiceSpec", "ipFamilyPolicy"): "IPFamilyPolicy",
    (CORE + "Taint", "effect"): "TaintEffect",
    (CORE + "Toleration", "effect"): "TaintEffect",
    (CORE + "Toleration", "operator"): "TolerationOperator",
    (CORE + "HTTPGetAction", "scheme"): "URIScheme",
    ("io.k8s.api.discovery.v1.EndpointPort", "protocol"): "Protocol",
    ("io.k8s.api.networking.v1.NetworkPolicyPort", "protocol"): "Protocol",
    ("io.k8s.api.networking.v1.HTTPIngressPath", "pathType"): "PathType",
    ("io.k8s.api.apps.v1.DeploymentStrategy", "type"): "DeploymentStrategyType",
    ("io.k8s.api.scheduling.v1.PriorityClass", "preemptionPolicy"): "PreemptionPolicy",
}


def add_enums(defs: dict[str, Any]) -> None:
    """Give each known enum field of the compact schema its `e` (values, sorted) and the description lines
    kube-openapi appends (`<description>\\n\\nPossible enum values:\\n - `"V"` comment`)."""
    for (name, field), enum_type in FIELDS.items():
        prop = ((defs.get(name) or {}).get("p") or {}).get(field)
        if prop is None or "e" in prop:
            continue
        values = sorted(ENUM_TYPES[enum_type])
        prop["e"] = [v for v, _ in values]
        lines = "\n".join(f' - `"{v}"` {comment}' for v, comment in values)
        prop["d"] = (prop["d"] + "\n\n" if prop.get("d") else "") + "Possible enum values:\n" + lines
