"""`kubectl describe service|endpoints` in kubectl 1.30's layout (registered in kubectl's DESCRIBERS)."""
from __future__ import annotations

from typing import Any

from course_lib.k8s.kubectl.describe import DESCRIBERS, W, annotations, events, kv

Obj = dict[str, Any]


def _endpoints_for(kx: Any, svc: Obj, port_name: str) -> str:
    ep = kx.cluster.store.get("Endpoints", svc["metadata"]["namespace"], svc["metadata"]["name"])
    if ep is None:
        return "<none>"
    items = []
    for subset in ep.get("subsets") or []:
        for port in subset.get("ports") or []:
            if (port.get("name") or "") != port_name:
                continue
            for addr in subset.get("addresses") or []:
                items.append(f"{addr['ip']}:{port['port']}")
    if not items:
        return "<none>" if not ep.get("subsets") else ""
    if len(items) > 3:
        return ",".join(items[:3]) + f" + {len(items) - 3} more..."
    return ",".join(items)


def describe_service(kx: Any, svc: Obj) -> str:
    spec = svc.get("spec") or {}
    meta = svc["metadata"]
    w = W()
    w.w(0, "Name:", meta["name"])
    w.w(0, "Namespace:", meta["namespace"])
    kv(w, 0, "Labels:", meta.get("labels") or {})
    annotations(w, 0, meta.get("annotations") or {})
    sel = spec.get("selector") or {}
    w.w(0, "Selector:", ",".join(f"{k}={v}" for k, v in sorted(sel.items())) or "<none>")
    stype = spec.get("type", "ClusterIP")
    w.w(0, "Type:", stype)
    if stype != "ExternalName":
        w.w(0, "IP Family Policy:", spec.get("ipFamilyPolicy", "SingleStack"))
        w.w(0, "IP Families:", ",".join(spec.get("ipFamilies") or ["IPv4"]))
        w.w(0, "IP:", spec.get("clusterIP", "None"))
        w.w(0, "IPs:", ",".join(spec.get("clusterIPs") or [spec.get("clusterIP", "None")]))
    else:
        w.w(0, "IP Families:", "<none>")
        w.w(0, "IP:", "")
        w.w(0, "IPs:", "<none>")
        w.w(0, "External Name:", spec.get("externalName", ""))
    if spec.get("externalIPs"):
        w.w(0, "External IPs:", ",".join(spec["externalIPs"]))
    if spec.get("loadBalancerIP"):
        w.w(0, "IP:", spec["loadBalancerIP"])
    ingress = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    if ingress:
        w.w(0, "LoadBalancer Ingress:", ", ".join(i.get("ip") or i.get("hostname", "") for i in ingress)
            + (" (VIP)" if ingress and ingress[0].get("ipMode") == "VIP" else ""))
    for p in spec.get("ports") or []:
        name = p.get("name") or "<unset>"
        proto = p.get("protocol", "TCP")
        w.w(0, "Port:", f"{name}\t{p['port']}/{proto}")
        target = p.get("targetPort", p["port"])
        w.w(0, "TargetPort:", f"{target}/{proto}")
        if p.get("nodePort"):
            w.w(0, "NodePort:", f"{name}\t{p['nodePort']}/{proto}")
        w.w(0, "Endpoints:", _endpoints_for(kx, svc, p.get("name") or ""))
    w.w(0, "Session Affinity:", spec.get("sessionAffinity", "None"))
    if spec.get("externalTrafficPolicy"):
        w.w(0, "External Traffic Policy:", spec["externalTrafficPolicy"])
    if spec.get("internalTrafficPolicy"):
        w.w(0, "Internal Traffic Policy:", spec["internalTrafficPolicy"])
    events(w, kx, svc)
    return w.text()


def describe_endpoints(kx: Any, ep: Obj) -> str:
    w = W()
    w.w(0, "Name:", ep["metadata"]["name"])
    w.w(0, "Namespace:", ep["metadata"]["namespace"])
    kv(w, 0, "Labels:", ep["metadata"].get("labels") or {})
    annotations(w, 0, ep["metadata"].get("annotations") or {})
    w.w(0, "Subsets:")
    for subset in ep.get("subsets") or []:
        w.w(1, "Addresses:", ",".join(a["ip"] for a in subset.get("addresses") or []) or "<none>")
        w.w(1, "NotReadyAddresses:", ",".join(a["ip"] for a in subset.get("notReadyAddresses") or []) or "<none>")
        w.w(1, "Ports:")
        w.w(2, "Name\tPort\tProtocol")
        w.w(2, "----\t----\t--------")
        for p in subset.get("ports") or []:
            w.w(2, f"{p.get('name') or '<unset>'}\t{p['port']}\t{p.get('protocol', 'TCP')}")
        w.lines.append("")
    events(w, kx, ep)
    return w.text()


DESCRIBERS["Service"] = describe_service
DESCRIBERS["Endpoints"] = describe_endpoints
