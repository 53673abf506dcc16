"""kube-proxy 1.30's ipvs proxier (syncProxyRules): every node's IPVS services, ipsets, kube-ipvs0 and iptables.

For each Service port: the ClusterIP (bound to the dummy device kube-ipvs0 as a /32, so the node
treats it as local), external IPs and load-balancer IPs become IPVS virtual services with the
configured scheduler (rr), `persistent TIMEOUT` for sessionAffinity: ClientIP, and the ready
endpoints as masquerading real servers of weight 1; a NodePort becomes a virtual service on every
node address but loopback and kube-ipvs0's. The ipsets (KUBE-CLUSTER-IP, KUBE-LOOP-BACK,
KUBE-NODE-PORT-TCP ...) are brought to their entries, the iptables rules of ipvs_rules.py restored
with --noflush, stale addresses unbound and stale services deleted. A removed endpoint with live
connections stays with weight 0 until they end (graceful termination), as on a real node.
"""
from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any, Optional

from course_lib.k8s.kubeproxy import ipvs_rules as IR
from course_lib.k8s.kubeproxy import rules as R
from course_lib.net import ipset
from course_lib.net import ipvs as V

DUMMY = "kube-ipvs0"
SYSCTLS = {"net.ipv4.vs.conntrack": "1", "net.ipv4.vs.expire_nodest_conn": "1",
           "net.ipv4.vs.expire_quiescent_template": "1", "net.ipv4.vs.conn_reuse_mode": "1",
           "net.ipv4.ip_forward": "1"}
IPv4 = ipaddress.IPv4Address


@lru_cache(maxsize=65536)
def _ip(text: str) -> IPv4:
    return IPv4(text)


def ensure_dummy(netns: Any) -> Any:
    """netlinkHandle.EnsureDummyDevice: kube-ipvs0, kind dummy, left DOWN, no queue length."""
    link = netns.link_by_name(DUMMY)
    if link is not None:
        return link
    from course_lib.net.link import DUMMY as KIND, Link
    from course_lib.net.ifindex import alloc_ifindex
    link = Link(name=DUMMY, kind=KIND, ifindex=alloc_ifindex(netns), mac=netns.machine.network.new_mac(),
                netns=netns, txqlen=0)
    netns.links[link.ifindex] = link
    return link


def _bound(netns: Any, dummy: Any) -> list[Any]:
    return [a for a in netns.addresses if a.link is dummy and a.family == 4]


def _node_ips(netns: Any, dummy: Any) -> list[IPv4]:
    """GetAllLocalAddressesExcept(kube-ipvs0), loopback left out."""
    out: list[IPv4] = []
    for a in netns.addresses:
        if a.family == 4 and a.link is not dummy and not a.ip.is_loopback and a.ip not in out:
            out.append(a.ip)
    return out


