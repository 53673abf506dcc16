"""KubeProxyWalker: a packet to a Service, walked through kube-proxy's iptables chains.

The packet is real: `curl` (TCP) or `dig` (UDP port 53) to the Service's ClusterIP:port runs on a node or
inside a pod, traced with every chain jump recorded by the netfilter model's own traversal
(KUBE-SERVICES -> KUBE-SVC-... -> KUBE-SEP-... -> DNAT), then the rewrite and where the packet ended.
"""
from __future__ import annotations

import html
from typing import Any, Optional

from course_lib.tracing import LabTrace, trace_command, trace_in_pod

WALK_STEPS = ("netfilter", "nat", "conntrack", "drop", "deliver", "ingress")


def services_of(cluster: Any) -> list[str]:
    """`namespace/name` of every Service that has a ClusterIP."""
    out = []
    for svc in cluster.store.list("Service"):
        ip = (svc.get("spec") or {}).get("clusterIP")
        if ip and ip != "None":
            out.append(f"{svc['metadata'].get('namespace', 'default')}/{svc['metadata']['name']}")
    return sorted(out)


def probe_commands(cluster: Any, service: str, port: Optional[int] = None) -> tuple[list[str], str]:
    """(commands, description): ways to send one request to the Service's ClusterIP:port, best first."""
    ns, _, name = service.rpartition("/")
    svc = cluster.store.get("Service", ns or "default", name)
    if svc is None:
        raise ValueError(f'services "{name}" not found')
    spec = svc.get("spec") or {}
    ports = spec.get("ports") or []
    chosen = next((p for p in ports if port is None or p.get("port") == port), None)
    if chosen is None:
        raise ValueError(f"service {service} has no port {port}")
    ip, number, proto = spec["clusterIP"], int(chosen["port"]), chosen.get("protocol", "TCP")
    if proto == "UDP":
        query = "kubernetes.default.svc.cluster.local"
        return ([f"dig +short +tries=1 +time=2 @{ip} -p {number} {query}", f"nslookup -port={number} {query} {ip}"],
                f"UDP {ip}:{number}")
    return ([f"curl -s -m 3 -o /dev/null -w '%{{http_code}}' http://{ip}:{number}/",
             f"wget -q -O /dev/null -T 3 http://{ip}:{number}/", f"nc -z -w 3 {ip} {number}"],
            f"TCP {ip}:{number}")


def walk(cluster: Any, service: str, source: str = "controlplane", port: Optional[int] = None) -> LabTrace:
    """Trace one request to `service` from a node (name) or a pod (`pod/NAME` or `pod/NS/NAME`)."""
    cmds, _ = probe_commands(cluster, service, port)
    if source.startswith("pod/"):
        ns, _, pod = source[4:].rpartition("/")
        return trace_in_pod(cluster, ns or "default", pod, cmds, chains=True)
    return trace_command(cluster, cmds[0], source, chains=True)


def first_packet(hops: list[Any]) -> list[Any]:
    """The hops of the first packet: up to where it was delivered or dropped."""
    for i, hop in enumerate(hops):
        if hop.step in ("deliver", "drop"):
            return hops[: i + 1]
    return hops


def explain_walk(cluster: Any, service: str, source: str = "controlplane", port: Optional[int] = None) -> str:
    """The walk as text: the chains the first packet went through, the NAT, and the outcome."""
    try:
        _, what = probe_commands(cluster, service, port)
        t = walk(cluster, service, source, port)
    except ValueError as exc:
        return str(exc)
    lines = [f"{what} ({service}) from {source}", f"$ {t.command}"]
    for hop in first_packet(t.hops):
        if hop.step not in WALK_STEPS:
            continue
        lines.append(f"  {hop.node:<14} {hop.step:<9} {hop.detail}")
    out = (t.result.stdout + t.result.stderr).strip()
    lines.append(f"result: exit {t.result.returncode}" + (f", {out}" if out else ""))
    return "\n".join(lines)


class KubeProxyWalker:
    """Pick a Service and where the packet starts; shows its walk through the chains."""

    def __init__(self, cluster: Any, service: Optional[str] = None, source: str = "controlplane") -> None:
        import ipywidgets as w

        self.cluster = cluster
        names = services_of(cluster)
        sources = list(cluster.nodes) + [f"pod/{p['metadata'].get('namespace', 'default')}/{p['metadata']['name']}"
                                         for p in cluster.store.list("Pod")
                                         if not (p.get("spec") or {}).get("hostNetwork")]
        self.service = w.Dropdown(options=names, value=service if service in names else (names[0] if names else None),
                                  description="Service")
        self.source = w.Dropdown(options=sources, value=source if source in sources else sources[0],
                                 description="from")
        self.output = w.HTML()
        self.service.observe(lambda _: self.update(), names="value")
        self.source.observe(lambda _: self.update(), names="value")
        self.widget = w.VBox([w.HBox([self.service, self.source]), self.output])
        self.widget.add_class("course-kubeproxy-walker")
        self.update()

    def explain(self) -> str:
        if not self.service.value:
            return "no Service with a ClusterIP yet"
        return explain_walk(self.cluster, self.service.value, self.source.value)

    def update(self) -> None:
        self.output.value = f"<pre>{html.escape(self.explain())}</pre>"

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
