"""A simulated cloud load balancer: addresses on the node LAN that forward to the Service's NodePorts.

The "cloud" is one machine, `cloud-lb`, cabled to the LAN. Each LoadBalancer Service gets the next
address of the pool (192.168.1.240 up) on its eth0, and DNAT rules (random over the nodes, as a cloud
LB spreads connections) to nodeIP:nodePort, with SNAT to the balancer's own private address (192.168.1.239,
as an AWS NLB without client-IP preservation uses its private IP) so replies come back to it. Not to the LB
address: kube-proxy in ipvs mode binds every LoadBalancer ingress IP on each node's kube-ipvs0, so a node
would take replies to that address for itself.
EXTERNAL-IP shows `<pending>` until the provider has answered (the first look after creating the
Service, or 2 model seconds).
"""
from __future__ import annotations

import ipaddress
from typing import Any, Optional

Obj = dict[str, Any]
POOL_FIRST = 240
POOL_LAST = 254
SETTLE_SECONDS = 2.0
PRIVATE_ADDRESS = "192.168.1.239"          # the balancer's own address on the LAN, owned by no node


def _lb_machine(cluster: Any) -> Any:
    lab = cluster.lab
    if "cloud-lb" not in cluster.network.machines:
        lab.add_host("cloud-lb")
        lab.connect("cloud-lb", "lan", "eth0")
        m = lab.host("cloud-lb")
        m.run(f"ip addr add {PRIVATE_ADDRESS}/24 dev eth0")
        m.run("ip link set eth0 up")
        m.run("sysctl -qw net.ipv4.ip_forward=1")
    return lab.host("cloud-lb")


def _used(cluster: Any) -> set[str]:
    used = set()
    for s in cluster.store.list("Service"):
        for i in ((s.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []:
            used.add(i.get("ip"))
    return used


def allocate(cluster: Any, svc: Obj, wanted: Optional[str]) -> Optional[str]:
    """Reserve an address (pending until settle())."""
    pending = cluster.__dict__.setdefault("_lb_pending", {})
    key = (svc["metadata"]["namespace"], svc["metadata"]["name"])
    if key in pending:
        return None
    used = _used(cluster) | {ip for ip, _ in pending.values()}
    net = ipaddress.IPv4Network("192.168.1.0/24")
    ip = wanted if wanted and wanted not in used else None
    for host in range(POOL_FIRST, POOL_LAST + 1):
        if ip is None and str(net.network_address + host) not in used:
            ip = str(net.network_address + host)
    if ip is None:
        return None
    pending[key] = (ip, cluster.now())
    return None


def settle(cluster: Any, seen: bool = True) -> None:
    """The cloud provider's answer: pending addresses that were looked at once (or are old) get assigned."""
    pending = cluster.__dict__.get("_lb_pending") or {}
    if not pending:
        return
    done = []
    for key, (ip, since) in list(pending.items()):
        looked = cluster.__dict__.setdefault("_lb_seen", set())
        if key not in looked and cluster.now() - since < SETTLE_SECONDS:
            if seen:
                looked.add(key)
            continue
        svc = cluster.store.get("Service", *key)
        done.append(key)
        if svc is None or (svc.get("spec") or {}).get("type") != "LoadBalancer":
            continue
        svc.setdefault("status", {})["loadBalancer"] = {"ingress": [{"ip": ip, "ipMode": "VIP"}]}
        program(cluster, svc, ip)
        cluster.store.touch(svc)
        cluster.event(svc, "Normal", "EnsuringLoadBalancer", "Ensuring load balancer", "service-controller")
        cluster.event(svc, "Normal", "EnsuredLoadBalancer", "Ensured load balancer", "service-controller")
    for key in done:
        pending.pop(key, None)
    if done:
        cluster.reconcile()


def rules(cluster: Any, svc: Obj, ip: str) -> list[str]:
    """The forwarding rules of one balancer: DNAT spread over the nodes' NodePorts, SNAT to our own address."""
    nodes = [cluster.node_ip(n) for n in cluster.node_names if n != "controlplane"] or \
        [cluster.node_ip("controlplane")]
    lines = []
    for p in (svc.get("spec") or {}).get("ports") or []:
        if not p.get("nodePort"):
            continue
        proto = p.get("protocol", "TCP").lower()
        n = len(nodes)
        for i, node_ip in enumerate(nodes):
            stat = f" -m statistic --mode random --probability {1.0 / (n - i):0.10f}" if i < n - 1 else ""
            lines.append(f"-A PREROUTING -d {ip}/32 -p {proto} -m {proto} --dport {p['port']}{stat} "
                         f"-j DNAT --to-destination {node_ip}:{p['nodePort']}")
        lines.append(f"-A POSTROUTING -p {proto} -m {proto} --dport {p['nodePort']} "
                     f"-j SNAT --to-source {PRIVATE_ADDRESS}")
    return lines


def program(cluster: Any, svc: Obj, ip: str) -> None:
    """The LB address on cloud-lb and its forwarding rules to every node's NodePort."""
    from course_lib.shell.iptables_save import restore_rules
    host = _lb_machine(cluster)
    host.run(f"ip addr add {ip}/24 dev eth0")
    lines = rules(cluster, svc, ip)
    machine = cluster.network.machines["cloud-lb"]
    restore_rules(machine.root, "\n".join(["*nat"] + lines + ["COMMIT"]) + "\n", noflush=True)
    key = (svc["metadata"]["namespace"], svc["metadata"]["name"])
    cluster.__dict__.setdefault("_lb_programmed", {})[key] = (ip, lines)


def reprogram(cluster: Any, svc: Obj) -> None:
    """A programmed balancer whose Service ports changed (kubectl patch/apply) gets the new rules."""
    key = (svc["metadata"]["namespace"], svc["metadata"]["name"])
    ip, lines = cluster.__dict__.get("_lb_programmed", {}).get(key, (None, []))
    if ip is not None and rules(cluster, svc, ip) != lines:
        release(cluster, key)
        program(cluster, svc, ip)


def release(cluster: Any, key: tuple[str, str]) -> None:
    """The cloud deletes the balancer of a Service that is gone or no longer a LoadBalancer."""
    ip, lines = cluster.__dict__.get("_lb_programmed", {}).pop(key, (None, []))
    if ip is None:
        return
    host = _lb_machine(cluster)
    for rule in lines:
        host.run("iptables -t nat -D " + rule[len("-A "):])
    host.run(f"ip addr del {ip}/24 dev eth0")
