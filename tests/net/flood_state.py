"""Everything a flood can leave behind, as text: per link counters, neighbours, bridge and vxlan FDBs.

`dump(network)` walks every netns reachable from the machines (root, named, and the unnamed ones of
containers and pods through veth peers) and writes, in a stable order, what `ip -s link`, `ip neigh`,
`bridge fdb show` and a switch's MAC table hold -- with the model times of learning and updates, so
that an FDB refresh or a neighbour update at another moment shows. The scenarios are what the flood
tests run before and after a change of the datapath.
"""
from __future__ import annotations

from typing import Any

from course_lib import Lab


def _netns_all(network: Any) -> list[Any]:
    seen: dict[int, Any] = {}
    todo = []
    for machine in network.machines.values():
        todo += [machine.root, *machine.netns.values()]
    while todo:
        ns = todo.pop(0)
        if id(ns) in seen:
            continue
        seen[id(ns)] = ns
        for link in ns.links.values():
            if link.peer is not None:
                todo.append(link.peer.netns)
    return sorted(seen.values(), key=lambda ns: (ns.machine.name, ns.name, min(
        (l.mac for l in ns.links.values() if l.kind != "loopback"), default="")))


def dump(network: Any) -> str:
    from course_lib.backends.sim_records import link_record
    out = [f"clock {network.clock:.9f}"]
    for ns in _netns_all(network):
        out.append(f"netns {ns.machine.name}/{ns.name or '-'}")
        for link in sorted(ns.links.values(), key=lambda l: l.ifindex):
            stats = link_record(ns, link).stats
            out.append(f"  link {link.ifindex} {link.name} {link.mac} up={link.admin_up} "
                       + " ".join(f"{k}={v}" for k, v in sorted(stats.items()) if v))
            for mac, e in sorted(link.fdb.items()):
                out.append(f"    fdb {mac} {e.port.name} static={e.static} local={e.local} age={e.age:.9f}")
            if link.vxlan is not None:
                for mac, entries in link.vxlan.fdb.items():
                    for e in entries:
                        out.append(f"    vxfdb {mac} {e.dst} perm={e.permanent} at={e.updated:.9f}")
        for n in ns.neighbours:
            out.append(f"  neigh {n.ip} {n.link.name} {n.mac} {n.state} {n.updated:.9f}")
    for sw in sorted(network.switches.values(), key=lambda s: s.name):
        out.append(f"switch {sw.name} " + " ".join(f"{m}>{p.netns.machine.name}:{p.name}"
                                                   for m, p in sorted(sw.mac_table.items())))
    return "\n".join(out) + "\n"


BRIDGED = """ip link add br0 type bridge
ip link set br0 up
ip addr add 10.7.0.1/24 dev br0
ip link set eth1 master br0
ip link set eth1 up
""" + "".join(f"""ip netns add p{i}
ip -n p{i} link set lo up
ip -n p{i} link add eth0 type veth peer name v{i}
ip -n p{i} link set v{i} netns 1
ip link set v{i} master br0
ip link set v{i} up
ip -n p{i} link set eth0 up
ip -n p{i} addr add 10.7.0.HH{i}/24 dev eth0
""" for i in range(1, 7))


def bridged_lab() -> tuple[Lab, list[str]]:
    """Three machines, each a bridge with six pod netns and a NIC on one switch (one L2 segment, as the
    weave overlay), with ports and pods down, a stale and a permanent entry for the pinger, and the
    steps (command lines) that flood ARP through it while links change in between."""
    lab = Lab()
    sw = lab.add_switch("seg")
    for m, name in enumerate(("a", "b", "c")):
        lab.add_host(name)
        lab.connect(name, sw, "eth1")
        script = BRIDGED.replace("HH", str(m + 1))
        assert lab.host(name).run(script).returncode == 0, name
    setup = {"b": "ip -n p3 link set eth0 down\nip link set v4 down\n"
                  "ip -n p5 neigh add 10.7.0.11 lladdr 02:00:00:00:00:55 dev eth0 nud stale\n"
                  "ip -n p6 neigh add 10.7.0.11 lladdr 02:00:00:00:00:66 dev eth0 nud permanent",
             "c": "ip -n p2 addr add 10.7.0.99/24 dev eth0\nip link set v6 nomaster"}
    for name, script in setup.items():
        assert lab.host(name).run(script).returncode == 0, name
    steps = [("a", "ip netns exec p1 ping -c 2 10.7.0.23"),
             ("b", "ip -s link show v1; ip -n p1 -s link show eth0"),
             ("a", "ip netns exec p1 ping -c 1 -W 1 10.7.0.77"),
             ("b", "ip link set v2 down; ip -n p3 link set eth0 up; ip link set v4 up"),
             ("c", "ip netns exec p3 ping -c 1 10.7.0.99"),
             ("b", "ip -n p1 link set eth0 down; ip link set v3 nomaster; ip netns del p4"),
             ("a", "ip netns exec p2 ping -c 1 10.7.0.35; ip netns exec p2 ping -c 1 -W 1 10.7.0.78"),
             ("c", "ip link set v6 master br0; ip -n p1 link set eth0 down; ip -n p1 link set eth0 up"),
             ("a", "sleep 40; ip netns exec p4 ping -c 1 10.7.0.36; ip netns exec p1 ping -c 1 10.7.0.1"),
             ("b", "ip link set br0 down; ip link set br0 up; ip netns exec p6 ping -c 1 10.7.0.12")]
    return lab, [f"{host}: {cmd}" for host, cmd in steps]


def run_steps(lab: Lab, steps: list[str]) -> str:
    """Each step's output (ping times blanked) and the state dump after it."""
    import re
    network = lab._backend.network
    out = []
    for step in steps:
        host, cmd = step.split(": ", 1)
        r = lab.host(host).run(cmd)
        out.append(f"$ {step}\n" + re.sub(r"time[= ][\d./]+ ?ms", "T", r.stdout + r.stderr))
        out.append(dump(network))
    return "\n".join(out)


def cluster_state(cni: str) -> str:
    """A three-node cluster with the CNI, a Deployment of six nginx pods and a busybox client that
    fetches from every pod (the first round floods ARP across the nodes), then the state dump."""
    from course_lib import Cluster
    c = Cluster(workers=2, cni=cni)
    web = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 6\n"
           "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
           "    spec: {containers: [{name: web, image: nginx}]}\n")
    assert c.run("kubectl apply -f -", stdin=web).returncode == 0
    c.run("kubectl run client --image=busybox -- sleep 3600")
    ips = sorted(p["status"]["podIP"] for p in c.store.list("Pod", "default", {"app": "web"}))
    out = []
    for ip in ips + ips[:2]:
        r = c.run(f"kubectl exec client -- wget -qO- http://{ip}")
        out.append(f"{ip} {r.returncode} {'Welcome to nginx!' in r.stdout}")
    out.append(c.node("node01").run("ip -s link; bridge fdb show; ip neigh").stdout)
    return "\n".join(out) + "\n" + dump(c.network)
