"""Cluster build and pod-to-pod cost: a 10-node and a 100-node cluster measured in the same run, per CNI.

    python benchmarks/bench_cluster.py [--cni all|flannel|weave|bridge] [--pods-per-node 30] [--big 100]
        [--small 10] [--requests 60] [--spread N] [--steps 10]
Any sizes from 3 nodes (a cross-node request needs two workers: the client's and another) to 201 (200 workers).
For each CNI (default: weave, flannel and bridge) and each size, in a fresh child process forked after the
imports (so one size's garbage and peak memory do not weigh on the other), it prints: the cluster build time
and its cost per node (with the full garbage collection the build leaves due), the time to start the pods (a
Deployment scaled up to 30 pods per node in --steps steps, each until its pods run, and a full garbage
collection at the end: the one the scale-up leaves due) and its cost per pod, the memory the child grew by
(peak RSS over the RSS at the fork), and the time per cross-node pod-to-pod `curl` (curlimages/curl) from one
client pod, each to a pod it has not talked to yet (with weave, an ARP broadcast over the whole pod network
first), after one untimed request (the kubelet's probes that came due while the client pod started run there)
and an untimed garbage collection (the build's objects). The two sizes are built one after the other and both
children stay up; their scale-up steps and then their timed requests are taken in turns (small, big; big,
small; ...), so a burst of load from other processes weighs on both sizes alike instead of on whichever ran at
that moment (with the pods started in one step, one size after the other, the pods-per-pod CPU ratio of the
same code moved from x1.00 to x1.28 between runs at load 8-14). A request's figures are the median over the
requests (the mean follows): a stray burst moves a median little. Beside them, two figures no load disturbs:
the model events a timed request queued (their mean), and the function calls, Python's and C's (counted with
sys.setprofile), of 10 more requests, untimed, to pods not requested yet on the same nodes (their median).
Then the ratios big/small: build per node, pods per pod, memory per pod and per request (wall clock, and the
child's CPU time, which other processes on a loaded machine disturb less; the build and routes phases, which
run one size after the other and not in turns, print their CPU time too; events and calls). Linear growth is a
ratio near 1; a flat request is a ratio near 1.

Both sizes spread their timed requests over the same number of other nodes (--spread, by default the small
cluster's workers but the client's and one left for the untimed first request: small-3 = 7; the nodes counted
are those the pods run on, the workers: before, the tainted controlplane was counted too, and --spread 8 then
reached these 7 workers), so both make the same requests: as many first contacts with a node (its ARP, new
conntrack flows) and as many to a node already reached. Spread over all nodes (--spread 0), the big cluster's
requests are nearly all first contacts and the small one's mostly not, and the ratio then compares two kinds
of request. One to a new node runs more Python opcodes, as many at 10 as at 40 nodes (30 pods a node: bridge
89k vs 78k for a new pod on a node reached, flannel 130k vs 111k; of the 11k and 19k more, 7k and 6.5k are the
node's first ARP flood, to its pods' veths one by one, the rest the ARP between the nodes and, with flannel,
the tunnel's new conntrack flows), and it touches state not used since the pods started: at 100 nodes, cache
misses.

Measured with callgrind (weave, 30 pods a node, 16 requests to the default 7 other workers after 4 untimed ones),
a request ran 3.6-3.8% more instructions at 100 nodes than at 10 (two pairs of runs: 79.5M vs 82.5M and 81.2M vs
84.2M for the 16), about 1.3M of the 3.0M more in compares, heapq's: the model's ~43 events a request
were sifted through the 6,300 links' router solicitation timers queued with them (706 events queued at 10
nodes, 6,466 at 100). With those timers in a heap of their own (course_lib.net.events): 80.0M vs 81.9M
(+2.4%; the rest mostly the router solicitations more links send in the same model time, and a ~2% spread
between runs of one size). Function calls and model events (printed above) are the same at both sizes, and
the simulated caches missed as often per instruction at both: L1 1.32M vs 1.34M, a 32 MiB last level 24.6k
vs 25.7k (before, at 512 KiB: 203k vs 213k). What else grows with the CPU time is not in these figures (the
TLB, which callgrind does not model, and an L3 shared with other processes).

Flannel's n-1 routes, neighbours and fdb entries per node are what flanneld programs (n*(n-1) in all),
so its build per node grows with n by that much; the cost per entry is what must stay flat. With bridge,
the benchmark adds the learner's n-1 routes on every node (the seed's pod-networking lesson) as one
`ip route add` script per node, timed apart from the build: its ratio is per route.
"""
from __future__ import annotations

