"""A pod container's process environment, as the kubelet, containerd and runc assemble it.

containerd's spec: PATH (the default), HOSTNAME (the pod's hostname), then the image's ENV, then the
variables the kubelet passes (an existing name keeps its place); runc adds HOME when it is unset.
The kubelet's variables (makeEnvironmentVariables) are the container's env, resolved and expanded,
then the service links (getServiceEnvVarMap: the `kubernetes` Service always, every Service of the
pod's namespace with a cluster IP when enableServiceLinks is true, as envvars.FromServices names them)
that the container's env does not set. Both sets are Go maps, so their order is Go's map order: a
shuffle seeded by the pod's uid and the container's name (one order per container, stable, like a
container's environ). The env is taken when the container starts, so a Service made later is missing
until the container restarts.
"""
from __future__ import annotations

import random
from typing import Any

from course_lib.docker import images as docker_images

Obj = dict[str, Any]
MASTER_SERVICES = ("kubernetes",)


def env_name(name: str) -> str:
    """makeEnvVariableName."""
    return name.replace("-", "_").upper()


def from_service(svc: Obj) -> list[tuple[str, str]]:
    """envvars.FromServices for one Service: HOST, PORT, named ports, then Docker link variables."""
    spec = svc.get("spec") or {}
    ip, ports = spec.get("clusterIP") or "", spec.get("ports") or []
    if ip in ("", "None") or not ports:
        return []
    prefix = env_name(svc["metadata"]["name"])
    out = [(f"{prefix}_SERVICE_HOST", ip), (f"{prefix}_SERVICE_PORT", str(ports[0].get("port")))]
    out += [(f"{prefix}_SERVICE_PORT_{env_name(p['name'])}", str(p.get("port"))) for p in ports if p.get("name")]
    host = f"[{ip}]" if ":" in ip else ip
    for i, p in enumerate(ports):                               # makeLinkVariables
        proto = str(p.get("protocol") or "TCP")
        url = f"{proto.lower()}://{host}:{p.get('port')}"
        if i == 0:
            out.append((f"{prefix}_PORT", url))
        base = f"{prefix}_PORT_{p.get('port')}_{proto.upper()}"
        out += [(base, url), (f"{base}_PROTO", proto.lower()), (f"{base}_PORT", str(p.get("port"))),
                (f"{base}_ADDR", ip)]
    return out


def service_env(cluster: Any, namespace: str, links: bool = True) -> dict[str, str]:
    """getServiceEnvVarMap: the master services from default, the namespace's services with links."""
    chosen: dict[str, Obj] = {}
    for svc in cluster.store.list("Service", None):
        ns, name = svc["metadata"].get("namespace"), svc["metadata"]["name"]
        if svc["metadata"].get("deletionTimestamp") or (svc.get("spec") or {}).get("clusterIP") in (None, "", "None"):
            continue
        if ns == "default" and name in MASTER_SERVICES:
            chosen.setdefault(name, svc)
        elif ns == namespace and links:
            chosen[name] = svc
    env: dict[str, str] = {}
    for svc in chosen.values():
        env.update(from_service(svc))
    return env


def image_env(ref: str) -> list[tuple[str, str]]:
    """The image's ENV (the Docker catalogue's), else containerd's default PATH."""
    image = docker_images.lookup(ref)
    if image is None or not image.env:
        from course_lib.shell.interpreter_state import DEFAULT_PATH
        return [("PATH", DEFAULT_PATH)]
    return [(item.partition("=")[0], item.partition("=")[2]) for item in image.env]


def kubelet_env(cluster: Any, pod: Obj, spec: Obj) -> list[tuple[str, str]]:
    """makeEnvironmentVariables: the container's env, then the service links it does not set, each set in
    Go's map order."""
    from course_lib.k8s.kubelet import container_env
    links = (pod.get("spec") or {}).get("enableServiceLinks", True) is not False
    services = service_env(cluster, pod["metadata"].get("namespace") or "default", links) if cluster else {}
    own = container_env(pod, spec, services)
    rng = random.Random(f"{pod['metadata'].get('uid', '')}/{spec.get('name', '')}")
    first = list(own.items())
    rng.shuffle(first)
    rest = [(k, v) for k, v in services.items() if k not in own]
    rng.shuffle(rest)
    return first + rest


def build(cluster: Any, pod: Obj, spec: Obj) -> dict[str, str]:
    """The process environment of a container started now."""
    from course_lib.shell.interpreter_state import DEFAULT_PATH
    hostname = pod["spec"].get("hostname") or pod["metadata"]["name"]
    if pod["spec"].get("hostNetwork"):                 # the sandbox's hostname is empty: containerd's own
        hostname = pod["spec"].get("nodeName") or hostname
    env = {"PATH": DEFAULT_PATH, "HOSTNAME": hostname}
    for key, value in image_env(str(spec.get("image", ""))) + kubelet_env(cluster, pod, spec):
        env[key] = value
    env.setdefault("HOME", "/root")
    return env
