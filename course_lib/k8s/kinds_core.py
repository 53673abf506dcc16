"""Core (v1) kinds: Pod, Node, Namespace, ConfigMap, Secret, ServiceAccount, Event -- schema, checks, columns."""
from __future__ import annotations

from typing import Any, Optional

from course_lib.k8s import validation as v
from course_lib.k8s.kinds import KindInfo, RowEnv, human_duration, register

Obj = dict[str, Any]
NONE = "<none>"


# ---- Pod -----------------------------------------------------------------------------------------
def pod_status_text(pod: Obj) -> str:
    """kubectl's printPod reason: phase, then a container's waiting/terminated reason, Terminating."""
    status = pod.get("status") or {}
    reason = status.get("reason") or status.get("phase") or "Pending"
    from course_lib.k8s.init_containers import status_text
    init_reason, initializing = status_text(pod)
    initialized = any(c.get("type") == "Initialized" and c.get("status") == "True"
                      for c in status.get("conditions") or [])
    reason = init_reason or reason
    for cs in reversed(status.get("containerStatuses") or [] if not initializing or initialized else []):
        state = cs.get("state") or {}
        if state.get("waiting", {}).get("reason"):
            reason = state["waiting"]["reason"]
        elif state.get("terminated", {}).get("reason"):
            reason = state["terminated"]["reason"]
    if pod["metadata"].get("deletionTimestamp"):
        reason = "Terminating"
    return reason


def pod_ready_count(pod: Obj) -> str:
    containers = (pod.get("spec") or {}).get("containers") or []
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    return f"{sum(1 for s in statuses if s.get('ready'))}/{len(containers)}"


def pod_restarts(pod: Obj, now: Optional[float] = None) -> str:
    """printPod's RESTARTS: the sum, with the latest lastState.terminated.finishedAt as `3 (42s ago)`."""
    from course_lib.k8s.store import parse_timestamp
    from course_lib.k8s.init_containers import status_text
    status = pod.get("status") or {}
    initialized = any(c.get("type") == "Initialized" and c.get("status") == "True"
                      for c in status.get("conditions") or [])
    initializing = status_text(pod)[1] and not initialized      # the init containers' restarts, until done
    statuses = status.get("initContainerStatuses" if initializing else "containerStatuses") or []
    restarts = sum(int(s.get("restartCount", 0)) for s in statuses)
    finished = [((s.get("lastState") or {}).get("terminated") or {}).get("finishedAt") for s in statuses]
    latest = max((parse_timestamp(f) for f in finished if f), default=None)
    if restarts and latest is not None and now is not None:
        return f"{restarts} ({human_duration(now - latest)} ago)"
    return str(restarts)


def pod_row(pod: Obj, env: RowEnv) -> list[str]:
    return [pod["metadata"]["name"], pod_ready_count(pod), pod_status_text(pod), pod_restarts(pod, env.now),
            env.age(pod)]


def pod_wide(pod: Obj, env: RowEnv) -> list[str]:
    status = pod.get("status") or {}
    return [status.get("podIP") or NONE, (pod.get("spec") or {}).get("nodeName") or NONE, NONE, NONE]


def validate_pod(pod: Obj, cluster: Any) -> list[str]:
    return v.name_errors(pod["metadata"].get("name")) + v.pod_spec_errors(pod.get("spec"), "spec")


def default_pod_spec(spec: Obj) -> None:
    """The API server's defaults for a pod spec (as `-o yaml` shows them)."""
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("schedulerName", "default-scheduler")
    spec.setdefault("securityContext", {})
    spec.setdefault("terminationGracePeriodSeconds", 30)
    for c in list(spec.get("initContainers") or []) + list(spec.get("containers") or []):
        image = str(c.get("image", ""))
        latest = ":" not in image.rsplit("/", 1)[-1] or image.endswith(":latest")
        c.setdefault("imagePullPolicy", "Always" if latest else "IfNotPresent")
        c.setdefault("resources", {})
        c.setdefault("terminationMessagePath", "/dev/termination-log")
        c.setdefault("terminationMessagePolicy", "File")
        for port in c.get("ports") or []:
            port.setdefault("protocol", "TCP")
        for kind in ("livenessProbe", "readinessProbe", "startupProbe"):
            default_probe(c.get(kind))


