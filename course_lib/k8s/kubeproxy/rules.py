"""kube-proxy's iptables mode: the nat and filter rules of one node as iptables-restore input (1.30 layout).

Chain names come from kube-proxy's own hash (pkg/proxy/iptables/proxier.go): base32 of the sha256 of
the service port name ("ns/svc:port", or "ns/svc" for an unnamed port) + the lowercase protocol
(+ the endpoint "ip:port" for KUBE-SEP-), first 16 characters. Probabilities are written with
%0.10f as kube-proxy does; iptables-save then prints the kernel's rounding (0.33333333349).
"""
from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

Obj = dict[str, Any]
MASQ_MARK = "0x4000"


@lru_cache(maxsize=65536)
def port_proto_hash(svc_port_name: str, protocol: str, endpoint: str = "") -> str:
    digest = hashlib.sha256((svc_port_name + protocol + endpoint).encode()).digest()
    return base64.b32encode(digest).decode()[:16]


def svc_chain(name: str, proto: str) -> str:
    return "KUBE-SVC-" + port_proto_hash(name, proto)


def svl_chain(name: str, proto: str) -> str:
    return "KUBE-SVL-" + port_proto_hash(name, proto)


def ext_chain(name: str, proto: str) -> str:
    return "KUBE-EXT-" + port_proto_hash(name, proto)


def fw_chain(name: str, proto: str) -> str:
    return "KUBE-FW-" + port_proto_hash(name, proto)


def sep_chain(name: str, proto: str, endpoint: str) -> str:
    return "KUBE-SEP-" + port_proto_hash(name, proto, endpoint)


@dataclass
class Endpoint:
    ip: str
    port: int
    node: Optional[str]
    ready: bool = True

    @property
    def text(self) -> str:
        return f"{self.ip}:{self.port}"


@dataclass
class ServicePort:
    """One port of one Service, with its endpoints (kube-proxy's ServicePort + endpoints map)."""

    namespace: str
    service: str
    port_name: str
    protocol: str              # lowercase
    cluster_ip: str
    port: int
    node_port: int = 0
    lb_ips: list[str] = field(default_factory=list)
    external_ips: list[str] = field(default_factory=list)
    endpoints: list[Endpoint] = field(default_factory=list)
    external_local: bool = False
    internal_local: bool = False
    affinity_seconds: int = 0
    source_ranges: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        base = f"{self.namespace}/{self.service}"
        return f"{base}:{self.port_name}" if self.port_name else base


def service_ports(svc: Obj, slices: list[Obj]) -> list[ServicePort]:
    """The ServicePorts of a Service (none for headless and ExternalName), endpoints from its slices."""
    spec = svc.get("spec") or {}
    cip = spec.get("clusterIP")
    if spec.get("type") == "ExternalName" or not cip or cip == "None":
        return []
    out = []
    ingress = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    affinity = 0
    if spec.get("sessionAffinity") == "ClientIP":
        affinity = int(((spec.get("sessionAffinityConfig") or {}).get("clientIP") or {}).get("timeoutSeconds", 10800))
    for p in spec.get("ports") or []:
        proto = p.get("protocol", "TCP")
        sp = ServicePort(svc["metadata"]["namespace"], svc["metadata"]["name"], p.get("name") or "", proto.lower(),
                         cip, int(p["port"]), int(p.get("nodePort") or 0),
                         [i["ip"] for i in ingress if i.get("ip")], list(spec.get("externalIPs") or []),
                         external_local=spec.get("externalTrafficPolicy") == "Local",
                         internal_local=spec.get("internalTrafficPolicy") == "Local", affinity_seconds=affinity,
                         source_ranges=list(spec.get("loadBalancerSourceRanges") or []))
        terminating: list[Endpoint] = []
        for es in slices:
            port = next((q.get("port") for q in es.get("ports") or []
                         if (q.get("name") or "") == sp.port_name and q.get("protocol", "TCP") == proto), None)
            if port is None:
                continue
            for e in es.get("endpoints") or []:
                cond = e.get("conditions") or {}
                into = sp.endpoints if cond.get("ready", True) else \
                    terminating if cond.get("serving") and cond.get("terminating") else None
                for a in e.get("addresses") or [] if into is not None else []:
                    into.append(Endpoint(a, int(port), e.get("nodeName")))
        if not sp.endpoints:                 # CategorizeEndpoints: no ready endpoint, the serving terminating ones
            sp.endpoints = terminating
        sp.endpoints.sort(key=lambda e: e.text)
        out.append(sp)
    return out


def _c(text: str) -> str:
    return f'-m comment --comment "{text}"' if " " in text else f"-m comment --comment {text}"