import argparse
import gc
import multiprocessing
import resource
import statistics
import sys
import time

from course_lib import Cluster
from course_lib.net.events import scheduler

COUNTED = 10        # untimed requests whose function calls are counted


CLIENT_IMAGE = "curlimages/curl"                   # the request the issue names: a pod-to-pod curl
FETCH = "kubectl exec client -- curl -s http://{ip}"

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


def _rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _statm_rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def make(nodes: int, cni: str) -> tuple[dict[str, float], Cluster]:
    """The cluster (with bridge, the learner's routes) and its build figures."""
    base = _statm_rss()
    t0, c0 = time.perf_counter(), time.process_time()
    c = Cluster(workers=nodes - 1, cni=cni)
    gc.collect()        # the full collection the build left due (bulk work holds them back), as for the pods
    t_built, c_built = time.perf_counter(), time.process_time()
    if cni == "bridge":                     # the seed's lesson: a route per other node's pod CIDR
        cidrs = {n: c.store.get("Node", "", n)["spec"]["podCIDR"] for n in c.nodes}
        for name in c.nodes:
            c.node(name).run("\n".join(f"ip route add {cidrs[o]} via {c.node_ip(o)}" for o in c.nodes if o != name))
    t1, c1 = time.perf_counter(), time.process_time()
    routes = nodes * (nodes - 1) if cni == "bridge" else 0
    row = {"nodes": nodes, "cluster_s": t_built - t0, "per_node_ms": (t_built - t0) / nodes * 1e3,
           "routes_s": t1 - t_built, "per_route_us": (t1 - t_built) / max(routes, 1) * 1e6,
           "per_node_cpu_ms": (c_built - c0) / nodes * 1e3, "per_route_cpu_us": (c1 - c_built) / max(routes, 1) * 1e6,
           "base": base}
    return row, c


def scale(c: Cluster, replicas: int, last: bool) -> tuple[float, float]:
    """One step of the scale-up to `replicas` pods, until they run: its wall clock and CPU time."""
    t0, c0 = time.perf_counter(), time.process_time()
    if c.store.get("Deployment", "default", "web") is None:
        r = c.run("kubectl apply -f -", stdin=deployment(replicas))
    else:
        r = c.run(f"kubectl scale deployment web --replicas={replicas}")
    assert r.returncode == 0, r.stderr
    c.run("kubectl rollout status deployment/web")      # the pods take (model) time to start
    if last:
        # the full garbage collection the scale-up left due is part of its cost: the cluster holds Python's
        # full collections back while it does bulk work and one comes due when the work ends
        # (course_lib/k8s/bulk.py; the earlier steps' come due in the step after them)
        gc.collect()
    return time.perf_counter() - t0, time.process_time() - c0


