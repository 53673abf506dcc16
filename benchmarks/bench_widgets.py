"""Benchmark: server-side time of each widget interaction on a 20-node lab (target: at most 50 ms each).

A lab of 20 machines (two LANs of 9 hosts, a router, and "host"), and a Cluster of 20 nodes for the
Kubernetes widgets. Each interaction is what a learner's click or Enter triggers in the kernel: a stepper
step, a new destination in RouteLookup, a new name in DnsExplorer, a URL in IngressTester, a Service
in KubeProxyWalker. Prints the median and worst of K runs and the ratio to the 50 ms target; one-off
costs (drawing the picture when a stepper opens, lab.trace itself) are printed apart.

    python benchmarks/bench_widgets.py [--count K] [--no-cluster]
"""
from __future__ import annotations

import argparse
import statistics
import time
from typing import Callable

import matplotlib

matplotlib.use("Agg")

TARGET = 0.050


def lab20():
    from course_lib import Lab
    lab = Lab()
    lab.add_switch("LAN1")
    lab.add_switch("LAN2")
    r = lab.add_host("R")
    lab.connect(r, "LAN1")
    lab.connect(r, "LAN2", ifname="eth1")
    r.run("ip addr add 10.1.0.1/24 dev eth0; ip link set eth0 up; ip addr add 10.2.0.1/24 dev eth1; "
          "ip link set eth1 up; sysctl -qw net.ipv4.ip_forward=1")
    lab.connect("host", "LAN1")
    lab.run("ip addr add 10.1.0.100/24 dev eth0; ip link set eth0 up; ip route add default via 10.1.0.1; "
            "ip route add 10.2.0.0/25 via 10.1.0.1 metric 50; printf 'nameserver 127.0.0.53\\nsearch corp.example "
            "example.com\\noptions ndots:2\\n' > /etc/resolv.conf")
    for lan in (1, 2):
        for i in range(1, 10):
            h = lab.add_host(f"h{lan}{i}")
            lab.connect(h, f"LAN{lan}")
            h.run(f"ip addr add 10.{lan}.0.{10 + i}/24 dev eth0; ip link set eth0 up; "
                  f"ip route add default via 10.{lan}.0.1")
    assert len(lab.hosts) == 20
    return lab


def timed(fn: Callable[[], object], count: int) -> tuple[float, float]:
    times = []
    for _ in range(count):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), max(times)


def row(name: str, median: float, worst: float, target: bool = True) -> None:
    verdict = ("ok" if median <= TARGET else "SLOW") if target else "one-off"
    ratio = f"{median / TARGET:5.2f}x target" if target else ""
    print(f"  {name:<44} median {median * 1000:8.2f} ms   worst {worst * 1000:8.2f} ms   {ratio:<14} {verdict}")


def bench_lab(count: int) -> None:
    from course_lib.widgets import DnsExplorer, RouteLookup, TraceStepper
    lab = lab20()
    print(f"Lab: {len(lab.hosts)} machines, {len(lab.switches)} switches")
    lab.run("ping -c 1 10.2.0.15")                               # warm ARP caches and imports
    med, worst = timed(lambda: lab.trace("ping -c 1 10.2.0.15"), count)
    row("lab.trace('ping -c 1 10.2.0.15')", med, worst, target=False)
    trace = lab.trace("ping -c 1 10.2.0.15")
    t0 = time.perf_counter()
    stepper = TraceStepper(trace)
    row("TraceStepper(trace) (draws the picture once)", time.perf_counter() - t0, time.perf_counter() - t0, False)

    def step() -> None:
        if stepper.index >= len(stepper.hops) - 1:
            stepper.go(0)
        stepper.next.click()
    row(f"TraceStepper next ({len(trace.hops)} hops)", *timed(step, count))
    row("TraceStepper previous", *timed(stepper.prev.click, count))

    lookup = RouteLookup(lab, "host", dst="10.2.0.20")
    targets = iter([f"10.{1 + i % 2}.0.{i % 250}" for i in range(count * 2)])
    row("RouteLookup: a new destination", *timed(lambda: setattr(lookup.dst, "value", next(targets)), count))

    explorer = DnsExplorer(lab, "www")
    names = iter(["www", "www.example.com", "web", "api.corp", "nothing.here"] * count)
    row("DnsExplorer: a new name", *timed(lambda: setattr(explorer.name, "value", next(names)), count))


def bench_cluster(count: int) -> None:
    from course_lib import Cluster
    from course_lib.widgets import IngressTester, KubeProxyWalker
    t0 = time.perf_counter()
    c = Cluster(workers=19)
    c.run("kubectl create deployment web --image=nginx --replicas=4")
    c.run("kubectl expose deployment web --port=80")
    c.run("kubectl create deployment api --image=nginx --replicas=2")
    c.run("kubectl expose deployment api --port=80")
    c.run("kubectl apply -f -", stdin=INGRESS)
    print(f"Cluster: {len(c.nodes)} nodes (built in {time.perf_counter() - t0:.1f} s)")
    tester = IngressTester(c)
    urls = iter(["http://shop.example.com/", "http://shop.example.com/api/v1", "http://shop.example.com/apix",
                 "http://other.example.com/"] * count)
    row("IngressTester: a new URL", *timed(lambda: setattr(tester.url, "value", next(urls)), count))
    walker = KubeProxyWalker(c, "default/web")
    services = iter(["default/api", "default/web"] * count)
    row("KubeProxyWalker: another Service", *timed(lambda: setattr(walker.service, "value", next(services)), count))
    t0 = time.perf_counter()
    c.draw()
    row("cluster.draw()", time.perf_counter() - t0, time.perf_counter() - t0, target=False)


INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--no-cluster", action="store_true")
    args = parser.parse_args()
    print(f"Widget interactions, server side (target {TARGET * 1000:.0f} ms):")
    bench_lab(args.count)
    if not args.no_cluster:
        bench_cluster(args.count)


if __name__ == "__main__":
    main()
