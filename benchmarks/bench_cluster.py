"""Cluster build and pod-to-pod cost: a 10-node and a 100-node cluster measured in the same run.

    python benchmarks/bench_cluster.py [--cni flannel|weave|bridge] [--pods-per-node 30] [--big 100] [--small 10]
Prints build time, memory (the process's peak RSS after each size; the small one runs first), per-pod build cost, and the time per cross-node
pod-to-pod `wget` (the busybox curl) for each size, then the ratios big/small. Build cost should grow
about linearly with pods (per-pod cost flat) and a request should cost about the same.

The default is flannel: routed between nodes, ARP stays inside a node, so a request is flat. Weave is
one L2 domain over all nodes (10.32.0.0/12), so a cold ARP is flooded to every pod's veth, as a real
Weave bridge mesh floods broadcasts: its request cost grows with the pod count (measured: x22 from
300 to 3,000 pods). With bridge, the benchmark adds the learner's routes between nodes.
"""
from __future__ import annotations

import argparse
import resource
import time

from course_lib import Cluster


def deployment(replicas: int) -> str:
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers: [{{name: web, image: nginx}}]
"""


def measure(workers: int, pods: int, requests: int, cni: str) -> dict[str, float]:
    t0 = time.perf_counter()
    c = Cluster(workers=workers, cni=cni)
    if cni == "bridge":                     # the seed's lesson: a route per other node's pod CIDR
        for name in c.nodes:
            others = [n for n in c.nodes if n != name]
            c.node(name).run("\n".join(f"ip route add {c.store.get('Node', '', o)['spec']['podCIDR']} via "
                                       f"{c.node_ip(o)}" for o in others))
    t1 = time.perf_counter()
    r = c.run("kubectl apply -f -", stdin=deployment(pods))
    assert r.returncode == 0, r.stderr
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024      # the process's peak RSS so far
    c.run("kubectl run client --image=busybox -- sleep 3600")
    client = c.store.get("Pod", "default", "client")
    targets = [p for p in c.store.list("Pod", "default", {"app": "web"})
               if p["spec"]["nodeName"] != client["spec"]["nodeName"]][:requests]
    t3 = time.perf_counter()
    for pod in targets:
        out = c.run(f"kubectl exec client -- wget -qO- http://{pod['status']['podIP']}")
        assert "Welcome to nginx!" in out.stdout, out.stderr
    t4 = time.perf_counter()
    return {"nodes": workers + 1, "pods": pods, "cluster_s": t1 - t0, "pods_s": t2 - t1,
            "per_pod_ms": (t2 - t1) / pods * 1e3, "peak_mb": peak / 2**20,
            "per_request_ms": (t4 - t3) / len(targets) * 1e3}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pods-per-node", type=int, default=30)
    ap.add_argument("--small", type=int, default=10)
    ap.add_argument("--big", type=int, default=100)
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--cni", default="flannel", choices=("flannel", "weave", "bridge"))
    a = ap.parse_args()
    print(f"cni={a.cni}")
    Cluster(workers=0, cni="bridge").run("kubectl get pods")    # warm-up: imports are not build time
    rows = [measure(n - 1, n * a.pods_per_node, a.requests, a.cni) for n in (a.small, a.big)]
    for r in rows:
        print(f"{r['nodes']:4d} nodes {r['pods']:5d} pods: cluster {r['cluster_s']:.2f}s, pods {r['pods_s']:.2f}s "
              f"({r['per_pod_ms']:.2f} ms/pod), peak RSS {r['peak_mb']:.0f} MiB, "
              f"cross-node pod-to-pod wget {r['per_request_ms']:.2f} ms")
    small, big = rows
    print(f"ratios big/small: nodes x{big['nodes'] / small['nodes']:.0f}, pods x{big['pods'] / small['pods']:.0f}, "
          f"per-pod build x{big['per_pod_ms'] / small['per_pod_ms']:.2f}, "
          f"per-request x{big['per_request_ms'] / small['per_request_ms']:.2f}")


if __name__ == "__main__":
    main()