class NodeRules:
    """The rules of one node: KUBE-SERVICES/KUBE-NODEPORTS lines, per-service chains, filter lines."""

    def __init__(self, node: str, node_ips: list[str], cluster_cidr: Optional[str]) -> None:
        self.node, self.node_ips, self.cluster_cidr = node, node_ips, cluster_cidr
        self.services: list[str] = []                 # -A KUBE-SERVICES ...
        self.nodeports: list[str] = []                # -A KUBE-NODEPORTS ...
        self.chains: dict[str, list[str]] = {}        # KUBE-SVC/SEP/EXT/SVL chain -> its rules
        self.filter: list[str] = []
        self.firewall: list[str] = []                 # -A KUBE-PROXY-FIREWALL ...

    def _chain(self, name: str) -> list[str]:
        return self.chains.setdefault(name, [])

    def _endpoint_jumps(self, sp: ServicePort, chain: str, eps: list[Endpoint]) -> None:
        rules = self._chain(chain)
        n = len(eps)
        if sp.affinity_seconds and RECENT:
            for ep in eps:
                sep = sep_chain(sp.name, sp.protocol, ep.text)
                rules.append(f"-A {chain} {_c(f'{sp.name} -> {ep.text}')} -m recent --rcheck --seconds "
                             f"{sp.affinity_seconds} --reap --name {sep} --mask 255.255.255.255 --rsource -j {sep}")
        for i, ep in enumerate(eps):
            sep = sep_chain(sp.name, sp.protocol, ep.text)
            stat = f" -m statistic --mode random --probability {1.0 / (n - i):0.10f}" if i < n - 1 else ""
            rules.append(f"-A {chain} {_c(f'{sp.name} -> {ep.text}')}{stat} -j {sep}")

    def add(self, sp: ServicePort) -> None:
        name, proto = sp.name, sp.protocol
        svc, ext = svc_chain(name, proto), ext_chain(name, proto)
        eps = sp.endpoints
        local = [e for e in eps if e.node == self.node]
        has_external = bool(sp.node_port or sp.lb_ips or sp.external_ips)
        if not eps:
            self.filter.append(f"-A KUBE-SERVICES -d {sp.cluster_ip}/32 -p {proto} {_c(f'{name} has no endpoints')} "
                               f"-m {proto} --dport {sp.port} -j REJECT --reject-with icmp-port-unreachable")
            for ip, what in [(i, "external IP") for i in sp.external_ips] + [(i, "LB") for i in sp.lb_ips]:
                self.filter.append(f"-A KUBE-EXTERNAL-SERVICES -d {ip}/32 -p {proto} "
                                   f"{_c(f'{name} has no endpoints')} -m {proto} --dport {sp.port} "
                                   "-j REJECT --reject-with icmp-port-unreachable")
            if sp.node_port:
                self.filter.append(f"-A KUBE-EXTERNAL-SERVICES -p {proto} {_c(f'{name} has no endpoints')} "
                                   f"-m addrtype --dst-type LOCAL -m {proto} --dport {sp.node_port} "
                                   "-j REJECT --reject-with icmp-port-unreachable")
            return
        internal = svl_chain(name, proto) if sp.internal_local else svc
        self.services.append(f"-A KUBE-SERVICES -d {sp.cluster_ip}/32 -p {proto} {_c(f'{name} cluster IP')} "
                             f"-m {proto} --dport {sp.port} -j {internal}")
        for ip in sp.external_ips:
            self.services.append(f"-A KUBE-SERVICES -d {ip}/32 -p {proto} {_c(f'{name} external IP')} "
                                 f"-m {proto} --dport {sp.port} -j {ext}")
        fw = fw_chain(name, proto) if sp.source_ranges and sp.lb_ips else ""
        for ip in sp.lb_ips:
            self.services.append(f"-A KUBE-SERVICES -d {ip}/32 -p {proto} {_c(f'{name} loadbalancer IP')} "
                                 f"-m {proto} --dport {sp.port} -j {fw or ext}")
        if fw:
            rules = self._chain(fw)
            for src in sp.source_ranges:
                rules.append(f"-A {fw} -s {src} {_c(f'{name} loadbalancer IP')} -j {ext}")
            for ip in sp.lb_ips:                       # traffic from the node to its own LB address
                rules.append(f"-A {fw} -s {ip}/32 {_c(f'{name} loadbalancer IP')} -j {ext}")
            rules.append(f"-A {fw} {_c(f'other traffic to {name} will be dropped by KUBE-PROXY-FIREWALL')}")
            for ip in sp.lb_ips:
                self.firewall.append(f"-A KUBE-PROXY-FIREWALL -d {ip}/32 -p {proto} "
                                     f"{_c(f'{name} traffic not accepted by {fw}')} -m {proto} --dport {sp.port} "
                                     "-j DROP")
        if sp.node_port:
            self.nodeports.append(f"-A KUBE-NODEPORTS -p {proto} {_c(name)} -m {proto} --dport {sp.node_port} "
                                  f"-j {ext}")
        if has_external:
            rules = self._chain(ext)
            if sp.external_local:
                svl = svl_chain(name, proto)
                if self.cluster_cidr:
                    rules.append(f"-A {ext} -s {self.cluster_cidr} "
                                 f"{_c(f'pod traffic for {name} external destinations')} -j {svc}")
                rules.append(f"-A {ext} {_c(f'masquerade LOCAL traffic for {name} external destinations')} "
                             "-m addrtype --src-type LOCAL -j KUBE-MARK-MASQ")
                rules.append(f"-A {ext} {_c(f'route LOCAL traffic for {name} external destinations')} "
                             f"-m addrtype --src-type LOCAL -j {svc}")
                rules.append(f"-A {ext} -j {svl}")
                if not local and sp.node_port:
                    self.filter.append(f"-A KUBE-EXTERNAL-SERVICES -p {proto} "
                                       f"{_c(f'{name} has no local endpoints')} -m addrtype --dst-type LOCAL "
                                       f"-m {proto} --dport {sp.node_port} -j DROP")
            else:
                rules.append(f"-A {ext} {_c(f'masquerade traffic for {name} external destinations')} "
                             "-j KUBE-MARK-MASQ")
                rules.append(f"-A {ext} -j {svc}")
        rules = self._chain(svc)
        if self.cluster_cidr:
            rules.append(f"-A {svc} ! -s {self.cluster_cidr} -d {sp.cluster_ip}/32 -p {proto} "
                         f"{_c(f'{name} cluster IP')} -m {proto} --dport {sp.port} -j KUBE-MARK-MASQ")
        self._endpoint_jumps(sp, svc, eps)
        if sp.internal_local or sp.external_local:
            svl = svl_chain(name, proto)
            self._chain(svl)
            self._endpoint_jumps(sp, svl, local)
        for ep in eps:
            sep = sep_chain(name, proto, ep.text)
            rules = self._chain(sep)
            rules.append(f"-A {sep} -s {ep.ip}/32 {_c(name)} -j KUBE-MARK-MASQ")
            recent = (f" -m recent --set --name {sep} --mask 255.255.255.255 --rsource"
                      if sp.affinity_seconds and RECENT else "")
            rules.append(f"-A {sep} -p {proto} {_c(name)}{recent} -m {proto} -j DNAT --to-destination {ep.text}")

    def text(self, changed: list[str], stale: list[str]) -> str:
        """iptables-restore input: the fixed chains, the `changed` service chains, -X for `stale` ones."""
        out = ["*filter", ":KUBE-NODEPORTS - [0:0]", ":KUBE-SERVICES - [0:0]", ":KUBE-EXTERNAL-SERVICES - [0:0]",
               ":KUBE-FORWARD - [0:0]", ":KUBE-PROXY-FIREWALL - [0:0]"]
        out += ['-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
                f'-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark '
                f'{MASQ_MARK}/{MASQ_MARK} -j ACCEPT',
                '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack '
                '--ctstate RELATED,ESTABLISHED -j ACCEPT']
        out += self.filter
        out += self.firewall
        out += ["COMMIT", "*nat", ":KUBE-SERVICES - [0:0]", ":KUBE-NODEPORTS - [0:0]", ":KUBE-POSTROUTING - [0:0]",
                ":KUBE-MARK-MASQ - [0:0]"]
        out += [f":{c} - [0:0]" for c in changed]
        out += [f":{c} - [0:0]" for c in stale]
        out += [f"-A KUBE-POSTROUTING -m mark ! --mark {MASQ_MARK}/{MASQ_MARK} -j RETURN",
                f"-A KUBE-POSTROUTING -j MARK --set-xmark {MASQ_MARK}/0x0",
                '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" '
                "-j MASQUERADE --random-fully",
                f"-A KUBE-MARK-MASQ -j MARK --set-xmark {MASQ_MARK}/{MASQ_MARK}"]
        out += self.nodeports
        for c in changed:
            out += self.chains[c]
        out += self.services
        out.append('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the '
                   'last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS')
        out += [f"-X {c}" for c in stale]
        out.append("COMMIT")
        return "\n".join(out) + "\n"