def finish(c: Cluster, row: dict[str, float], pods: int, requests: int,
           spread: int = 0) -> tuple[dict[str, float], list[str], list[str]]:
    """The pods counted, the memory, the client pod; the pod IPs the timed requests go to, and those the
    counted ones go to (COUNTED more pods on the same nodes, not requested before)."""
    running = sum(1 for p in c.store.list("Pod", "default", {"app": "web"}) if c.pod_is_ready(p))
    assert running == pods, f"{running} of {pods} pods ready"
    base = row.pop("base")
    grown = max(0, _rss() - base)
    c.run(f"kubectl run client --image={CLIENT_IMAGE} -- sleep 3600")
    client = c.store.get("Pod", "default", "client")
    web = c.store.list("Pod", "default", {"app": "web"})
    hosting = {p["spec"]["nodeName"] for p in web}      # the workers: the controlplane is tainted NoSchedule
    others = [n for n in c.nodes if n in hosting and n != client["spec"]["nodeName"]]
    assert others, f"no web pod on another node than the client's ({client['spec']['nodeName']})"
    reached = set(others[:spread] if spread else others)
    elsewhere = [p for p in web if p["spec"]["nodeName"] in others]
    targets = [p for p in elsewhere if p["spec"]["nodeName"] in reached]
    step = max(1, len(targets) // requests)            # spread over the nodes, not the first node's pods
    chosen = targets[::step][:requests]
    spare = [p for p in targets if p not in chosen]
    targets, counted = chosen, spare[::max(1, len(spare) // COUNTED)][:COUNTED]
    # untimed: one request to a pod on another node first, so that what came due while the pods and the
    # client started runs before the timing, not in the first request: the weave-net pods' readiness probes
    # (one per node), and the first broadcast on the nodes' LAN after the pods started looking at every
    # node again (course_lib.net.segment: 101 looks at 100 nodes; the warm pod was on the client's node
    # in some runs, and that first request then took 35 ms instead of 14)
    untimed = [p for p in elsewhere if p["spec"]["nodeName"] not in reached]      # --spread 0: none
    unchosen = [p for p in elsewhere if p not in targets]
    if untimed or unchosen:
        warm = (untimed or unchosen)[0]
    else:       # every pod elsewhere a target (3 nodes, few pods): the first one warms, untimed
        warm = targets.pop(0) if len(targets) > 1 else targets[0]
    c.run(FETCH.format(ip=warm['status']['podIP']))
    # untimed: the build's garbage collected now. Python's first full (generation 2) collection after the
    # build walks every object of the cluster (377,000 at 40 nodes: 0.29 s of CPU on a loaded machine) and
    # came due within the timed requests of the big cluster only, which then measured it, not the requests
    gc.collect()
    row.update(pods=pods, mem_mb=grown / 2**20)
    return row, [p["status"]["podIP"] for p in targets], [p["status"]["podIP"] for p in counted]


def _queued(c: Cluster) -> int:
    """The model events queued so far: the scheduler's next sequence number, read without drawing it."""
    return int(repr(scheduler(c.network).seq)[6:-1])


def request(c: Cluster, ip: str) -> tuple[float, float, int]:
    """One timed cross-node pod-to-pod curl: its wall clock, CPU time and the model events it queued."""
    e0 = _queued(c)
    t0, c0 = time.perf_counter(), time.process_time()
    out = c.run(FETCH.format(ip=ip))
    t1, c1 = time.perf_counter(), time.process_time()
    assert "Welcome to nginx!" in out.stdout, out.stderr
    return t1 - t0, c1 - c0, _queued(c) - e0


def counted_request(c: Cluster, ip: str) -> int:
    """One untimed cross-node pod-to-pod curl: the Python and C function calls it made (sys.setprofile)."""
    calls = 0

    def count(frame, event: str, arg) -> None:      # type: ignore[no-untyped-def]
        nonlocal calls
        if event == "call" or event == "c_call":
            calls += 1
    sys.setprofile(count)
    try:
        out = c.run(FETCH.format(ip=ip))
    finally:
        sys.setprofile(None)
    assert "Welcome to nginx!" in out.stdout, out.stderr
    return calls


def _child(conn, nodes: int, cni: str) -> None:      # type: ignore[no-untyped-def]
    """Build, report, then do what the parent asks (None: done): ("scale", replicas, last), ("finish", pods,
    requests, spread), ("request", i), ("count", i)."""
    try:
        row, c = make(nodes, cni)
        conn.send(row)
        ips: list[str] = []
        spare: list[str] = []
        while (ask := conn.recv()) is not None:
            op, *args = ask
            if op == "scale":
                conn.send(scale(c, *args))
            elif op == "finish":
                row, ips, spare = finish(c, row, *args)
                conn.send(row)
            elif op == "count":
                conn.send(counted_request(c, (spare or ips)[args[0] % len(spare or ips)]))
            else:                   # (fewer pods than requests: the first ones again)
                conn.send(request(c, ips[args[0] % len(ips)]))
    except BaseException as exc:      # the parent prints it: a child's failure must not hang the run
        conn.send({"error": f"{type(exc).__name__}: {exc}"})
    conn.close()


class Child:
    """A cluster in a child forked from this warmed-up process: its own heap, its own peak RSS."""

    def __init__(self, *args) -> None:      # type: ignore[no-untyped-def]
        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_child, args=(child, *args))
        self.proc.start()
        child.close()
        self.args = args
        self.row = self._answer()

    def _answer(self):      # type: ignore[no-untyped-def]
        answer = self.conn.recv()
        if isinstance(answer, dict) and "error" in answer:
            raise SystemExit(f"{self.args}: {answer['error']}")
        return answer

    def ask(self, *message):      # type: ignore[no-untyped-def]
        self.conn.send(message)
        return self._answer()

    def close(self) -> None:
        try:
            self.conn.send(None)
        except OSError:               # it failed and is gone already
            pass
        self.proc.join()


def measure_pair(sizes: tuple[int, int], pods_per_node: int, requests: int, cni: str,
                 spread: int = 0, steps: int = 10) -> list[dict[str, float]]:
    """Both sizes built one after the other, then their scale-up steps and their requests taken in turns
    (small, big; big, small; ...), so that the load of the machine at any moment weighs on both alike."""
    kids = [Child(n, cni) for n in sizes]
    pods = [n * pods_per_node for n in sizes]
    spent = [[0.0, 0.0], [0.0, 0.0]]
    times: list[list[tuple[float, float, int]]] = [[], []]
    calls: list[list[int]] = [[], []]
    try:
        for step in range(1, steps + 1):
            for k in ((0, 1) if step % 2 else (1, 0)):
                wall, cpu = kids[k].ask("scale", pods[k] * step // steps, step == steps)
                spent[k][0] += wall
                spent[k][1] += cpu
        for k, kid in enumerate(kids):
            kid.row = kid.ask("finish", pods[k], requests, spread)
            kid.row.update(pods_s=spent[k][0], per_pod_ms=spent[k][0] / pods[k] * 1e3,
                           per_pod_cpu_ms=spent[k][1] / pods[k] * 1e3)
        for i in range(requests):
            for k in ((0, 1) if i % 2 == 0 else (1, 0)):
                times[k].append(kids[k].ask("request", i))
        for i in range(COUNTED):
            for k in (0, 1):
                calls[k].append(kids[k].ask("count", i))
    finally:
        for kid in kids:
            kid.close()
    rows = []
    for kid, ts, counts in zip(kids, times, calls):
        wall, cpu = [t[0] * 1e3 for t in ts], [t[1] * 1e3 for t in ts]
        rows.append({**kid.row, "per_request_ms": statistics.median(wall), "per_request_cpu_ms": statistics.median(cpu),
                     "mean_request_ms": statistics.mean(wall), "mean_request_cpu_ms": statistics.mean(cpu),
                     "events": statistics.mean(t[2] for t in ts), "calls": statistics.median(counts)})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pods-per-node", type=int, default=30)
    ap.add_argument("--small", type=int, default=10)
    ap.add_argument("--big", type=int, default=100)
    ap.add_argument("--requests", type=int, default=60)      # a median of 20 moved by +-20% at load 5-9
    ap.add_argument("--cni", default="all", choices=("all", "flannel", "weave", "bridge"))
    ap.add_argument("--spread", type=int, default=None)     # other nodes the requests go to; 0: all
    ap.add_argument("--steps", type=int, default=10)        # the scale-up's steps, taken in turns by the sizes
    a = ap.parse_args()
    for flag, value, least in (("--small", a.small, 3), ("--big", a.big, 3), ("--pods-per-node", a.pods_per_node, 1),
                               ("--requests", a.requests, 1), ("--steps", a.steps, 1), ("--spread", a.spread or 0, 0)):
        if value < least:       # a cross-node request needs two workers: the client's node and another
            ap.error(f"{flag} must be at least {least}, not {value}")
    if max(a.small, a.big) > 201:
        ap.error(f"a cluster has at most 201 nodes (200 workers), not {max(a.small, a.big)}")
    spread = max(1, a.small - 3) if a.spread is None else a.spread
    Cluster(workers=0, cni="bridge").run("kubectl get pods")    # warm-up: imports are not build time
    for cni in ("weave", "flannel", "bridge") if a.cni == "all" else (a.cni,):
        rows = measure_pair((a.small, a.big), a.pods_per_node, a.requests, cni, spread, a.steps)
        print(f"cni={cni}: {a.requests} requests to pods on {spread or 'all the'} other nodes")
        for r in rows:
            learner = f"learner's routes {r['routes_s']:.2f}s ({r['per_route_us']:.0f} us/route, " \
                f"CPU {r['per_route_cpu_us']:.0f}), " if cni == "bridge" else ""
            print(f"  {r['nodes']:4d} nodes {r['pods']:5d} pods: cluster {r['cluster_s']:.2f}s "
                  f"({r['per_node_ms']:.1f} ms/node, CPU {r['per_node_cpu_ms']:.1f}), {learner}pods {r['pods_s']:.2f}s "
                  f"({r['per_pod_ms']:.2f} ms/pod, CPU {r['per_pod_cpu_ms']:.2f}), "
                  f"memory +{r['mem_mb']:.0f} MiB, cross-node pod-to-pod curl {r['per_request_ms']:.2f} ms "
                  f"({r['per_request_cpu_ms']:.2f} ms CPU; means {r['mean_request_ms']:.2f} ms, "
                  f"{r['mean_request_cpu_ms']:.2f} ms CPU), {r['events']:.1f} events and "
                  f"{r['calls']:.0f} calls a request", flush=True)
        small, big = rows
        def ratio(key: str) -> str:
            return f"x{big[key] / small[key]:.2f}"
        learner = f"learner's routes per route {ratio('per_route_us')} (CPU {ratio('per_route_cpu_us')}), " \
            if cni == "bridge" else ""
        print(f"  ratios big/small: nodes x{big['nodes'] / small['nodes']:.0f}, "
              f"pods x{big['pods'] / small['pods']:.0f}, "
              f"build per node {ratio('per_node_ms')} (CPU {ratio('per_node_cpu_ms')}), {learner}"
              f"pods per pod {ratio('per_pod_ms')} (CPU {ratio('per_pod_cpu_ms')}), "
              f"memory per pod x{(big['mem_mb'] / big['pods']) / max(small['mem_mb'] / small['pods'], 1e-9):.2f}, "
              f"per request x{big['per_request_ms'] / small['per_request_ms']:.2f} "
              f"(CPU x{big['per_request_cpu_ms'] / small['per_request_cpu_ms']:.2f}; means "
              f"x{big['mean_request_ms'] / small['mean_request_ms']:.2f}, "
              f"CPU x{big['mean_request_cpu_ms'] / small['mean_request_cpu_ms']:.2f}; "
              f"events {ratio('events')}, calls {ratio('calls')})", flush=True)

if __name__ == "__main__":
    main()
