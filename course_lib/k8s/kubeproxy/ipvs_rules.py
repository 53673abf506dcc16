"""kube-proxy 1.30's ipvs mode, iptables side: its chains, jumps, ipset names and comments, the restore text.

From pkg/proxy/ipvs/proxier.go (writeIptablesRules, acceptIPVSTraffic, createAndLinkKubeChain) and
ipset.go: the ipsets kube-proxy makes, which of them are matched from which chain, and the fixed
rules (KUBE-SERVICES' loopback RETURN, the KUBE-CLUSTER-IP masquerade mark, KUBE-NODE-PORT,
KUBE-POSTROUTING's mark check, MARK --xor-mark and MASQUERADE --random-fully, KUBE-IPVS-FILTER).
"""
from __future__ import annotations

from typing import Any, Optional

MASQ_MARK = "0x004000"          # fmt.Sprintf("%#08x", 1<<14)

# (name, type, comment): ipsetInfo
IPSETS = (
    ("KUBE-LOOP-BACK", "hash:ip,port,ip", "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"),
    ("KUBE-CLUSTER-IP", "hash:ip,port", "Kubernetes service cluster ip + port for masquerade purpose"),
    ("KUBE-EXTERNAL-IP", "hash:ip,port", "Kubernetes service external ip + port for masquerade and filter purpose"),
    ("KUBE-EXTERNAL-IP-LOCAL", "hash:ip,port", "Kubernetes service external ip + port with externalTrafficPolicy=local"),
    ("KUBE-LOAD-BALANCER", "hash:ip,port", "Kubernetes service lb portal"),
    ("KUBE-LOAD-BALANCER-FW", "hash:ip,port",
     "Kubernetes service load balancer ip + port for load balancer with sourceRange"),
    ("KUBE-LOAD-BALANCER-LOCAL", "hash:ip,port",
     "Kubernetes service load balancer ip + port with externalTrafficPolicy=local"),
    ("KUBE-LOAD-BALANCER-SOURCE-IP", "hash:ip,port,ip",
     "Kubernetes service load balancer ip + port + source IP for packet filter purpose"),
    ("KUBE-LOAD-BALANCER-SOURCE-CIDR", "hash:ip,port,net",
     "Kubernetes service load balancer ip + port + source cidr for packet filter purpose"),
    ("KUBE-NODE-PORT-TCP", "bitmap:port", "Kubernetes nodeport TCP port for masquerade purpose"),
    ("KUBE-NODE-PORT-LOCAL-TCP", "bitmap:port", "Kubernetes nodeport TCP port with externalTrafficPolicy=local"),
    ("KUBE-NODE-PORT-UDP", "bitmap:port", "Kubernetes nodeport UDP port for masquerade purpose"),
    ("KUBE-NODE-PORT-LOCAL-UDP", "bitmap:port", "Kubernetes nodeport UDP port with externalTrafficPolicy=local"),
    ("KUBE-NODE-PORT-SCTP-HASH", "hash:ip,port",
     "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"),
    ("KUBE-NODE-PORT-LOCAL-SCTP-HASH", "hash:ip,port",
     "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"),
    ("KUBE-HEALTH-CHECK-NODE-PORT", "bitmap:port", "Kubernetes health check node port"),
    ("KUBE-IPVS-IPS", "hash:ip", "Addresses on the ipvs interface"),
)
COMMENT = {name: comment for name, _, comment in IPSETS}

