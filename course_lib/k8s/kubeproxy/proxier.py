"""kube-proxy's sync loop: Services + EndpointSlices -> every node's nat and filter tables via iptables-restore.

One controller key per node, deduplicated by the cluster's work queue, so a burst of changes costs one
sync per node (kube-proxy's minSyncPeriod batching). A sync is kube-proxy's partial sync: it always
rewrites KUBE-SERVICES, KUBE-NODEPORTS, KUBE-POSTROUTING, KUBE-MARK-MASQ and the filter chains, but only
the KUBE-SVC/SEP/EXT/SVL chains whose rules changed since the last sync of that node; stale ones are
flushed and deleted (-X). The text goes through `iptables-restore --noflush`, as kube-proxy does.
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from course_lib.k8s.controllers import Controller, Key
from course_lib.k8s.kubeproxy import rules as R
from course_lib.k8s.kubeproxy import ipvs_mode  # kube-proxy's program: the mode per node (ipvs_mode.py)

Obj = dict[str, Any]
SvcKey = tuple[str, str]


class Proxier(Controller):
    kinds = ("Service", "EndpointSlice", "Node")

    def __init__(self, cluster: Any) -> None:
        super().__init__(cluster)
        self.enabled = True
        self.written: dict[str, dict[str, list[str]]] = {}      # node -> chain -> rules last written
        self.jumps_done: set[str] = set()
        self.slices: dict[SvcKey, dict[str, Obj]] = {}           # (ns, service) -> slice name -> slice
        self._ports: dict[SvcKey, list[R.ServicePort]] = {}
        self._frags: dict[SvcKey, R.NodeRules] = {}
        self.errors: list[str] = []
        self._generation = 0                                     # bumped by every watched change
        self._shared: Optional[tuple[tuple[int, Optional[str]], R.NodeRules]] = None   # no Local policy: one for all
        self._text: Optional[tuple[tuple[int, tuple[str, ...], tuple[str, ...]], R.NodeRules, str]] = None

    # -- watches -----------------------------------------------------------------------------------
    def keys(self, event: str, obj: Obj) -> Iterable[Key]:
        self._generation += 1
        meta = obj["metadata"]
        if obj["kind"] == "Service":
            self._forget((meta["namespace"], meta["name"]))
        elif obj["kind"] == "EndpointSlice":
            owner = (meta.get("labels") or {}).get("kubernetes.io/service-name")
            if not owner:
                return []
            key = (meta["namespace"], owner)
            if event == "DELETED":
                self.slices.get(key, {}).pop(meta["name"], None)
            else:
                self.slices.setdefault(key, {})[meta["name"]] = obj
            self._forget(key)
        return [("KubeProxy", "", n) for n in self.cluster.node_names]

    def _forget(self, key: SvcKey) -> None:
        self._ports.pop(key, None)
        self._frags.pop(key, None)

    def cluster_cidr(self) -> Optional[str]:
        """kube-proxy's clusterCIDR: the pod range in use -- Weave's IPALLOC_RANGE when the weave-net DaemonSet
        runs (as its docs ask kubeadm users to set), else kubeadm's podSubnet. Traffic from outside it that
        reaches a ClusterIP is masqueraded (the `! -s CIDR ... -j KUBE-MARK-MASQ` rule)."""
        if self.store.get("DaemonSet", "kube-system", "weave-net") is not None:
            from course_lib.k8s.overlay import RANGE
            return str(RANGE)
        return self.cluster.pod_cidr

    def service_ports(self, key: SvcKey, svc: Obj) -> list[R.ServicePort]:
        ports = self._ports.get(key)
        if ports is None:
            ports = R.service_ports(svc, list(self.slices.get(key, {}).values()))
            self._ports[key] = ports
        return ports

    # -- sync --------------------------------------------------------------------------------------
    def sync(self, key: Key) -> None:
        node = key[2]
        if self.enabled and node in self.cluster.node_names:
            self.sync_node(node)

    def node_rules(self, node: str) -> R.NodeRules:
        """All rules of a node: per-Service fragments (shared by nodes unless a traffic policy is Local)."""
        cidr = self.cluster_cidr()
        generation = (self._generation, cidr)
        if self._shared is not None and self._shared[0] == generation:
            return self._shared[1]             # nothing changed and no Service has a Local policy: same rules
        total = R.NodeRules(node, [self.cluster.node_ip(node)], cidr)
        if self.__dict__.get("_frags_cidr") != total.cluster_cidr:       # a CNI came: fragments are stale
            self._frags.clear()
            self.__dict__["_frags_cidr"] = total.cluster_cidr
        any_local = False
        for svc in self.store.list("Service"):
            key = (svc["metadata"]["namespace"], svc["metadata"]["name"])
            ports = self.service_ports(key, svc)
            if not ports:
                continue
            local = any(p.external_local or p.internal_local for p in ports)
            any_local = any_local or local
            frag = None if local else self._frags.get(key)
            if frag is None:
                frag = R.NodeRules(node, total.node_ips, total.cluster_cidr)
                for sp in ports:
                    frag.add(sp)
                if not local:
                    self._frags[key] = frag
            total.services += frag.services
            total.nodeports += frag.nodeports
            total.filter += frag.filter
            total.firewall += frag.firewall
            total.chains.update(frag.chains)
        self._shared = None if any_local else (generation, total)
        return total

    def restore_text(self, rules: R.NodeRules, changed: list[str], stale: list[str]) -> str:
        """The iptables-restore text (the same for every node that last saw the same rules: made once)."""
        key = (id(rules), tuple(changed), tuple(stale))
        if self._text is not None and self._text[0] == key and self._text[1] is rules:
            return self._text[2]
        text = rules.text(changed, stale)
        self._text = (key, rules, text)
        return text

    def sync_node(self, node: str) -> None:
        if ipvs_mode.mode_of(self, node) == "ipvs":          # --proxy-mode=ipvs: kubeproxy/ipvs.py
            from course_lib.k8s.kubeproxy import ipvs
            return ipvs.sync_node(self, node)
        from course_lib.shell.iptables_save import restore_rules
        netns = self.cluster.machine(node).root
        self._ensure_jumps(node, netns)
        rules = self.node_rules(node)
        last = self.written.get(node, {})
        changed = [c for c, lines in rules.chains.items() if last.get(c) is not lines and last.get(c) != lines]
        stale = sorted(c for c in last if c not in rules.chains)
        result = restore_rules(netns, self.restore_text(rules, changed, stale), noflush=True)
        if result.returncode != 0:
            self.errors.append(f"{node}: {result.stderr}")
            return
        self.written[node] = dict(rules.chains)

    def _ensure_jumps(self, node: str, netns: Any) -> None:
        """The base chains and the jumps from the built-in chains (kube-proxy's iptables -N / -C / -I)."""
        if node in self.jumps_done:
            return
        from course_lib.shell.iptables_save import restore_rules
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
            text += f"*{table}\n" + "".join(f"-I {chain} 1 {spec}\n" for chain, spec in reversed(items)) + "COMMIT\n"
        restore_rules(netns, text, noflush=True)
        self.jumps_done.add(node)
