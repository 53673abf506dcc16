"""Service path cost: 1,000 Services x 3 endpoints on a 100-node cluster, measured beside 10 Services.

    python benchmarks/bench_services.py [--nodes 100] [--services 1000] [--requests 50]
Builds a Weave cluster, a pool of nginx pods, then Services without selectors whose EndpointSlices name
3 pod IPs each (as a controller would write them). Prints the time kube-proxy takes to program every
node's nat and filter tables (iptables-restore text), and the time per `curl` through a ClusterIP with
10 Services and with 1,000 in the same run, then the ratio (it should stay about flat: KUBE-SERVICES
is indexed by destination while the order a learner sees stays the list order).
"""
from __future__ import annotations

import argparse
import gc
import time

from course_lib import Cluster


def service(name: str) -> dict:
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": "default"},
            "spec": {"ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 80}]}}


def endpoint_slice(name: str, ips: list[str]) -> dict:
    return {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
            "metadata": {"name": f"{name}-manual", "namespace": "default",
                         "labels": {"kubernetes.io/service-name": name}},
            "endpoints": [{"addresses": [ip], "conditions": {"ready": True}} for ip in ips],
            "ports": [{"name": "http", "port": 80, "protocol": "TCP"}]}


def add_services(c: Cluster, start: int, stop: int, pool: list[str]) -> tuple[float, float]:
    """Create Services start..stop-1 and their slices, then time kube-proxy's sync on every node
    (wall-clock and CPU seconds: the CPU time does not grow when other processes load the machine).
    The timed part ends with a full garbage collection: the collector's work for the objects the sync made
    is counted here, not in whatever runs next."""
    for i in range(start, stop):
        name = f"svc-{i:04d}"
        c.api.create(service(name), reconcile=False)
        ips = [pool[(3 * i + k) % len(pool)] for k in range(3)]
        c.store.create(endpoint_slice(name, ips))
    gc.collect()
    t0, cpu0 = time.perf_counter(), time.process_time()
    c.reconcile()
    gc.collect()
    return time.perf_counter() - t0, time.process_time() - cpu0


def per_request(c: Cluster, names: list[str], requests: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds per `curl` through the ClusterIPs of `names`."""
    ips = [c.store.get("Service", "default", n)["spec"]["clusterIP"] for n in names]
    for ip in ips[:3]:                      # warm-up: ARP, conntrack tables, caches
        c.run(f"kubectl exec client -- curl -s -o /dev/null http://{ip}/")
    t0, cpu0 = time.perf_counter(), time.process_time()
    for i in range(requests):
        r = c.run(f"kubectl exec client -- curl -s -o /dev/null -w %{{http_code}} http://{ips[i % len(ips)]}/")
        assert r.stdout == "200", (r.stdout, r.stderr)
    return (time.perf_counter() - t0) / requests, (time.process_time() - cpu0) / requests


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=100)
    ap.add_argument("--services", type=int, default=1000)
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--pool", type=int, default=60)
    a = ap.parse_args()
    t0 = time.perf_counter()
    c = Cluster(workers=a.nodes - 1)
    c.run(f"kubectl create deployment web --image=nginx --replicas={a.pool}")
    c.run("kubectl run client --image=curlimages/curl -- sleep 3600")
    pool = [p["status"]["podIP"] for p in c.store.list("Pod", "default", {"app": "web"})]
    print(f"cluster: {a.nodes} nodes, {len(pool)} backend pods, built in {time.perf_counter() - t0:.1f} s")
    small = 10
    sync_small, cpu_small = add_services(c, 0, small, pool)
    req_small = per_request(c, [f"svc-{i:04d}" for i in range(small)], a.requests)
    sync_big, cpu_big = add_services(c, small, a.services, pool)
    req_big = per_request(c, [f"svc-{i:04d}" for i in range(small)], a.requests)
    req_far = per_request(c, [f"svc-{i:04d}" for i in range(a.services - small, a.services)], a.requests)
    rules = len(c.node("node01").run("iptables-save -t nat").stdout.splitlines())
    t1, cpu1 = time.perf_counter(), time.process_time()
    c.run("kubectl apply -f -", stdin="apiVersion: v1\nkind: Service\nmetadata:\n  name: one-more\nspec:\n"
                                      "  selector:\n    app: web\n  ports:\n  - port: 80\n")
    one_more, cpu_more = time.perf_counter() - t1, time.process_time() - cpu1
    print(f"program {small} services on {a.nodes} nodes: {sync_small:.2f} s (CPU {cpu_small:.2f} s)")
    print(f"program {a.services - small} more services on {a.nodes} nodes: {sync_big:.2f} s (CPU {cpu_big:.2f} s; "
          f"{sync_big / a.nodes * 1000:.1f} ms per node; node01 nat table: {rules} lines)")
    print(f"one more service with {a.services} present (apply + resync of {a.nodes} nodes): {one_more:.2f} s "
          f"(CPU {cpu_more:.2f} s)")
    for label, (wall, cpu) in ((f"with {small} services", req_small), (f"with {a.services} services", req_big),
                               (f"with {a.services} services, to the last {small} in KUBE-SERVICES", req_far)):
        print(f"per request {label}: {wall * 1000:.2f} ms (CPU {cpu * 1000:.2f} ms)")
    print(f"ratio {a.services}/{small}: {req_big[0] / req_small[0]:.2f} (last services: {req_far[0] / req_small[0]:.2f}); "
          f"in CPU time {req_big[1] / req_small[1]:.2f} (last services: {req_far[1] / req_small[1]:.2f})")


if __name__ == "__main__":
    main()