# (set, table, from, to, match type, protocol): ipsetWithIptablesChain
SET_JUMPS = (
    ("KUBE-LOOP-BACK", "nat", "KUBE-POSTROUTING", "MASQUERADE", "dst,dst,src", ""),
    ("KUBE-LOAD-BALANCER", "nat", "KUBE-SERVICES", "KUBE-LOAD-BALANCER", "dst,dst", ""),
    ("KUBE-LOAD-BALANCER-LOCAL", "nat", "KUBE-LOAD-BALANCER", "RETURN", "dst,dst", ""),
    ("KUBE-NODE-PORT-LOCAL-TCP", "nat", "KUBE-NODE-PORT", "RETURN", "dst", "tcp"),
    ("KUBE-NODE-PORT-TCP", "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "tcp"),
    ("KUBE-NODE-PORT-LOCAL-UDP", "nat", "KUBE-NODE-PORT", "RETURN", "dst", "udp"),
    ("KUBE-NODE-PORT-UDP", "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "udp"),
    ("KUBE-NODE-PORT-LOCAL-SCTP-HASH", "nat", "KUBE-NODE-PORT", "RETURN", "dst,dst", "sctp"),
    ("KUBE-NODE-PORT-SCTP-HASH", "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst,dst", "sctp"),
    ("KUBE-LOAD-BALANCER-FW", "filter", "KUBE-PROXY-FIREWALL", "KUBE-SOURCE-RANGES-FIREWALL", "dst,dst", ""),
    ("KUBE-LOAD-BALANCER-SOURCE-CIDR", "filter", "KUBE-SOURCE-RANGES-FIREWALL", "RETURN", "dst,dst,src", ""),
    ("KUBE-LOAD-BALANCER-SOURCE-IP", "filter", "KUBE-SOURCE-RANGES-FIREWALL", "RETURN", "dst,dst,src", ""),
)

NAT_CHAINS = ("KUBE-SERVICES", "KUBE-POSTROUTING", "KUBE-NODE-PORT", "KUBE-LOAD-BALANCER", "KUBE-MARK-MASQ")
FILTER_CHAINS = ("KUBE-FORWARD", "KUBE-NODE-PORT", "KUBE-PROXY-FIREWALL", "KUBE-SOURCE-RANGES-FIREWALL",
                 "KUBE-IPVS-FILTER", "KUBE-IPVS-OUT-FILTER")

# (table, from, to, comment): iptablesJumpChain, each prepended (-I) in this order
JUMPS = (
    ("nat", "OUTPUT", "KUBE-SERVICES", "kubernetes service portals"),
    ("nat", "PREROUTING", "KUBE-SERVICES", "kubernetes service portals"),
    ("nat", "POSTROUTING", "KUBE-POSTROUTING", "kubernetes postrouting rules"),
    ("filter", "FORWARD", "KUBE-FORWARD", "kubernetes forwarding rules"),
    ("filter", "INPUT", "KUBE-NODE-PORT", "kubernetes health check rules"),
    ("filter", "INPUT", "KUBE-PROXY-FIREWALL", "kube-proxy firewall rules"),
    ("filter", "FORWARD", "KUBE-PROXY-FIREWALL", "kube-proxy firewall rules"),
    ("filter", "INPUT", "KUBE-IPVS-FILTER", "kubernetes ipvs access filter"),
    ("filter", "OUTPUT", "KUBE-IPVS-OUT-FILTER", "kubernetes ipvs access filter"),
)


def _q(text: str) -> str:
    return f'"{text}"'


def jumps_text(netns: Any) -> str:
    """The chains and the jumps kube-proxy makes sure of (EnsureChain; EnsureRule Prepend: -C, then -I only
    when missing, so a node that ran iptables mode keeps one jump per comment), as restore text."""
    nf = getattr(netns, "netfilter", None)
    out = []
    for table, chains in (("nat", NAT_CHAINS), ("filter", FILTER_CHAINS)):
        out.append(f"*{table}")
        out += [f":{c} - [0:0]" for c in chains if not _has_chain(nf, table, c)]
        for t, frm, to, comment in JUMPS:
            spec = f"-m comment --comment {_q(comment)} -j {to}"
            if t == table and not _has_rule(nf, table, frm, spec):
                out.append(f"-I {frm} 1 {spec}")
        out.append("COMMIT")
    return "\n".join(out) + "\n"


def _has_chain(nf: Any, table: str, chain: str) -> bool:
    t = nf.tables.get(table) if nf is not None else None
    return t is not None and chain in t.chains


def _has_rule(nf: Any, table: str, chain: str, spec: str) -> bool:
    t = nf.tables.get(table) if nf is not None else None
    c = t.chains.get(chain) if t is not None else None
    return c is not None and any(r.spec() == spec for r in c.rules)


def restore_text(nonempty: set[str], cluster_cidr: Optional[str], no_node_access: list[tuple[str, str, int]]) -> str:
    """The iptables-restore input of one sync (natChains, natRules, filterChains, filterRules)."""
    nat = ["*nat"] + [f":{c} - [0:0]" for c in NAT_CHAINS]
    filt = ["*filter"] + [f":{c} - [0:0]" for c in FILTER_CHAINS]
    nat.append("-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN")
    for name, table, frm, to, match, proto in SET_JUMPS:
        if name not in nonempty:
            continue
        rule = f"-A {frm}" + (f" -p {proto}" if proto else "") + \
            f" -m comment --comment {_q(COMMENT[name])} -m set --match-set {name} {match} -j {to}"
        (filt if table == "filter" else nat).append(rule)
    if "KUBE-CLUSTER-IP" in nonempty:
        head = f"-A KUBE-SERVICES -m comment --comment {_q(COMMENT['KUBE-CLUSTER-IP'])} -m set --match-set KUBE-CLUSTER-IP"
        if cluster_cidr:
            nat.append(f"{head} dst,dst ! -s {cluster_cidr} -j KUBE-MARK-MASQ")
        else:
            nat.append(f"{head} src,dst -j KUBE-MARK-MASQ")
    for name, masq in (("KUBE-EXTERNAL-IP", True), ("KUBE-EXTERNAL-IP-LOCAL", False)):
        if name in nonempty:
            head = f"-A KUBE-SERVICES -m comment --comment {_q(COMMENT[name])} -m set --match-set {name} dst,dst"
            if masq:
                nat.append(f"{head} -j KUBE-MARK-MASQ")
            nat.append(f"{head} -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT")
            nat.append(f"{head} -m addrtype --dst-type LOCAL -j ACCEPT")
    nat.append("-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT")
    nat.append("-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ")
    filt.append("-A KUBE-SOURCE-RANGES-FIREWALL -j DROP")
    for ip, proto, port in no_node_access:
        filt.append(f"-A KUBE-IPVS-OUT-FILTER -s {ip} -m ipvs --vaddr {ip} --vproto {proto} --vport {port} -j DROP")
    for name in ("KUBE-CLUSTER-IP", "KUBE-LOAD-BALANCER"):           # acceptIPVSTraffic
        if name in nonempty:
            nat.append(f"-A KUBE-SERVICES -m set --match-set {name} dst,dst -j ACCEPT")
    filt.append(f'-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark '
                f"{MASQ_MARK}/{MASQ_MARK} -j ACCEPT")
    filt.append('-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack '
                "--ctstate RELATED,ESTABLISHED -j ACCEPT")
    filt.append(f"-A KUBE-NODE-PORT -m comment --comment {_q(COMMENT['KUBE-HEALTH-CHECK-NODE-PORT'])} "
                "-m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT")
    for name in ("KUBE-LOAD-BALANCER", "KUBE-CLUSTER-IP", "KUBE-EXTERNAL-IP", "KUBE-EXTERNAL-IP-LOCAL"):
        filt.append(f"-A KUBE-IPVS-FILTER -m set --match-set {name} dst,dst -j RETURN")
    filt.append("-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN")
    filt.append("-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT")
    nat.append(f"-A KUBE-POSTROUTING -m mark ! --mark {MASQ_MARK}/{MASQ_MARK} -j RETURN")
    nat.append(f"-A KUBE-POSTROUTING -j MARK --xor-mark {MASQ_MARK}")
    nat.append('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" '
               "-j MASQUERADE --random-fully")
    nat.append(f"-A KUBE-MARK-MASQ -j MARK --or-mark {MASQ_MARK}")
    return "\n".join(nat + ["COMMIT"] + filt + ["COMMIT"]) + "\n"