class NodeSync:
    """One syncProxyRules run on one node."""

    def __init__(self, proxier: Any, node: str) -> None:
        self.proxier, self.node = proxier, node
        self.netns = proxier.cluster.machine(node).root
        self.table = V.ipvs_of(self.netns)
        self.scheduler = proxier.__dict__.get("ipvs_scheduler", "rr")
        self.entries: dict[str, list[tuple]] = {name: [] for name, _, _ in IR.IPSETS}
        self.active: set[tuple[str, int, int]] = set()
        self.bind: dict[IPv4, None] = {}            # addresses for kube-ipvs0, in binding order

    def run(self) -> Optional[str]:
        from course_lib.shell.iptables_save import restore_rules
        netns = self.netns
        netns.sysctls.update(SYSCTLS)
        ready = self.proxier.__dict__.setdefault("_ipvs_ready", set())
        if self.node not in ready:
            restore_rules(netns, IR.jumps_text(netns), noflush=True)
            ready.add(self.node)
        dummy = ensure_dummy(netns)
        sets = {name: ipset.create(netns, name, type_, exist=True,
                                   port_range=(0, 65535) if type_ == "bitmap:port" else None)
                for name, type_, _ in IR.IPSETS}
        node_ips = _node_ips(netns, dummy)
        for svc in self.proxier.store.list("Service"):
            key = (svc["metadata"]["namespace"], svc["metadata"]["name"])
            for sp in self.proxier.service_ports(key, svc):
                self._service_port(sp, node_ips)
        self.entries["KUBE-IPVS-IPS"] = [(int(ip),) for ip in self.bind]
        for name, s in sets.items():
            _sync_set(s, self.entries[name])
        nonempty = {name for name, s in sets.items() if s.members}
        result = restore_rules(netns, IR.restore_text(nonempty, self.proxier.cluster_cidr(), []), noflush=True)
        if result.returncode != 0:
            return f"{self.node}: {result.stderr}"
        self._bind_addresses(dummy)
        for svc in list(self.table.services.values()):
            if svc.key not in self.active:
                self.table.delete_service(svc)
        return None

    def _service_port(self, sp: R.ServicePort, node_ips: list[IPv4]) -> None:
        proto = sp.protocol
        for ep in sp.endpoints:
            if ep.node == self.node:
                self.entries["KUBE-LOOP-BACK"].append((int(_ip(ep.ip)), (proto, ep.port), int(_ip(ep.ip))))
        cip = _ip(sp.cluster_ip)
        self.entries["KUBE-CLUSTER-IP"].append((int(cip), (proto, sp.port)))
        self._virtual(sp, cip, sp.port, sp.internal_local, bind=True)
        for text in sp.external_ips:
            ip = _ip(text)
            name = "KUBE-EXTERNAL-IP-LOCAL" if sp.external_local else "KUBE-EXTERNAL-IP"
            self.entries[name].append((int(ip), (proto, sp.port)))
            self._virtual(sp, ip, sp.port, sp.external_local, bind=ip not in node_ips)
        for text in sp.lb_ips:
            ip = _ip(text)
            entry = (int(ip), (proto, sp.port))
            self.entries["KUBE-LOAD-BALANCER"].append(entry)
            if sp.external_local:
                self.entries["KUBE-LOAD-BALANCER-LOCAL"].append(entry)
            if sp.source_ranges:
                self.entries["KUBE-LOAD-BALANCER-FW"].append(entry)
                for cidr in sp.source_ranges:
                    net = ipaddress.IPv4Network(cidr, strict=False)
                    self.entries["KUBE-LOAD-BALANCER-SOURCE-CIDR"].append(
                        (int(ip), (proto, sp.port), (int(net.network_address), net.prefixlen)))
            self._virtual(sp, ip, sp.port, sp.external_local, bind=ip not in node_ips)
        if sp.node_port and node_ips and proto in ("tcp", "udp"):
            up = proto.upper()
            self.entries[f"KUBE-NODE-PORT-{up}"].append((sp.node_port,))
            if sp.external_local:
                self.entries[f"KUBE-NODE-PORT-LOCAL-{up}"].append((sp.node_port,))
            for ip in node_ips:
                self._virtual(sp, ip, sp.node_port, sp.external_local, bind=False)

    def _virtual(self, sp: R.ServicePort, ip: IPv4, port: int, only_local: bool, bind: bool) -> None:
        """syncService + syncEndpoint for one virtual server."""
        proto = sp.protocol.upper()
        svc = self.table.get(proto, ip, port)
        if svc is None:
            svc = self.table.add_service(V.VirtualService(proto, ip, port, self.scheduler))
        svc.scheduler = self.scheduler
        svc.persistent = sp.affinity_seconds
        self.active.add(svc.key)
        if bind:
            self.bind[ip] = None
        eps = sp.endpoints
        if only_local:
            local = [e for e in eps if e.node == self.node]
            eps = local or eps
        wanted = {(_ip(e.ip), e.port) for e in eps}
        for ip_, port_ in sorted(wanted):
            dest = svc.find(ip_, port_)
            if dest is None:
                self.table.add_dest(svc, V.RealServer(ip_, port_))
            elif dest.draining:
                dest.weight, dest.draining = 1, False      # back from graceful termination
        now = float(self.proxier.cluster.now())
        for dest in list(svc.dests):
            if (dest.ip, dest.port) in wanted:
                continue
            if any(self.table.counts(dest, now)):
                dest.weight, dest.draining = 0, True       # GracefulDeleteRS: drained first
            else:
                self.table.delete_dest(svc, dest)

    def _bind_addresses(self, dummy: Any) -> None:
        """EnsureAddressBind / UnbindAddress on kube-ipvs0 (a /32 on a DOWN device: the address and its
        `local` route, nothing else; done directly, as thousands of VIPs would make `ip addr add`'s scans slow)."""
        from course_lib.net import addrs
        from course_lib.net.netns import RT_TABLE_LOCAL, Address, Route
        have = {a.ip: a for a in _bound(self.netns, dummy)}
        for ip in self.bind:
            if ip not in have:
                self.netns.addresses.append(Address(link=dummy, interface=ipaddress.IPv4Interface((int(ip), 32))))
                addrs._add_route(self.netns, Route(dst=addrs._host(ip), dev=dummy, table=RT_TABLE_LOCAL,
                                                   type="local", proto="kernel", scope="host", src=ip))
        for ip, a in have.items():
            if ip not in self.bind:
                addrs.remove_address(a)


def _sync_set(s: ipset.IpSet, wanted: list[tuple]) -> None:
    """syncIPSetEntries: stale entries deleted, new ones added (existing ones keep their place)."""
    keep = dict.fromkeys(wanted)
    for entry in [e for e in s.members if e not in keep]:
        del s.members[entry]
    for entry in keep:
        if entry not in s.members:
            s.members[entry] = None


def sync_node(proxier: Any, node: str) -> None:
    error = NodeSync(proxier, node).run()
    if error:
        proxier.errors.append(error)
