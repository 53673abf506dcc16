"""Service, Endpoints and EndpointSlice kinds: schema, API-server validation, defaults, allocation, columns.

The API server's allocators live here: ClusterIPs from the service CIDR (`default/kubernetes` has the
first address) and NodePorts from 30000-32767, with the texts kube-apiserver answers when a requested
address or port is taken or out of range.
"""
from __future__ import annotations

import ipaddress
import re
from typing import Any

from course_lib.k8s import validation as v
from course_lib.k8s.kinds import KindInfo, RowEnv, register

Obj = dict[str, Any]
NONE = "<none>"
NODEPORT_MIN, NODEPORT_MAX = 30000, 32767
TYPES = ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName")

SERVICE_PORT = {k: v.ANY for k in ("name", "protocol", "port", "targetPort", "nodePort", "appProtocol")}
SERVICE_SPEC = {k: v.ANY for k in (
    "clusterIP", "clusterIPs", "type", "externalIPs", "sessionAffinity", "loadBalancerIP",
    "loadBalancerSourceRanges", "externalName", "externalTrafficPolicy", "healthCheckNodePort",
    "publishNotReadyAddresses", "sessionAffinityConfig", "ipFamilies", "ipFamilyPolicy",
    "allocateLoadBalancerNodePorts", "loadBalancerClass", "internalTrafficPolicy", "trafficDistribution")}
SERVICE_SPEC.update({"ports": [SERVICE_PORT], "selector": v.MAP})
SERVICE = {**v.SIMPLE, "spec": SERVICE_SPEC, "status": v.ANY}


# ---- allocation ---------------------------------------------------------------------------------------
def _services(cluster: Any) -> Any:
    """Every stored Service, unsorted (the allocators only need membership)."""
    return cluster.store._objects["Service"].values()


def _allocated_ips(cluster: Any) -> set[str]:
    return {ip for s in _services(cluster) for ip in (s["spec"].get("clusterIPs") or []) if ip != "None"}


def _allocated_nodeports(cluster: Any, skip: Any = None) -> set[int]:
    ports: set[int] = set()
    for s in _services(cluster):
        if s is skip:
            continue
        for p in s["spec"].get("ports") or []:
            if p.get("nodePort"):
                ports.add(int(p["nodePort"]))
    return ports


def allocate_cluster_ip(cluster: Any) -> str:
    """A free address of the service CIDR, drawn by the seeded RNG (never the network or first address)."""
    net = ipaddress.IPv4Network(cluster.service_cidr)
    used = _allocated_ips(cluster)
    rng = cluster.network.random()
    size = net.num_addresses
    for _ in range(10000):
        ip = str(net.network_address + rng.randrange(2, size - 1))
        if ip not in used:
            return ip
    raise RuntimeError("service CIDR exhausted")


DNS1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")


