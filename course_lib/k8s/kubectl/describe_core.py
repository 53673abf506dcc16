"""`kubectl describe configmap|namespace|serviceaccount|endpointslice|ingressclass` in kubectl 1.30's layouts
(describeConfigMap, describeNamespace, describeServiceAccount, describeEndpointSliceV1, describeIngressClass)."""
from __future__ import annotations

from typing import Any

from course_lib.k8s.kubectl.describe import DESCRIBERS, W, annotations, events, kv
from course_lib.k8s.kubectl.main import Kx

Obj = dict[str, Any]


def _head(w: W, obj: Obj, namespaced: bool = True) -> None:
    meta = obj["metadata"]
    w.w(0, "Name:", meta["name"])
    if namespaced:
        w.w(0, "Namespace:", meta.get("namespace", ""))
    kv(w, 0, "Labels:", meta.get("labels") or {})
    annotations(w, 0, meta.get("annotations") or {})


def describe_configmap(kx: Kx, cm: Obj) -> str:
    """Each key under `----`, its value as stored (a value's own last newline leaves a blank line)."""
    w = W()
    _head(w, cm)
    w.lines += ["", "Data", "===="]
    for key, value in sorted((cm.get("data") or {}).items()):
        w.lines += [f"{key}:", "----"] + f"{value}".split("\n")
    w.lines += ["", "BinaryData", "===="]
    for key, value in sorted((cm.get("binaryData") or {}).items()):
        import base64
        w.lines.append(f"{key}: {len(base64.b64decode(value))} bytes")
    w.lines.append("")
    events(w, kx, cm)
    return w.text()


def describe_namespace(kx: Kx, ns: Obj) -> str:
    w = W()
    _head(w, ns, namespaced=False)
    w.w(0, "Status:", (ns.get("status") or {}).get("phase", "Active"))
    quotas = kx.cluster.store.list("ResourceQuota", ns["metadata"]["name"])
    limits = kx.cluster.store.list("LimitRange", ns["metadata"]["name"])
    w.lines += ["", "Resource Quotas" if quotas else "No resource quota."]
    for q in quotas:
        w.w(0, "  Name:", q["metadata"]["name"])
    w.lines += ["", "Resource Limits" if limits else "No LimitRange resource."]
    for lr in limits:
        w.w(0, " Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio")
        w.w(0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------")
        _ = lr
    return w.text()


def describe_serviceaccount(kx: Kx, sa: Obj) -> str:
    """The three secret lists under their fixed-width headers, in the headers' sorted order."""
    w = W()
    _head(w, sa)
    lists = {"Image pull secrets:": [s.get("name", "") for s in sa.get("imagePullSecrets") or []],
             "Mountable secrets: ": [s.get("name", "") for s in sa.get("secrets") or []],
             "Tokens:            ": []}
    for header in sorted(lists):
        names = lists[header] or ["<none>"]
        for n, name in enumerate(names):
            w.w(0, header if n == 0 else " " * 19, name)
    events(w, kx, sa)
    return w.text()


def describe_endpointslice(kx: Kx, es: Obj) -> str:
    w = W()
    _head(w, es)
    w.w(0, "AddressType:", es.get("addressType", ""))
    ports = es.get("ports") or []
    if not ports:
        w.lines.append("Ports: <unset>")
    else:
        w.lines.append("Ports:")
        w.w(1, "Name\tPort\tProtocol")
        w.w(1, "----\t----\t--------")
        for p in ports:
            port = "<unset>" if p.get("port") is None else str(p["port"])
            w.w(2, f"{p.get('name') or '<unset>'}\t{port}\t{p.get('protocol', 'TCP')}")
    endpoints = es.get("endpoints") or []
    if not endpoints:
        w.lines.append("Endpoints: <none>")
    else:
        w.lines.append("Endpoints:")
    for ep in endpoints:
        w.w(1, "- Addresses:", ", ".join(ep.get("addresses") or []) or "<none>")
        w.w(2, "Conditions:")
        ready = (ep.get("conditions") or {}).get("ready")
        w.w(3, "Ready:", "<unset>" if ready is None else str(bool(ready)).lower())
        w.w(2, "Hostname:", ep.get("hostname", "<unset>"))
        if ep.get("targetRef"):
            w.w(2, "TargetRef:", f"{ep['targetRef'].get('kind', '')}/{ep['targetRef'].get('name', '')}")
        w.w(2, "NodeName:", ep.get("nodeName", "<unset>"))
        w.w(2, "Zone:", ep.get("zone", "<unset>"))
    events(w, kx, es)
    return w.text()


def describe_ingressclass(kx: Kx, ic: Obj) -> str:
    w = W()
    _head(w, ic, namespaced=False)
    spec = ic.get("spec") or {}
    w.w(0, "Controller:", spec.get("controller", ""))
    params = spec.get("parameters")
    if params:
        w.lines.append("Parameters:")
        if params.get("apiGroup") is not None:
            w.w(1, "APIGroup:", params["apiGroup"])
        w.w(1, "Kind:", params.get("kind", ""))
        w.w(1, "Name:", params.get("name", ""))
    events(w, kx, ic)
    return w.text()


DESCRIBERS.update({"IngressClass": describe_ingressclass, "ConfigMap": describe_configmap,
                   "Namespace": describe_namespace,
                   "ServiceAccount": describe_serviceaccount, "EndpointSlice": describe_endpointslice})
