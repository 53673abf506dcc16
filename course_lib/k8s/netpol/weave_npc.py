"""weave-npc: NetworkPolicies enforced in every node's filter table (Weave Net's policy controller).

Layout after weave-npc (FORWARD jumps before kube-proxy's, chains WEAVE-NPC, WEAVE-NPC-DEFAULT,
WEAVE-NPC-INGRESS, WEAVE-NPC-EGRESS, WEAVE-NPC-EGRESS-DEFAULT, WEAVE-NPC-EGRESS-CUSTOM,
WEAVE-NPC-EGRESS-ACCEPT with mark 0x40000). Where weave-npc matches ipsets of pods, these rules list
the pods' addresses (-s/-d IP/32), so the rules change when selected pods come and go. Semantics are
the NetworkPolicy spec's: a pod selected by a policy with policyType Ingress (Egress) accepts only
what some such policy allows; peers are podSelector (policy's Namespace), namespaceSelector, both
(AND), or ipBlock with except; ports by number, name or range; replies pass by conntrack.
Clusters with the plain bridge CNI get none of this: their policies are stored and ignored.
"""
from __future__ import annotations

import hashlib
from typing import Any, Iterable, Optional

from course_lib.k8s.controllers import Controller, Key
from course_lib.k8s.netpol.kinds import selector_matches

Obj = dict[str, Any]
MARK = "0x40000/0x40000"
OVERLAY_PORT = "vxlan-6784"
NOTE = '"NOTE: this must go before \'-j KUBE-FORWARD\'"'
JUMPS = [f"-i weave -m comment --comment {NOTE} -j WEAVE-NPC-EGRESS",
         f"-o weave -m comment --comment {NOTE} -j WEAVE-NPC",
         "-o weave -j DROP",
         "-i weave ! -o weave -j ACCEPT",
         "-o weave -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"]


def _c(text: str) -> str:
    return f'-m comment --comment "{text}"'