def _dns1035_errors(name: Any) -> list[str]:
    """Service names are DNS-1035 labels (they become DNS names and env-var prefixes)."""
    if not name:
        return ["metadata.name: Required value: name or generateName is required"]
    if len(str(name)) > 63 or not DNS1035.match(str(name)):
        return [f'metadata.name: Invalid value: "{name}": a DNS-1035 label must consist of lower case alphanumeric '
                "characters or '-', start with an alphabetic character, and end with an alphanumeric character "
                "(e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]
    return []


def _service_errors(svc: Obj, cluster: Any, old: Any = None) -> list[str]:
    spec = svc.get("spec") or {}
    errors = _dns1035_errors(svc["metadata"].get("name"))
    stype = spec.get("type", "ClusterIP")
    if stype not in TYPES:
        errors.append(f'spec.type: Unsupported value: "{stype}": supported values: "ClusterIP", "ExternalName", '
                      '"LoadBalancer", "NodePort"')
        return errors
    ports = spec.get("ports") or []
    if stype == "ExternalName":
        if not spec.get("externalName"):
            errors.append("spec.externalName: Required value")
    elif not ports and spec.get("clusterIP") != "None":
        errors.append("spec.ports: Required value")
    names = set()
    for i, p in enumerate(ports):
        port = p.get("port")
        if not isinstance(port, int) or not 1 <= port <= 65535:
            errors.append(f"spec.ports[{i}].port: Invalid value: {port}: must be between 1 and 65535, inclusive")
        if len(ports) > 1 and not p.get("name"):
            errors.append(f"spec.ports[{i}].name: Required value")
        if p.get("name") and p["name"] in names:
            errors.append(f'spec.ports[{i}].name: Duplicate value: "{p["name"]}"')
        names.add(p.get("name"))
        proto = p.get("protocol", "TCP")
        if proto not in ("TCP", "UDP", "SCTP"):
            errors.append(f'spec.ports[{i}].protocol: Unsupported value: "{proto}": supported values: "SCTP", '
                          '"TCP", "UDP"')
        np = p.get("nodePort")
        if np is not None:
            if stype not in ("NodePort", "LoadBalancer"):
                errors.append(f"spec.ports[{i}].nodePort: Forbidden: may not be used when `type` is '{stype}'")
            elif not isinstance(np, int) or not NODEPORT_MIN <= np <= NODEPORT_MAX:
                errors.append(f"spec.ports[{i}].nodePort: Invalid value: {np}: provided port is not in the valid "
                              f"range. The range of valid ports is {NODEPORT_MIN}-{NODEPORT_MAX}")
    return errors


def validate_service(svc: Obj, cluster: Any) -> list[str]:
    return _service_errors(svc, cluster)


def default_service(svc: Obj, cluster: Any) -> None:
    spec = svc.setdefault("spec", {})
    stype = spec.setdefault("type", "ClusterIP")
    spec.setdefault("sessionAffinity", "None")
    if spec["sessionAffinity"] == "ClientIP":
        spec.setdefault("sessionAffinityConfig", {"clientIP": {"timeoutSeconds": 10800}})
    for p in spec.get("ports") or []:
        p.setdefault("protocol", "TCP")
        if stype != "ExternalName":
            p.setdefault("targetPort", p.get("port"))
    if stype == "ExternalName":
        return
    spec.setdefault("internalTrafficPolicy", "Cluster")
    if stype in ("NodePort", "LoadBalancer"):
        spec.setdefault("externalTrafficPolicy", "Cluster")
    if stype == "LoadBalancer":
        spec.setdefault("allocateLoadBalancerNodePorts", True)
    spec.setdefault("ipFamilies", ["IPv4"])
    spec.setdefault("ipFamilyPolicy", "SingleStack")
    svc.setdefault("status", {"loadBalancer": {}})


def allocate(cluster: Any, svc: Obj) -> None:
    """kube-apiserver's ClusterIP and NodePort allocation (before the object is stored)."""
    from course_lib.k8s.store import ApiError
    spec = svc["spec"]
    name = svc["metadata"]["name"]
    stype = spec.get("type", "ClusterIP")
    if stype != "ExternalName":
        ip = spec.get("clusterIP") or (spec.get("clusterIPs") or [None])[0]
        if ip and ip != "None":
            net = ipaddress.IPv4Network(cluster.service_cidr)
            try:
                inside = ipaddress.IPv4Address(ip) in net
            except ValueError:
                raise ApiError("Invalid", "", 422, kind="Service", name=name, causes=[
                    f'spec.clusterIPs[0]: Invalid value: "{ip}": must be a valid IP address, (e.g. 10.9.8.7 or '
                    '2001:db8::ffff)']) from None
            if not inside:
                raise ApiError("Invalid", "", 422, kind="Service", name=name, causes=[
                    f'spec.clusterIPs: Invalid value: []string{{"{ip}"}}: failed to allocate IP {ip}: the provided '
                    f'IP ({ip}) is not in the valid range. The range of valid IPs is {cluster.service_cidr}'])
            if ip in _allocated_ips(cluster):
                raise ApiError("Invalid", "", 422, kind="Service", name=name, causes=[
                    f'spec.clusterIPs: Invalid value: []string{{"{ip}"}}: failed to allocate IP {ip}: provided IP '
                    'is already allocated'])
        elif not ip:
            ip = allocate_cluster_ip(cluster)
        spec["clusterIP"] = ip
        spec["clusterIPs"] = [ip]
    if stype in ("NodePort", "LoadBalancer") and spec.get("allocateLoadBalancerNodePorts", True):
        used = _allocated_nodeports(cluster)
        rng = cluster.network.random()
        for i, p in enumerate(spec.get("ports") or []):
            if p.get("nodePort"):
                if p["nodePort"] in used:
                    raise ApiError("Invalid", "", 422, kind="Service", name=name, causes=[
                        f"spec.ports[{i}].nodePort: Invalid value: {p['nodePort']}: provided port is already "
                        "allocated"])
            else:
                while True:
                    candidate = rng.randint(NODEPORT_MIN, NODEPORT_MAX)
                    if candidate not in used:
                        break
                p["nodePort"] = candidate
            used.add(p["nodePort"])


def keep_allocation(cluster: Any, old: Obj, new: Obj) -> None:
    """An update keeps the allocated ClusterIP and NodePorts (kubectl apply does not send them)."""
    from course_lib.k8s.store import ApiError
    ospec, nspec = old.get("spec") or {}, new.setdefault("spec", {})
    if nspec.get("type", "ClusterIP") != "ExternalName" and ospec.get("clusterIP"):
        want = nspec.get("clusterIP")
        if want and want != ospec["clusterIP"]:
            raise ApiError("Invalid", "", 422, kind="Service", name=new["metadata"]["name"], causes=[
                f'spec.clusterIPs[0]: Invalid value: []string{{"{want}"}}: may not change once set'])
        nspec["clusterIP"], nspec["clusterIPs"] = ospec["clusterIP"], list(ospec.get("clusterIPs") or [])
    old_ports = {(p.get("name"), p.get("port")): p.get("nodePort") for p in ospec.get("ports") or []}
    if nspec.get("type") in ("NodePort", "LoadBalancer"):
        used = _allocated_nodeports(cluster, skip=old)
        rng = cluster.network.random()
        for i, p in enumerate(nspec.get("ports") or []):
            if not p.get("nodePort"):
                p["nodePort"] = old_ports.get((p.get("name"), p.get("port"))) or next(
                    c for c in iter(lambda: rng.randint(NODEPORT_MIN, NODEPORT_MAX), None) if c not in used)
            elif p["nodePort"] in used:
                raise ApiError("Invalid", "", 422, kind="Service", name=new["metadata"]["name"], causes=[
                    f"spec.ports[{i}].nodePort: Invalid value: {p['nodePort']}: provided port is already allocated"])
            used.add(p["nodePort"])
    else:
        for p in nspec.get("ports") or []:
            p.pop("nodePort", None)
        if ospec.get("type") in ("NodePort", "LoadBalancer") and \
                nspec.get("externalTrafficPolicy") == ospec.get("externalTrafficPolicy"):
            nspec.pop("externalTrafficPolicy", None)      # dropTypeDependentFields: a field the user left alone
    if ospec.get("type") == "LoadBalancer" and nspec.get("type") != "LoadBalancer" and \
            nspec.get("allocateLoadBalancerNodePorts") == ospec.get("allocateLoadBalancerNodePorts"):
        nspec.pop("allocateLoadBalancerNodePorts", None)
    if "status" in old and "status" not in new:
        new["status"] = old["status"]


# ---- columns ------------------------------------------------------------------------------------------
def ports_text(spec: Obj) -> str:
    parts = []
    for p in spec.get("ports") or []:
        text = str(p.get("port"))
        if p.get("nodePort"):
            text += f":{p['nodePort']}"
        parts.append(f"{text}/{p.get('protocol', 'TCP')}")
    return ",".join(parts) or NONE


def external_ip_text(svc: Obj) -> str:
    spec = svc.get("spec") or {}
    stype = spec.get("type", "ClusterIP")
    if stype == "ExternalName":
        return spec.get("externalName", NONE)
    ips = list(spec.get("externalIPs") or [])
    if stype == "LoadBalancer":
        ingress = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
        ips = [i.get("ip") or i.get("hostname") for i in ingress] + ips
        return ",".join(ips) if ips else "<pending>"
    return ",".join(ips) or NONE


def service_row(svc: Obj, env: RowEnv) -> list[str]:
    if env.cluster is not None and (svc.get("spec") or {}).get("type") == "LoadBalancer":
        from course_lib.k8s.services import lb
        lb.settle(env.cluster)           # the cloud provider answers while the learner looks
    spec = svc.get("spec") or {}
    stype = spec.get("type", "ClusterIP")
    cip = NONE if stype == "ExternalName" else spec.get("clusterIP") or NONE
    return [svc["metadata"]["name"], stype, cip, external_ip_text(svc), ports_text(spec), env.age(svc)]


def selector_text(selector: Any) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted((selector or {}).items())) or NONE


