"""The kubelet's checks of the ConfigMaps and Secrets a pod names: FailedMount before the sandbox, and
CreateContainerConfigError before a container is created; both retried until the object appears.

As the kubelet 1.30 does: the volume manager mounts a pod's configMap/secret volumes (projected sources too)
before the sandbox is made (kubelet syncPod: WaitForAttachAndMount before SyncPod); a missing non-optional
object fails SetUp with the watch-based manager's NotFound (`configmap "x" not found`, `secret "x" not found`),
the Warning event FailedMount `MountVolume.SetUp failed for volume "v" : ...` and the pod stays
ContainerCreating without an IP; the reconciler retries with its exponential back-off (0.5 s doubling to 2m2s),
each failure counted on the same event. A container's environment (makeEnvironmentVariables: envFrom, then
env) that names a missing object or key fails generateContainerConfig: the container waits with reason
CreateContainerConfigError and that message, the Warning event Failed `Error: <message>`, and the pod worker
syncs the pod again 10 s later (backOffPeriod). Once the object exists the next try goes on as usual.
"""
from __future__ import annotations

from typing import Any, Optional

from course_lib.k8s.controllers import key_of
from course_lib.k8s.image_backoff import record

Obj = dict[str, Any]
SYNC_RETRY = 10.0                         # podWorkers' backOffPeriod after a failed sync
MOUNT_FIRST, MOUNT_MAX = 0.5, 122.0       # the operation executor's exponential back-off (2m2s cap)


def _object(cluster: Any, kind: str, namespace: str, name: str) -> Optional[Obj]:
    return cluster.store.get(kind, namespace, name)


def _missing(cluster: Any, kind: str, namespace: str, name: str) -> str:
    """The manager's NotFound text, or "" when the object exists."""
    if _object(cluster, kind, namespace, name) is not None:
        return ""
    return f'{"configmap" if kind == "ConfigMap" else "secret"} "{name}" not found'


def _has_key(obj: Obj, key: str) -> bool:
    return key in (obj.get("data") or {}) or key in (obj.get("binaryData") or {}) or \
        key in (obj.get("stringData") or {})


def env_error(cluster: Any, pod: Obj, spec: Obj) -> str:
    """makeEnvironmentVariables' first error for the container, or ""."""
    ns = pod["metadata"]["namespace"]
    for source in spec.get("envFrom") or []:
        for field, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
            ref = source.get(field)
            if isinstance(ref, dict) and not ref.get("optional"):
                error = _missing(cluster, kind, ns, str(ref.get("name", "")))
                if error:
                    return error
    for var in spec.get("env") or []:
        value_from = var.get("valueFrom") if isinstance(var, dict) else None
        if not isinstance(value_from, dict):
            continue
        for field, kind, label in (("configMapKeyRef", "ConfigMap", "ConfigMap"), ("secretKeyRef", "Secret", "Secret")):
            ref = value_from.get(field)
            if not isinstance(ref, dict) or ref.get("optional"):
                continue
            name, key = str(ref.get("name", "")), str(ref.get("key", ""))
            error = _missing(cluster, kind, ns, name)
            if error:
                return error
            if not _has_key(_object(cluster, kind, ns, name) or {}, key):
                return f"couldn't find key {key} in {label} {ns}/{name}"
    return ""


def volume_error(cluster: Any, pod: Obj) -> tuple[str, str]:
    """(volume name, SetUp's error) for the first volume whose ConfigMap or Secret is missing, else ("", "")."""
    ns = pod["metadata"]["namespace"]
    for volume in pod["spec"].get("volumes") or []:
        sources = []
        if isinstance(volume.get("configMap"), dict):
            sources.append(("ConfigMap", volume["configMap"].get("name"), volume["configMap"].get("optional")))
        if isinstance(volume.get("secret"), dict):
            sources.append(("Secret", volume["secret"].get("secretName"), volume["secret"].get("optional")))
        for src in (volume.get("projected") or {}).get("sources") or []:
            for field, kind in (("configMap", "ConfigMap"), ("secret", "Secret")):
                if isinstance(src.get(field), dict):
                    sources.append((kind, src[field].get("name"), src[field].get("optional")))
        for kind, name, optional in sources:
            error = "" if optional else _missing(cluster, kind, ns, str(name or ""))
            if error:
                return str(volume.get("name", "")), error
    return "", ""


