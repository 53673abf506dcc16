"""`kubectl create service clusterip|nodeport|loadbalancer|externalname NAME` and `kubectl create ingress NAME`.

Registered in kubectl's CREATE_GENERATORS (aliases svc, ing). Objects are built as kubectl 1.30 builds
them (selector and label app=NAME, port names "80-8080"; ingress rules `host/path=svc:port[,tls[=secret]]`
with a trailing `*` meaning pathType Prefix, else Exact), then created, or printed with --dry-run=client.
"""
from __future__ import annotations

import re
from typing import Any

from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.main import KubectlError, create_failed
from course_lib.k8s.store import ApiError
from course_lib.result import CommandResult

Obj = dict[str, Any]
TYPES = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer",
         "externalname": "ExternalName"}
SERVICE_HELP = """Create a service using a specified subcommand.

Aliases:
service, svc

Available Commands:
  clusterip      Create a ClusterIP service
  externalname   Create an ExternalName service
  loadbalancer   Create a LoadBalancer service
  nodeport       Create a NodePort service

Usage:
  kubectl create service [flags] [options]

Use "kubectl create service <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"""
RULE = re.compile(r"^(?P<host>[\w*\-.]*)(?P<path>/[^=]*)=(?P<svc>[\w\-]+):(?P<port>[\w\-]+)(,tls=?(?P<secret>[\w\-]*))?$")


def _finish(kx: Any, cmd: str, obj: Obj, flags: dict[str, Any], qualified: str) -> CommandResult:
    from course_lib.k8s.kubectl import dryrun
    name = obj["metadata"]["name"]
    # kubectl: fmt.Errorf("failed to create %s service: %v", o.Type, err)
    what = f"{(obj.get('spec') or {}).get('type') or 'ClusterIP'} service" if obj["kind"] == "Service" else cmd
    dry = dryrun.generated(kx, obj, flags, f"{qualified}/{name}", failed=lambda exc: create_failed(what, exc))
    if dry is not None:
        return dry
    try:
        kx.cluster.api.create({k: v for k, v in obj.items() if k != "status"}, kx.namespace)
    except ApiError as exc:
        return CommandResult("", create_failed(what, exc), 1)
    return CommandResult(f"{qualified}/{name} created\n", "", 0)


def _ports(spec: str) -> tuple[int, Any]:
    port, _, target = spec.partition(":")
    if not port.isdigit():
        raise KubectlError(f'error: strconv.Atoi: parsing "{port}": invalid syntax\n')
    tport: Any = int(target) if target.isdigit() else (target or int(port))
    return int(port), tport


def create_service(kx: Any, args: list[str], stdin: str) -> CommandResult:
    if len(args) < 2 or args[1] not in TYPES:
        if len(args) >= 2 and not args[1].startswith("-"):
            raise KubectlError(f'error: unknown command "{args[1]}" for "kubectl create service"\n'
                               "Run 'kubectl create service --help' for usage.\n")
        return CommandResult(SERVICE_HELP, "", 0)
    sub = args[1]
    stype = TYPES[sub]
    flags, pos, _ = parse(f"create service {sub}", args[2:], {},
                          {"--tcp": "tcp", "--node-port": "node_port", "--clusterip": "cluster_ip",
                           "--external-name": "external_name", "--dry-run": "dry_run", "-o": "output",
                           "--output": "output"})
    if len(pos) != 1:
        raise KubectlError(f"error: exactly one NAME is required, got {len(pos)}\n"
                           f"See 'kubectl create service {sub} -h' for help and examples\n")
    name = pos[0]
    tcp = [t for item in flags.get("tcp[]", []) for t in item.split(",") if t]
    if stype == "ExternalName" and not flags.get("external_name"):
        raise KubectlError("error: external-name must be specified\n")
    if stype != "ExternalName" and not tcp and flags.get("cluster_ip") != "None":
        raise KubectlError("error: at least one tcp port specifier must be provided\n")
    ports = []
    for item in tcp:
        port, target = _ports(item)
        p: Obj = {"name": item.replace(":", "-"), "port": port, "protocol": "TCP", "targetPort": target}
        if flags.get("node_port"):
            p["nodePort"] = int(flags["node_port"])
        ports.append(p)
    spec: Obj = {"selector": {"app": name}, "type": stype}
    if ports:
        spec["ports"] = ports
    if stype == "ExternalName":
        spec["externalName"] = flags["external_name"]
    if flags.get("cluster_ip"):
        spec["clusterIP"] = flags["cluster_ip"]
    obj = {"apiVersion": "v1", "kind": "Service",
           "metadata": {"creationTimestamp": None, "labels": {"app": name}, "name": name},
           "spec": spec, "status": {"loadBalancer": {}}}
    return _finish(kx, f"service {sub}", obj, flags, "service")


def _backend(svc: str, port: str) -> Obj:
    return {"service": {"name": svc, "port": {"number": int(port)} if port.isdigit() else {"name": port}}}


def create_ingress(kx: Any, args: list[str], stdin: str) -> CommandResult:
    flags, pos, _ = parse("create ingress", args[1:], {},
                          {"--rule": "rule", "--class": "class", "--default-backend": "default_backend",
                           "--annotation": "annotation", "--dry-run": "dry_run", "-o": "output",
                           "--output": "output"})
    if len(pos) != 1:
        raise KubectlError(f"error: exactly one NAME is required, got {len(pos)}\n"
                           "See 'kubectl create ingress -h' for help and examples\n")
    rules: list[Obj] = []
    tls: list[Obj] = []
    for text in flags.get("rule[]", []):
        m = RULE.match(text)
        if m is None:
            raise KubectlError(f"error: rule {text} is invalid and should be in format host/path=svcname:svcport"
                               "[,tls[=secret]]\n")
        host, path = m.group("host"), m.group("path")
        ptype = "Exact"
        if path.endswith("*"):
            ptype, path = "Prefix", path[:-1] or "/"
        http_path = {"backend": _backend(m.group("svc"), m.group("port")), "path": path, "pathType": ptype}
        rule = next((r for r in rules if r.get("host", "") == host), None)
        if rule is None:
            rule = {"host": host} if host else {}
            rule["http"] = {"paths": []}
            rules.append(rule)
        rule["http"]["paths"].append(http_path)
        if m.group(5) is not None:
            entry: Obj = {"hosts": [host]} if host else {}
            if m.group("secret"):
                entry["secretName"] = m.group("secret")
            tls.append(entry)
    spec: Obj = {}
    if flags.get("class"):
        spec["ingressClassName"] = flags["class"]
    if flags.get("default_backend"):
        svc, _, port = flags["default_backend"].partition(":")
        spec["defaultBackend"] = _backend(svc, port)
    if rules:
        spec["rules"] = rules
    if tls:
        spec["tls"] = tls
    meta: Obj = {"creationTimestamp": None, "name": pos[0]}
    annotations = dict(a.split("=", 1) for a in flags.get("annotation[]", []) if "=" in a)
    if annotations:
        meta["annotations"] = annotations
    obj = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": meta, "spec": spec,
           "status": {"loadBalancer": {}}}
    return _finish(kx, "ingress", obj, flags, "ingress.networking.k8s.io")


def register() -> None:
    from course_lib.k8s.kubectl import write
    registry = getattr(write, "CREATE_GENERATORS", None)
    if registry is None:
        return
    for name in ("service", "svc"):
        registry[name] = create_service
    for name in ("ingress", "ing"):
        registry[name] = create_ingress
