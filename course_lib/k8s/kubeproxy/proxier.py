"""kube-proxy's sync loop: Services + EndpointSlices -> every node's nat and filter tables via iptables-restore.

One controller key per node, deduplicated by the cluster's work queue, so a burst of changes costs one
sync per node (kube-proxy's minSyncPeriod batching). A sync writes the whole KUBE-* rule set with
`iptables-restore --noflush` (the chains it declares are replaced, others stay), deletes stale
KUBE-SVC/SEP/EXT/SVL chains with -X, and is skipped when the text equals the last one written.
"""
from __future__ import annotations

from typing import Any, Iterable

from course_lib.k8s.controllers import Controller, Key
from course_lib.k8s.kubeproxy import rules as R

Obj = dict[str, Any]
OWN_PREFIXES = ("KUBE-SVC-", "KUBE-SEP-", "KUBE-EXT-", "KUBE-SVL-", "KUBE-FW-")


class Proxier(Controller):
    kinds = ("Service", "EndpointSlice", "Node")

    def __init__(self, cluster: Any) -> None:
        super().__init__(cluster)
        self.last_text: dict[str, str] = {}
        self.chains: dict[str, set[str]] = {}
        self.jumps_done: set[str] = set()
        self.enabled = True
        self._ports_cache: dict[tuple[str, str], tuple[Any, list[R.ServicePort]]] = {}

    def keys(self, event: str, obj: Obj) -> Iterable[Key]:
        if obj["kind"] == "Service":
            self._ports_cache.pop((obj["metadata"]["namespace"], obj["metadata"]["name"]), None)
        elif obj["kind"] == "EndpointSlice":
            owner = (obj["metadata"].get("labels") or {}).get("kubernetes.io/service-name")
            if owner:
                self._ports_cache.pop((obj["metadata"]["namespace"], owner), None)
        return [("KubeProxy", "", n) for n in self.cluster.node_names]

    def service_ports(self) -> list[R.ServicePort]:
        out: list[R.ServicePort] = []
        for svc in self.store.list("Service"):
            key = (svc["metadata"]["namespace"], svc["metadata"]["name"])
            cached = self._ports_cache.get(key)
            if cached is None or cached[0] is not svc:
                slices = self.store.list("EndpointSlice", key[0], {"kubernetes.io/service-name": key[1]})
                cached = (svc, R.service_ports(svc, slices))
                self._ports_cache[key] = cached
            out += cached[1]
        return out

    def cluster_cidr(self) -> Any:
        """kube-proxy's clusterCIDR: kubeadm's podSubnet for the bridge CNI; unset for Weave (its own range)."""
        return self.cluster.pod_cidr if self.cluster.cni == "bridge" else None

    def sync(self, key: Key) -> None:
        if not self.enabled:
            return
        node = key[2]
        if node not in self.cluster.node_names:
            return
        self.sync_node(node, self.service_ports())

    def sync_node(self, node: str, ports: list[R.ServicePort]) -> None:
        from course_lib.shell.iptables_save import restore_rules
        netns = self.cluster.machine(node).root
        self._ensure_jumps(node, netns)
        writer = R.NodeRules(node, [self.cluster.node_ip(node)], self.cluster_cidr())
        for sp in ports:
            writer.add(sp)
        active = {c for c in writer.nat_chains}
        stale = sorted(c for c in self.chains.get(node, set()) - active)
        text = writer.text(stale)
        if self.last_text.get(node) == text:
            return
        result = restore_rules(netns, text, noflush=True)
        if result.returncode != 0:
            self.cluster.kubelets[node].__dict__.setdefault("proxy_errors", []).append(result.stderr)
            return
        self.last_text[node] = text
        self.chains[node] = active

    def _ensure_jumps(self, node: str, netns: Any) -> None:
        if node in self.jumps_done:
            return
        from course_lib.shell.iptables_save import restore_rules
        from course_lib.net.netfilter.tables import BUILTIN_CHAINS  # noqa: F401
        base = ("*filter\n:KUBE-NODEPORTS - [0:0]\n:KUBE-SERVICES - [0:0]\n:KUBE-EXTERNAL-SERVICES - [0:0]\n"
                ":KUBE-FORWARD - [0:0]\n:KUBE-PROXY-FIREWALL - [0:0]\n:KUBE-PROXY-CANARY - [0:0]\nCOMMIT\n"
                "*nat\n:KUBE-SERVICES - [0:0]\n:KUBE-NODEPORTS - [0:0]\n:KUBE-POSTROUTING - [0:0]\n"
                ":KUBE-MARK-MASQ - [0:0]\n:KUBE-PROXY-CANARY - [0:0]\nCOMMIT\n")
        restore_rules(netns, base, noflush=True)
        by_table: dict[str, list[tuple[str, str]]] = {}
        for table, chain, spec in R.JUMPS:
            by_table.setdefault(table, []).append((chain, spec))
        text = ""
        for table, items in by_table.items():
            # kube-proxy inserts its jumps first in the built-in chains (iptables -I CHAIN 1 in reverse)
            text += f"*{table}\n"
            for chain, spec in reversed(items):
                text += f"-I {chain} 1 {spec}\n"
            text += "COMMIT\n"
        restore_rules(netns, text, noflush=True)
        self.jumps_done.add(node)