def default_probe(probe: Any) -> None:
    """SetDefaults_Probe and SetDefaults_HTTPGetAction (initialDelaySeconds has no default)."""
    if not isinstance(probe, dict):
        return
    probe.setdefault("timeoutSeconds", 1)
    probe.setdefault("periodSeconds", 10)
    probe.setdefault("successThreshold", 1)
    probe.setdefault("failureThreshold", 3)
    if isinstance(probe.get("httpGet"), dict):
        probe["httpGet"].setdefault("path", "/")
        probe["httpGet"].setdefault("scheme", "HTTP")


def default_pod(pod: Obj, cluster: Any) -> None:
    spec = pod.setdefault("spec", {})
    default_pod_spec(spec)
    spec.setdefault("enableServiceLinks", True)
    from course_lib.k8s.scheduling import admit_pod_priority
    admit_pod_priority(pod, cluster)
    spec.setdefault("preemptionPolicy", "PreemptLowerPriority")
    spec.setdefault("priority", 0)
    mirror = "kubernetes.io/config.source" in (pod["metadata"].get("annotations") or {})
    if not mirror:                                  # the ServiceAccount admission plugin skips mirror pods
        spec.setdefault("serviceAccountName", "default")
    if spec.get("serviceAccountName"):
        spec.setdefault("serviceAccount", spec["serviceAccountName"])
    tolerations = spec.setdefault("tolerations", [])
    for key in ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"):    # DefaultTolerationSeconds
        if not any((t.get("key") == key or (not t.get("key") and t.get("operator") == "Exists"))
                   and t.get("effect", "") in ("", "NoExecute") for t in tolerations):
            tolerations.append({"effect": "NoExecute", "key": key, "operator": "Exists", "tolerationSeconds": 300})
    if spec.get("automountServiceAccountToken") is not False and cluster is not None and not mirror and \
            not any(str(v.get("name", "")).startswith("kube-api-access-") for v in spec.get("volumes") or []):
        name = f"kube-api-access-{cluster.suffix(5)}"       # the ServiceAccount admission plugin's volume
        spec.setdefault("volumes", []).append(
            {"name": name, "projected": {"defaultMode": 420, "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                                            "path": "namespace"}]}}]}})
        for c in list(spec.get("initContainers") or []) + list(spec.get("containers") or []):
            c.setdefault("volumeMounts", []).append(
                {"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": name, "readOnly": True})
    pod.setdefault("status", {"phase": "Pending", "qosClass": qos_class(spec)})


def qos_class(spec: Obj) -> str:
    """GetPodQOS from cpu/memory requests and limits: BestEffort (none), Guaranteed (every container limits
    both and requests equal the limits), else Burstable."""
    from course_lib.k8s.quantity import parse
    containers = list(spec.get("containers") or []) + list(spec.get("initContainers") or [])
    requests: dict[str, Any] = {}
    limits: dict[str, Any] = {}
    guaranteed = True
    for c in containers:
        res = c.get("resources") or {}
        lim = {k: parse(q)[0] for k, q in (res.get("limits") or {}).items() if k in ("cpu", "memory")}
        req = {k: parse(q)[0] for k, q in (res.get("requests") or {}).items() if k in ("cpu", "memory")}
        req = {**lim, **req}                      # requests default to the limits
        for k, q in req.items():
            if q:
                requests[k] = requests.get(k, 0) + q
        for k, q in lim.items():
            if q:
                limits[k] = limits.get(k, 0) + q
        if set(lim) != {"cpu", "memory"} or any(req.get(k) != lim.get(k) for k in lim):
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    return "Guaranteed" if guaranteed and requests == limits else "Burstable"


# ---- Node ----------------------------------------------------------------------------------------
def node_ready(node: Obj) -> bool:
    for cond in (node.get("status") or {}).get("conditions") or []:
        if cond.get("type") == "Ready":
            return cond.get("status") == "True"
    return False


def node_roles(node: Obj) -> str:
    roles = sorted(k.split("/", 1)[1] for k in (node["metadata"].get("labels") or {})
                   if k.startswith("node-role.kubernetes.io/"))
    return ",".join(roles) or NONE


def node_row(node: Obj, env: RowEnv) -> list[str]:
    status = "Ready" if node_ready(node) else "NotReady"
    if (node.get("spec") or {}).get("unschedulable"):
        status += ",SchedulingDisabled"
    info = (node.get("status") or {}).get("nodeInfo") or {}
    return [node["metadata"]["name"], status, node_roles(node), env.age(node), info.get("kubeletVersion", "")]


def node_wide(node: Obj, env: RowEnv) -> list[str]:
    status = node.get("status") or {}
    addrs = {a["type"]: a["address"] for a in status.get("addresses") or []}
    info = status.get("nodeInfo") or {}
    return [addrs.get("InternalIP", NONE), addrs.get("ExternalIP", NONE), info.get("osImage", ""),
            info.get("kernelVersion", ""), info.get("containerRuntimeVersion", "")]


# ---- small kinds ---------------------------------------------------------------------------------
def _name(obj: Obj) -> str:
    return obj["metadata"]["name"]


def namespace_row(obj: Obj, env: RowEnv) -> list[str]:
    return [_name(obj), (obj.get("status") or {}).get("phase", "Active"), env.age(obj)]


def configmap_row(obj: Obj, env: RowEnv) -> list[str]:
    return [_name(obj), str(len(obj.get("data") or {}) + len(obj.get("binaryData") or {})), env.age(obj)]


def secret_row(obj: Obj, env: RowEnv) -> list[str]:
    return [_name(obj), obj.get("type", "Opaque"), str(len(obj.get("data") or {})), env.age(obj)]


def serviceaccount_row(obj: Obj, env: RowEnv) -> list[str]:
    return [_name(obj), str(len(obj.get("secrets") or [])), env.age(obj)]


def _event_cells(obj: Obj, env: RowEnv) -> tuple[str, str, str, int]:
    """printEvent's times, object and count: lastTimestamp (else the first), the series' when there is one."""
    from course_lib.k8s.store import parse_timestamp
    since = lambda stamp: human_duration(env.now - parse_timestamp(stamp)) if stamp else "<unknown>"  # noqa: E731
    first = since(obj.get("firstTimestamp") or obj.get("eventTime"))
    last = since(obj["lastTimestamp"]) if obj.get("lastTimestamp") else first
    count = int(obj.get("count") or 1)
    if obj.get("series"):
        last, count = since(obj["series"].get("lastObservedTime")), int(obj["series"].get("count") or count)
    involved = obj.get("involvedObject") or {}
    kind = str(involved.get("kind", "")).lower()
    target = f"{kind}/{involved['name']}" if involved.get("name") else kind
    return first, last, target, count


def event_row(obj: Obj, env: RowEnv) -> list[str]:
    _, last, target, _ = _event_cells(obj, env)
    return [last, obj.get("type", ""), obj.get("reason", ""), target, str(obj.get("message", "")).strip()]


def event_wide(obj: Obj, env: RowEnv) -> list[str]:
    """-o wide adds SUBOBJECT and SOURCE before the message, FIRST SEEN, COUNT and NAME after it."""
    first, last, target, count = _event_cells(obj, env)
    source = obj.get("source") or {}
    component = source.get("component") or obj.get("reportingComponent") or ""
    host = source.get("host") or obj.get("reportingInstance") or ""
    return [last, obj.get("type", ""), obj.get("reason", ""), target,
            (obj.get("involvedObject") or {}).get("fieldPath", ""), f"{component}, {host}" if host else component,
            str(obj.get("message", "")).strip(), first, str(count), obj["metadata"]["name"]]


def default_secret(obj: Obj, cluster: Any) -> None:
    obj.setdefault("type", "Opaque")
    import base64
    for key, value in (obj.pop("stringData", None) or {}).items():
        obj.setdefault("data", {})[key] = base64.b64encode(str(value).encode()).decode()


def validate_named(obj: Obj, cluster: Any) -> list[str]:
    return v.name_errors(obj["metadata"].get("name"))


def validate_namespace(obj: Obj, cluster: Any) -> list[str]:
    return v.name_errors(obj["metadata"].get("name"), label=True)


SIMPLE_DATA = {**v.SIMPLE, "data": v.MAP, "binaryData": v.MAP, "immutable": v.BOOL}

register(KindInfo("Pod", ("v1",), "pods", ("po",), schema=v.POD, validate=validate_pod, default=default_pod,
                  columns=("NAME", "READY", "STATUS", "RESTARTS", "AGE"), row=pod_row,
                  wide_columns=("IP", "NODE", "NOMINATED NODE", "READINESS GATES"), wide_row=pod_wide))
register(KindInfo("Node", ("v1",), "nodes", ("no",), namespaced=False,
                  schema={**v.SIMPLE, "spec": v.ANY, "status": v.ANY}, validate=validate_named,
                  columns=("NAME", "STATUS", "ROLES", "AGE", "VERSION"), row=node_row,
                  wide_columns=("INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"),
                  wide_row=node_wide))
register(KindInfo("Namespace", ("v1",), "namespaces", ("ns",), namespaced=False,
                  schema={**v.SIMPLE, "spec": v.ANY, "status": v.ANY}, validate=validate_namespace,
                  default=lambda o, c: (o.setdefault("spec", {"finalizers": ["kubernetes"]}),
                                        o.setdefault("status", {"phase": "Active"})) and None,
                  columns=("NAME", "STATUS", "AGE"), row=namespace_row))
register(KindInfo("ConfigMap", ("v1",), "configmaps", ("cm",), schema=SIMPLE_DATA, validate=validate_named,
                  columns=("NAME", "DATA", "AGE"), row=configmap_row))
register(KindInfo("Secret", ("v1",), "secrets", (), schema={**SIMPLE_DATA, "stringData": v.MAP, "type": v.STR},
                  validate=validate_named, default=default_secret,
                  columns=("NAME", "TYPE", "DATA", "AGE"), row=secret_row))
register(KindInfo("ServiceAccount", ("v1",), "serviceaccounts", ("sa",),
                  schema={**v.SIMPLE, "secrets": v.ANY, "imagePullSecrets": v.ANY,
                          "automountServiceAccountToken": v.BOOL},
                  validate=validate_named, columns=("NAME", "SECRETS", "AGE"), row=serviceaccount_row))
register(KindInfo("Event", ("v1",), "events", ("ev",), schema=v.ANY,
                  columns=("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"), row=event_row,
                  wide_columns=("LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE",
                                "FIRST SEEN", "COUNT", "NAME"), wide_row=event_wide, wide_full=True))

RBAC = "rbac.authorization.k8s.io/v1"
for _kind, _res, _ns in (("ClusterRole", "clusterroles", False), ("ClusterRoleBinding", "clusterrolebindings", False),
                         ("Role", "roles", True), ("RoleBinding", "rolebindings", True)):
    register(KindInfo(_kind, (RBAC,), _res, (), namespaced=_ns, schema=v.ANY, validate=validate_named,
                      columns=("NAME", "CREATED AT"),
                      row=lambda o, env: [o["metadata"]["name"], o["metadata"].get("creationTimestamp", "")]))
