"""kube-proxy ipvs mode beside iptables mode: programming time and time per request, 10 vs 1,000 Services.

    python benchmarks/bench_ipvs.py [--nodes 20] [--services 1000] [--requests 20]
Same cluster recipe as bench_services.py (Services without selectors, EndpointSlices of 3 pool pods),
built once per proxy mode in the same run. Prints, per mode, the time kube-proxy takes to program every
node after the Services are added (ipvs: IPVS services, ipsets, kube-ipvs0 addresses, iptables rules),
the time per `curl` through a ClusterIP with 10 and with 1,000 Services, and their ratio.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_services import add_services, per_request  # noqa: E402

from course_lib import Cluster  # noqa: E402


def run(mode: str, nodes: int, services: int, requests: int) -> None:
    c = Cluster(workers=nodes - 1, proxy_mode=mode)
    c.run(f"kubectl create deployment pool --image=nginx --replicas={min(60, 3 * nodes)}")
    c.run("kubectl run client --image=nginx")
    pool = [p["status"]["podIP"] for p in c.store.list("Pod", "default") if p["metadata"]["name"].startswith("pool")]
    add_services(c, 0, 10, pool)
    small, small_cpu = per_request(c, [f"svc-{i:04d}" for i in range(10)], requests)
    wall, cpu = add_services(c, 10, services, pool)
    big, big_cpu = per_request(c, [f"svc-{i:04d}" for i in range(services - 10, services)], requests)
    print(f"{mode:8s} program {services - 10} Services on {nodes} nodes: {wall:6.2f} s wall, {cpu:6.2f} s CPU; "
          f"per request: {small * 1000:6.2f} ms with 10, {big * 1000:6.2f} ms with {services}: "
          f"ratio {big / small:.2f} (CPU {big_cpu / small_cpu:.2f})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=20)
    ap.add_argument("--services", type=int, default=1000)
    ap.add_argument("--requests", type=int, default=20)
    args = ap.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f}")
    for mode in ("iptables", "ipvs"):
        run(mode, args.nodes, args.services, args.requests)


if __name__ == "__main__":
    main()