def _recent_supported() -> bool:
    from course_lib.shell.iptables_ext import MATCHES   # -m recent: course_lib.net.netfilter.matches_recent
    return "recent" in MATCHES


RECENT = _recent_supported()


# Rules kube-proxy makes sure of once (iptables -C / -I), outside the restore text.
JUMPS = (
    ("filter", "INPUT", '-m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" '
                        "-j KUBE-PROXY-FIREWALL"),
    ("filter", "INPUT", '-m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS'),
    ("filter", "INPUT", '-m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service '
                        'portals" -j KUBE-EXTERNAL-SERVICES'),
    ("filter", "FORWARD", '-m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" '
                          "-j KUBE-PROXY-FIREWALL"),
    ("filter", "FORWARD", '-m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD'),
    ("filter", "FORWARD", '-m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" '
                          "-j KUBE-SERVICES"),
    ("filter", "FORWARD", '-m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service '
                          'portals" -j KUBE-EXTERNAL-SERVICES'),
    ("filter", "OUTPUT", '-m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" '
                         "-j KUBE-PROXY-FIREWALL"),
    ("filter", "OUTPUT", '-m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" '
                         "-j KUBE-SERVICES"),
    ("nat", "PREROUTING", '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES'),
    ("nat", "OUTPUT", '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES'),
    ("nat", "POSTROUTING", '-m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING'),
)
