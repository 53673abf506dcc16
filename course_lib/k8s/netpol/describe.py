"""`kubectl describe networkpolicy` in kubectl 1.30's layout (describeNetworkPolicy)."""
from __future__ import annotations

from typing import Any

from course_lib.k8s.kubectl.describe import DESCRIBERS, W, kv
from course_lib.k8s.netpol.kinds import selector_text

Obj = dict[str, Any]
APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def _peers(lines: list[str], rules: list[Obj], key: str, direction: str) -> None:
    ind = "    "
    word = "From" if key == "from" else "To"
    if not rules:
        lines.append(f"{ind}<none> (Selected pods are isolated for {direction} connectivity)")
        return
    for i, rule in enumerate(rules):
        ports = rule.get("ports") or []
        if not ports:
            lines.append(f"{ind}To Port: <any> (traffic allowed to all ports)")
        for p in ports:
            port = p.get("port", "<nil>")
            lines.append(f"{ind}To Port: {port}/{p.get('protocol') or 'TCP'}")
        peers = rule.get(key) or []
        if not peers:
            what = "source" if key == "from" else "destination"
            lines.append(f"{ind}{word}: <any> (traffic not restricted by {what})")
        for peer in peers:
            lines.append(f"{ind}{word}:")
            if peer.get("namespaceSelector") is not None:
                lines.append(f"  {ind}NamespaceSelector: {selector_text(peer['namespaceSelector'])}")
            if peer.get("podSelector") is not None:
                lines.append(f"  {ind}PodSelector: {selector_text(peer['podSelector'])}")
            if peer.get("ipBlock") is not None and peer.get("podSelector") is None \
                    and peer.get("namespaceSelector") is None:
                lines.append(f"  {ind}IPBlock:")
                lines.append(f"    {ind}CIDR: {peer['ipBlock'].get('cidr', '')}")
                lines.append(f"    {ind}Except: {', '.join(peer['ipBlock'].get('except') or [])}")
        if i != len(rules) - 1:
            lines.append(f"{ind}----------")


def describe_netpol(kx: Any, np: Obj) -> str:
    from course_lib.k8s.store import EPOCH, parse_timestamp
    from datetime import timedelta
    meta, spec = np["metadata"], np.get("spec") or {}
    w = W()
    w.w(0, "Name:", meta["name"])
    w.w(0, "Namespace:", meta["namespace"])
    created = EPOCH + timedelta(seconds=parse_timestamp(meta["creationTimestamp"]))
    w.w(0, "Created on:", created.strftime("%Y-%m-%d %H:%M:%S +0000 UTC"))
    kv(w, 0, "Labels:", meta.get("labels") or {})
    annotations = {k: v for k, v in (meta.get("annotations") or {}).items() if k != APPLIED}
    if not annotations:
        w.w(0, "Annotations:", "<none>")
    for n, (k, v) in enumerate(sorted(annotations.items())):
        w.w(0, "Annotations:" if n == 0 else "", f"{k}: {v}")
    lines = ["Spec:"]
    sel = spec.get("podSelector") or {}
    if not sel.get("matchLabels") and not sel.get("matchExpressions"):
        lines.append("  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)")
    else:
        lines.append(f"  PodSelector:     {selector_text(sel)}")
    types = spec.get("policyTypes") or ["Ingress"]
    if "Ingress" in types:
        lines.append("  Allowing ingress traffic:")
        _peers(lines, spec.get("ingress") or [], "from", "ingress")
    else:
        lines.append("  Not affecting ingress traffic")
    if "Egress" in types:
        lines.append("  Allowing egress traffic:")
        _peers(lines, spec.get("egress") or [], "to", "egress")
    else:
        lines.append("  Not affecting egress traffic")
    lines.append(f"  Policy Types: {', '.join(types)}")
    return w.text() + "\n".join(lines) + "\n"


DESCRIBERS["NetworkPolicy"] = describe_netpol
