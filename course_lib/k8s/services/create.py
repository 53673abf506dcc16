"""`kubectl create service clusterip|nodeport|loadbalancer|externalname NAME` and `kubectl create ingress NAME`.

Registered in kubectl's CREATE_GENERATORS (aliases svc, ing). Objects are built as kubectl 1.30 builds
them (selector and label app=NAME, port names "80-8080"; ingress rules `host/path=svc:port[,tls[=secret]]`
with a trailing `*` meaning pathType Prefix, else Exact), then created, or printed with --dry-run=client.
"""
from __future__ import annotations

import re
from typing import Any

from course_lib.docker.cli_values import go_int
from course_lib.k8s.kubectl.create_front import Generator, front
from course_lib.k8s.kubectl.help import help_text
from course_lib.k8s.kubectl.main import KubectlError, create_failed
from course_lib.k8s.store import ApiError
from course_lib.result import CommandResult

Obj = dict[str, Any]
TYPES = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer",
         "externalname": "ExternalName"}
RULE = re.compile(r"^(?P<host>[\w*\-.]*)(?P<path>/[^=]*)=(?P<svc>[\w\-]+):(?P<port>[\w\-]+)(,tls=?(?P<secret>[\w\-]*))?$")


def _finish(kx: Any, cmd: str, obj: Obj, flags: dict[str, Any], qualified: str) -> CommandResult:
    from course_lib.k8s.kubectl import dryrun
    name = obj["metadata"]["name"]
    # kubectl: fmt.Errorf("failed to create %s service: %v", o.Type, err)
    what = f"{(obj.get('spec') or {}).get('type') or 'ClusterIP'} service" if obj["kind"] == "Service" else cmd
    if obj["kind"] == "Service" and dryrun.strategy(flags) == "client":
        flags = {k: v for k, v in flags.items() if k != "save_config"}   # create service annotates what it sends
    dry = dryrun.generated(kx, obj, flags, f"{qualified}/{name}", failed=lambda exc: create_failed(what, exc),
                           enforce_ns=True)
    if dry is not None:
        return dry
    try:
        kx.cluster.api.create({k: v for k, v in obj.items() if k != "status"}, kx.namespace)
    except ApiError as exc:
        return CommandResult("", create_failed(what, exc), 1)
    return CommandResult(f"{qualified}/{name} created\n", "", 0)


def _port_name_errors(name: str) -> list[str]:
    """apimachinery's IsValidPortName."""
    errs = ["must be no more than 15 characters"] if len(name) > 15 else []
    if not re.fullmatch(r"[-a-z0-9]+", name):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not re.search(r"[a-z]", name):
        errs.append("must contain at least one letter (a-z)")
    if "--" in name:
        errs.append("must not contain consecutive hyphens")
    if name and (name[0] == "-" or name[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def _ports(spec: str) -> tuple[int, Any]:
    """create_service.go's parsePorts: `port[:targetPort]`, the port as utilsnet.ParsePort (zero allowed), an
    explicit target as intstr.Parse, then checked as a port number or an IANA port name."""
    parts = spec.split(":")
    why = go_int(parts[0], 16, False) if re.fullmatch(r"[0-9]+", parts[0]) else \
        f'strconv.ParseUint: parsing "{parts[0]}": invalid syntax'
    if why is not None:
        raise KubectlError(f"error: {why}\n")
    port = int(parts[0])
    if len(parts) == 1:
        return port, port
    target = parts[1]
    if re.fullmatch(r"[+-]?[0-9]+", target) and -2 ** 31 <= int(target) < 2 ** 31:      # intstr.Parse: Atoi
        if not 1 <= int(target) <= 65535:
            raise KubectlError("error: must be between 1 and 65535, inclusive\n")
        return port, int(target)
    errs = _port_name_errors(target)
    if errs:
        raise KubectlError(f"error: {','.join(errs)}\n")
    return port, target


def create_service(kx: Any, args: list[str], stdin: str) -> CommandResult:
    if len(args) < 2 or args[1] not in TYPES:
        from course_lib.k8s.kubectl.suggest import default_subcommand_run
        return default_subcommand_run("create service", [a for a in args[1:] if not a.startswith("-")],
                                      help_text("create service"))
    sub = args[1]
    stype = TYPES[sub]
    values = {"--tcp": "tcp", "--clusterip": "cluster_ip"} if sub == "clusterip" else \
        {"--tcp": "tcp", "--external-name": "external_name"} if sub == "externalname" else {"--tcp": "tcp"}
    if sub == "nodeport":
        values["--node-port"] = "node_port"
    name, flags, _ = front(Generator(f"create service {sub}", values, ints={"node_port": 64},
                                     required=("external-name",) if sub == "externalname" else ()), args[2:])
    tcp = [t for item in flags.get("tcp[]", []) if item for t in item.split(",")]     # a StringSlice flag
    if stype != "ExternalName" and not tcp and flags.get("cluster_ip") != "None":
        raise KubectlError("error: at least one tcp port specifier must be provided\n")
    ports = []
    for item in tcp:
        port, target = _ports(item)
        p: Obj = {"name": item.replace(":", "-"), "port": port, "protocol": "TCP", "targetPort": target}
        if flags.get("node_port"):
            p["nodePort"] = (flags["node_port"] + 2 ** 31) % 2 ** 32 - 2 ** 31     # int32(o.NodePort)
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
    name, flags, _ = front(Generator("create ingress", {"--rule": "rule", "--class": "class",
                                                        "--default-backend": "default_backend",
                                                        "--annotation": "annotation"}), args[1:])
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
    if not rules and not flags.get("default_backend"):
        raise KubectlError("error: not enough information provided: every ingress has to either specify a "
                           "default-backend (which catches all traffic) or a list of rules (which catch specific "
                           "paths)\n")
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
    meta: Obj = {"creationTimestamp": None, "name": name}
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
