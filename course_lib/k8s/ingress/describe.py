"""`kubectl describe ingress` in kubectl 1.30's layout (describeIngressV1), registered in kubectl's DESCRIBERS."""
from __future__ import annotations

from typing import Any

from course_lib.k8s.kubectl.describe import DESCRIBERS, W, events, kv

Obj = dict[str, Any]
APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def _backend(kx: Any, ns: str, backend: Any) -> str:
    if not backend:
        return "<default>"
    svc_ref = backend.get("service")
    if svc_ref is None:
        res = backend.get("resource") or {}
        return f"APIGroup: {res.get('apiGroup', '')}, Kind: {res.get('kind', '')}, Name: {res.get('name', '')}"
    port = svc_ref.get("port") or {}
    port_text = port.get("name") or port.get("number")
    svc = kx.cluster.store.get("Service", ns, svc_ref.get("name", ""))
    if svc is None:
        return f"{svc_ref.get('name')}:{port_text} (<error: services \"{svc_ref.get('name')}\" not found>)"
    sport = next((p for p in svc["spec"].get("ports") or [] if p.get("port") == port.get("number") or
                  (port.get("name") and p.get("name") == port.get("name"))), None)
    items = []
    if sport is not None:
        for es in kx.cluster.store.list("EndpointSlice", ns, {"kubernetes.io/service-name": svc_ref["name"]}):
            tp = next((q.get("port") for q in es.get("ports") or [] if (q.get("name") or "") ==
                       (sport.get("name") or "")), None)
            for e in es.get("endpoints") or []:
                if tp and (e.get("conditions") or {}).get("ready", True):
                    items += [f"{a}:{tp}" for a in e.get("addresses") or []]
    eps = ",".join(items[:3]) + (f" + {len(items) - 3} more..." if len(items) > 3 else "") if items else "<none>"
    return f"{svc_ref['name']}:{port_text} ({eps})"


def describe_ingress(kx: Any, ing: Obj) -> str:
    meta, spec = ing["metadata"], ing.get("spec") or {}
    ns = meta["namespace"]
    w = W()
    w.w(0, "Name:", meta["name"])
    kv(w, 0, "Labels:", meta.get("labels") or {})
    w.w(0, "Namespace:", ns)
    lb = ((ing.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    w.w(0, "Address:", ",".join(i.get("ip") or i.get("hostname", "") for i in lb))
    w.w(0, "Ingress Class:", spec.get("ingressClassName") or "<none>")
    w.w(0, "Default backend:", _backend(kx, ns, spec.get("defaultBackend")))
    if spec.get("tls"):
        w.lines.append("TLS:")
        for t in spec["tls"]:
            hosts = ",".join(t.get("hosts") or [])
            w.lines.append(f"  {t['secretName']} terminates {hosts}" if t.get("secretName") else
                           f"  SNI routes {hosts}")
    w.lines.append("Rules:")
    w.lines.append("  Host\tPath\tBackends")
    w.lines.append("  ----\t----\t--------")
    count = 0
    for rule in spec.get("rules") or []:
        if not rule.get("http"):
            continue
        count += 1
        w.lines.append(f"  {rule.get('host') or '*'}\t")
        for p in rule["http"].get("paths") or []:
            w.lines.append(f"    \t{p.get('path', '')} \t{_backend(kx, ns, p.get('backend'))}")
    if count == 0:
        w.lines.append(f"  *\t*\t{_backend(kx, ns, spec.get('defaultBackend'))}")
    annotations = {k: v for k, v in (meta.get("annotations") or {}).items() if k != APPLIED}
    if not annotations:
        w.w(0, "Annotations:", "<none>")
    for n, (k, v) in enumerate(sorted(annotations.items())):
        w.w(0, "Annotations:" if n == 0 else "", f"{k}: {v}")
    events(w, kx, ing)
    return w.text()


DESCRIBERS["Ingress"] = describe_ingress