class WeaveNPC(Controller):
    kinds = ("NetworkPolicy", "Pod", "Namespace", "DaemonSet")

    def __init__(self, cluster: Any) -> None:
        super().__init__(cluster)
        self.dirty = True
        self.text: Optional[str] = None
        self.written: dict[str, str] = {}
        self.jumped: set[str] = set()

    def active(self) -> bool:
        return self.store.get("DaemonSet", "kube-system", "weave-net") is not None

    def keys(self, event: str, obj: Obj) -> Iterable[Key]:
        if obj["kind"] == "Pod" and not self.store.count("NetworkPolicy"):
            return []
        if obj["kind"] == "DaemonSet" and obj["metadata"]["name"] != "weave-net":
            return []
        self.dirty = True
        return [("WeaveNPC", "", n) for n in self.cluster.node_names]

    def sync(self, key: Key) -> None:
        node = key[2]
        if not self.active() or node not in self.cluster.node_names:
            return
        if self.dirty or self.text is None:
            self.text = self.render()
            self.dirty = False
        if self.written.get(node) == self.text:
            return
        from course_lib.shell.iptables_save import restore_rules
        netns = self.cluster.machine(node).root
        result = restore_rules(netns, self.text, noflush=True)
        if result.returncode == 0:
            self.written[node] = self.text
            if node not in self.jumped:
                text = "*filter\n" + "".join(f"-I FORWARD {i} {j}\n" for i, j in enumerate(JUMPS, start=1)) + \
                    "COMMIT\n"
                restore_rules(netns, text, noflush=True)
                self.jumped.add(node)

    # -- rules ---------------------------------------------------------------------------------------
    def _pods(self) -> list[Obj]:
        return [p for p in self.store.list("Pod") if (p.get("status") or {}).get("podIP")
                and not p["spec"].get("hostNetwork") and not p["metadata"].get("deletionTimestamp")]

    def render(self) -> str:
        pods = self._pods()
        policies = self.store.list("NetworkPolicy")
        ns_labels = {n["metadata"]["name"]: n["metadata"].get("labels") or {} for n in self.store.list("Namespace")}
        chains = ["WEAVE-NPC", "WEAVE-NPC-DEFAULT", "WEAVE-NPC-INGRESS", "WEAVE-NPC-EGRESS",
                  "WEAVE-NPC-EGRESS-DEFAULT", "WEAVE-NPC-EGRESS-CUSTOM", "WEAVE-NPC-EGRESS-ACCEPT"]
        rules = ["-A WEAVE-NPC -m state --state RELATED,ESTABLISHED -j ACCEPT",
                 "-A WEAVE-NPC -d 224.0.0.0/4 -j ACCEPT",
                 f"-A WEAVE-NPC -m physdev --physdev-out {OVERLAY_PORT} --physdev-is-bridged -j ACCEPT",
                 "-A WEAVE-NPC -m state --state NEW -j WEAVE-NPC-DEFAULT",
                 "-A WEAVE-NPC -m state --state NEW -j WEAVE-NPC-INGRESS",
                 "-A WEAVE-NPC-EGRESS -m state --state RELATED,ESTABLISHED -j ACCEPT",
                 f"-A WEAVE-NPC-EGRESS -m physdev --physdev-in {OVERLAY_PORT} --physdev-is-bridged -j RETURN",
                 "-A WEAVE-NPC-EGRESS -d 224.0.0.0/4 -j RETURN",
                 "-A WEAVE-NPC-EGRESS -m state --state NEW -j WEAVE-NPC-EGRESS-DEFAULT",
                 f"-A WEAVE-NPC-EGRESS -m state --state NEW -m mark ! --mark {MARK} -j WEAVE-NPC-EGRESS-CUSTOM",
                 f"-A WEAVE-NPC-EGRESS -m state --state NEW -m mark ! --mark {MARK} -j DROP",
                 f"-A WEAVE-NPC-EGRESS-ACCEPT -j MARK --set-xmark {MARK}"]
        extra_chains: dict[str, list[str]] = {}
        isolated_in: list[Obj] = []
        isolated_out: list[Obj] = []
        for pod in pods:
            sel = [p for p in policies if p["metadata"]["namespace"] == pod["metadata"]["namespace"]
                   and selector_matches(p["spec"].get("podSelector"), pod["metadata"].get("labels") or {})]
            if any("Ingress" in (p["spec"].get("policyTypes") or []) for p in sel):
                isolated_in.append(pod)
            if any("Egress" in (p["spec"].get("policyTypes") or []) for p in sel):
                isolated_out.append(pod)
        for pod in isolated_in:
            rules.append(f"-A WEAVE-NPC-DEFAULT -d {pod['status']['podIP']}/32 "
                         f"{_c('ingress isolation for pod: ' + _ref(pod))} -j RETURN")
        rules.append(f"-A WEAVE-NPC-DEFAULT {_c('DefaultAllow ingress isolation')} -j ACCEPT")
        for pod in isolated_out:
            rules.append(f"-A WEAVE-NPC-EGRESS-DEFAULT -s {pod['status']['podIP']}/32 "
                         f"{_c('egress isolation for pod: ' + _ref(pod))} -j RETURN")
        rules.append(f"-A WEAVE-NPC-EGRESS-DEFAULT {_c('DefaultAllow egress isolation')} -j WEAVE-NPC-EGRESS-ACCEPT")
        rules.append("-A WEAVE-NPC-EGRESS-DEFAULT -j RETURN")
        for policy in policies:
            ns = policy["metadata"]["namespace"]
            spec = policy.get("spec") or {}
            targets = [p for p in (isolated_in + isolated_out) if p["metadata"]["namespace"] == ns and
                       selector_matches(spec.get("podSelector"), p["metadata"].get("labels") or {})]
            targets = list({p["metadata"]["uid"]: p for p in targets}.values())
            name = f"{ns}/{policy['metadata']['name']}"
            if "Ingress" in (spec.get("policyTypes") or []):
                for target in [t for t in targets if t in isolated_in]:
                    for rule in spec.get("ingress") or []:
                        rules += self._allow("WEAVE-NPC-INGRESS", "ACCEPT", "-d", target, rule.get("from"),
                                             rule.get("ports"), "-s", pods, ns_labels, ns, name, extra_chains)
            if "Egress" in (spec.get("policyTypes") or []):
                for target in [t for t in targets if t in isolated_out]:
                    for rule in spec.get("egress") or []:
                        rules += self._allow("WEAVE-NPC-EGRESS-CUSTOM", "WEAVE-NPC-EGRESS-ACCEPT", "-s", target,
                                             rule.get("to"), rule.get("ports"), "-d", pods, ns_labels, ns, name,
                                             extra_chains)
        out = ["*filter"] + [f":{c} - [0:0]" for c in chains + sorted(extra_chains)]
        out += rules
        for c in sorted(extra_chains):
            out += extra_chains[c]
        out.append("COMMIT")
        return "\n".join(out) + "\n"

    def _allow(self, chain: str, accept: str, self_flag: str, target: Obj, peers: Any, ports: Any, peer_flag: str,
               pods: list[Obj], ns_labels: dict[str, dict[str, str]], ns: str, name: str,
               extra: dict[str, list[str]]) -> list[str]:
        ip = target["status"]["podIP"]
        port_specs = self._ports(target, ports) if ports else [""]
        peer_specs: list[str] = []
        if not peers:
            peer_specs = [""]
        for peer in peers or []:
            block = peer.get("ipBlock")
            if block is not None:
                if block.get("except"):
                    sub = "WEAVE-NPC-IPB-" + hashlib.sha256(f"{name}{block}{accept}".encode()).hexdigest()[:12].upper()
                    lines = [f"-A {sub} {peer_flag} {e} -j RETURN" for e in block["except"]]
                    lines.append(f"-A {sub} {peer_flag} {block['cidr']} -j {accept}")
                    extra[sub] = lines
                    peer_specs.append(f"@{sub}")
                else:
                    peer_specs.append(f"{peer_flag} {block['cidr']}")
                continue
            for pod in pods:
                pns = pod["metadata"]["namespace"]
                if peer.get("namespaceSelector") is not None:
                    if not selector_matches(peer["namespaceSelector"], ns_labels.get(pns, {})):
                        continue
                elif pns != ns:
                    continue
                if peer.get("podSelector") is not None and \
                        not selector_matches(peer["podSelector"], pod["metadata"].get("labels") or {}):
                    continue
                peer_specs.append(f"{peer_flag} {pod['status']['podIP']}/32")
        out = []
        for peer in dict.fromkeys(peer_specs):
            for port in port_specs:
                jump = peer[1:] if peer.startswith("@") else accept
                src = "" if peer.startswith("@") else (peer + " " if peer else "")
                out.append(f"-A {chain} {src}{self_flag} {ip}/32 {port}{_c(name)} -j {jump}".replace("  ", " "))
        return out

    @staticmethod
    def _ports(target: Obj, ports: list[Obj]) -> list[str]:
        specs = []
        for p in ports:
            proto = (p.get("protocol") or "TCP").lower()
            port = p.get("port")
            if port is None:
                specs.append(f"-p {proto} ")
                continue
            if isinstance(port, str) and not port.isdigit():
                number = next((cp["containerPort"] for c in target["spec"].get("containers") or []
                               for cp in c.get("ports") or [] if cp.get("name") == port), None)
                if number is None:
                    continue
                port = number
            if p.get("endPort"):
                specs.append(f"-p {proto} -m {proto} --dport {port}:{p['endPort']} ")
            else:
                specs.append(f"-p {proto} -m {proto} --dport {port} ")
        return specs


def _ref(pod: Obj) -> str:
    return f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