def mount_blocked(kubelet: Any, pod: Obj) -> bool:
    """Before the sandbox: a volume that cannot be set up holds the pod (FailedMount, retried); True if held."""
    if not getattr(kubelet.cluster, "started", False):
        return False                # the build makes its objects in its own order; kubeadm's exist before the pods
    volume, error = volume_error(kubelet.cluster, pod)
    key, uid = key_of(pod), pod["metadata"]["uid"]
    waits = kubelet.__dict__.setdefault("mount_waits", {})
    if not error:
        waits.pop(uid, None)
        return False
    if uid in waits and not waits[uid][2]:
        return True                                    # a retry is already due: this sync changes nothing
    delay = MOUNT_FIRST if uid not in waits else min(waits[uid][1] * 2, MOUNT_MAX)
    waits[uid] = [kubelet.cluster.now(), delay, False]
    record(kubelet.cluster, pod, "Warning", "FailedMount", f'MountVolume.SetUp failed for volume "{volume}" : {error}')
    if not pod.get("status", {}).get("containerStatuses"):
        kubelet._set_waiting(pod, "ContainerCreating")
    from course_lib.net.events import scheduler
    scheduler(kubelet.cluster.network).after(delay, _mount_retry, kubelet, key, uid)
    return True


def _mount_retry(kubelet: Any, key: Any, uid: str) -> None:
    pod = kubelet.cluster.store.get(*key)
    waits = kubelet.__dict__.get("mount_waits", {})
    if pod is None or pod["metadata"].get("uid") != uid or uid not in waits or pod["metadata"].get("deletionTimestamp"):
        waits.pop(uid, None)
        return
    waits[uid][2] = True                               # this is the retry
    kubelet.sync_pod(pod)


def config_blocked(kubelet: Any, pod: Obj, rt: Any, spec: Obj, status: Obj) -> bool:
    """Before a container is created: its environment's ConfigMap/Secret missing holds it (retried); True if held."""
    error = env_error(kubelet.cluster, pod, spec) if getattr(kubelet.cluster, "started", False) else ""
    if not error:
        return False
    from course_lib.k8s.kubelet import container_path
    rt.containers.pop(spec["name"], None)
    record(kubelet.cluster, pod, "Warning", "Failed", f"Error: {error}", container_path(pod, spec.get("name", "")))
    status.update(ready=False, started=False, state={"waiting": {"reason": "CreateContainerConfigError",
                                                                 "message": error}})
    from course_lib.net.events import scheduler
    scheduler(kubelet.cluster.network).after(SYNC_RETRY, _config_retry, kubelet, key_of(pod), pod["metadata"]["uid"],
                                             spec["name"])
    return True


def _config_retry(kubelet: Any, key: Any, uid: str, name: str) -> None:
    """The pod worker's next sync: try the held container again; the pod's status follows."""
    pod = kubelet.cluster.store.get(*key)
    rt = kubelet.pods.get(uid)
    if pod is None or rt is None or pod["metadata"].get("uid") != uid or pod["metadata"].get("deletionTimestamp"):
        return
    statuses = pod["status"].get("containerStatuses") or []
    index = next((i for i, s in enumerate(statuses) if s.get("name") == name), None)
    spec = next((c for c in pod["spec"].get("containers") or [] if c.get("name") == name), None)
    if index is None or spec is None or \
            (statuses[index].get("state") or {}).get("waiting", {}).get("reason") != "CreateContainerConfigError":
        return
    error = env_error(kubelet.cluster, pod, spec)
    if error:                                          # the image step again, then the same failure, counted
        from course_lib.k8s.kubelet import container_path, image_size
        part, ref = container_path(pod, name), str(spec.get("image", ""))
        if spec.get("imagePullPolicy") == "Never" or (ref in kubelet.images and spec.get("imagePullPolicy") != "Always"):
            record(kubelet.cluster, pod, "Normal", "Pulled", f'Container image "{ref}" already present on machine', part)
        else:
            record(kubelet.cluster, pod, "Normal", "Pulling", f'Pulling image "{ref}"', part)
            record(kubelet.cluster, pod, "Normal", "Pulled", f'Successfully pulled image "{ref}" in 452ms (452ms '
                   f"including waiting). Image size: {image_size(ref)} bytes.", part)
        record(kubelet.cluster, pod, "Warning", "Failed", f"Error: {error}", part)
        statuses[index]["state"] = {"waiting": {"reason": "CreateContainerConfigError", "message": error}}
        kubelet.cluster.store.touch(pod)
        from course_lib.net.events import scheduler
        scheduler(kubelet.cluster.network).after(SYNC_RETRY, _config_retry, kubelet, key, uid, name)
        return
    fresh = kubelet.start_container(pod, rt, spec)
    statuses = statuses[:index] + [fresh] + statuses[index + 1:]
    kubelet._set_running(pod, rt, statuses, all(bool(s.get("ready")) for s in statuses))
    if name in rt.containers:
        from course_lib.k8s.probes import prober_of
        prober = prober_of(kubelet.cluster)
        if prober is not None:
            prober.start(kubelet.node, pod, kubelet.cluster.now(), container=name)