def service_wide(svc: Obj, env: RowEnv) -> list[str]:
    return [selector_text((svc.get("spec") or {}).get("selector"))]


def _more(items: list[str]) -> str:
    if not items:
        return NONE
    if len(items) > 3:
        return ",".join(items[:3]) + f" + {len(items) - 3} more..."
    return ",".join(items)


def endpoints_row(ep: Obj, env: RowEnv) -> list[str]:
    items = []
    for subset in ep.get("subsets") or []:
        for port in subset.get("ports") or [{}]:
            for addr in subset.get("addresses") or []:
                items.append(f"{addr['ip']}:{port['port']}" if "port" in port else addr["ip"])
    return [ep["metadata"]["name"], _more(items), env.age(ep)]


def slice_row(es: Obj, env: RowEnv) -> list[str]:
    """formatDiscoveryPorts/formatDiscoveryEndpoints: a port's number, else its name, else *; <unset> when empty."""
    ports = [str(p["port"]) if p.get("port") is not None else str(p["name"]) if p.get("name") is not None else "*"
             for p in es.get("ports") or []]
    addrs = [a for e in es.get("endpoints") or [] for a in e.get("addresses") or []]
    return [es["metadata"]["name"], es.get("addressType", "IPv4"), _more(ports) if ports else "<unset>",
            _more(addrs) if addrs else "<unset>", env.age(es)]


register(KindInfo("Service", ("v1",), "services", ("svc",), schema=SERVICE, validate=validate_service,
                  default=default_service, columns=("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"),
                  row=service_row, wide_columns=("SELECTOR",), wide_row=service_wide))
register(KindInfo("Endpoints", ("v1",), "endpoints", ("ep",), schema={**v.SIMPLE, "subsets": v.ANY},
                  validate=lambda o, c: v.name_errors(o["metadata"].get("name")),
                  columns=("NAME", "ENDPOINTS", "AGE"), row=endpoints_row))
register(KindInfo("EndpointSlice", ("discovery.k8s.io/v1",), "endpointslices", (),
                  schema={**v.SIMPLE, "addressType": v.STR, "endpoints": v.ANY, "ports": v.ANY},
                  columns=("NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"), row=slice_row))
