"""The scheduler's background timers in a heap of their own run as they did in the one heap (net/events.py)."""
from __future__ import annotations

import heapq
import types

import pytest

from course_lib import Cluster, Lab
from course_lib.net import chatter, events
from course_lib.net.events import Scheduler, scheduler

LAB_LINES = [
    "ip link add br0 type bridge; ip link set br0 up; ip addr add 10.9.0.1/24 dev br0",
    *(f"ip netns add n{i}; ip link add v{i} type veth peer name p{i}; ip link set p{i} master br0; "
      f"ip link set v{i} netns n{i}; ip -n n{i} addr add 10.9.0.{10 + i}/24 dev v{i}; ip -n n{i} link set v{i} up; "
      f"ip link set p{i} up" for i in range(6)),
    "sleep 0.5", "ping -c 2 -i 0.3 10.9.0.12", "sleep 3", "ip link set p3 down; sleep 1.2; ip link set p3 up",
    "ip netns exec n1 ping -c 1 10.9.0.14", "sleep 40", "ip -s link show p0", "ip -s link show br0",
    "ip netns exec n5 ip -s link", "bridge fdb show br br0", "ip neigh", "sleep 400", "ip -n n0 -s -s link show v0",
]
CLUSTER_LINES = [
    "kubectl create deployment web --image=nginx --replicas=4", "kubectl rollout status deployment/web",
    "kubectl run client --image=busybox -- sleep 3600", "kubectl wait --for=condition=Ready pod/client",
    "kubectl get pods -o wide", "sleep 20", "kubectl get pods -o wide",
]


def _queue(lab_network: object) -> str:
    sched = scheduler(lab_network)
    return repr([(round(w, 9), s, getattr(f, "__qualname__", f)) for w, s, f, *_ in sorted(sched.queued())]) + \
        f" idle {sched.idle > 0} clock {lab_network.clock!r}"     # type: ignore[attr-defined]


def _lab_run(lines: list[str]) -> list[str]:
    lab = Lab()
    out = []
    for line in lines:
        r = lab.run(line)
        out += [line, r.stdout, r.stderr, str(r.returncode), _queue(lab.network)]
    scheduler(lab.network).pump()                   # a pump "until the queue is empty" stops at the same point
    out.append(_queue(lab.network))
    return out


def _cluster_run(lines: list[str]) -> list[str]:
    c = Cluster(workers=2, cni="weave")
    out = []
    for line in lines:
        r = c.run(line)
        out += [line, r.stdout, r.stderr, str(r.returncode), _queue(c.network)]
    for pod in c.store.list("Pod", "default", {"app": "web"}):
        r = c.run(f"kubectl exec client -- wget -qO- http://{pod['status']['podIP']}")
        out += [r.stdout, r.stderr, _queue(c.network)]
    for node in c.nodes:
        out.append(c.node(node).run("ip -s link; ip neigh; bridge fdb show").stdout)
    return out


def _traced(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Every event the scheduler runs, in order: (time, sequence number, handler) -- a background timer's as
    it was given, not its stand-in or wrapper --, and the clock each chatter timer runs at."""
    log: list[tuple] = []

    def heappop(heap: list) -> tuple:
        e = heapq.heappop(heap)
        fn = getattr(e[2], "__func__", None)
        if fn is not Scheduler._fire:
            handler = e[3][0] if fn is Scheduler._idle else e[2]
            log.append((round(e[0], 9), e[1], getattr(handler, "__qualname__", handler)))
        return e

    def wake(talk: chatter.Talk, when: float) -> None:
        log.append(("wake", talk.link.netns.machine.network.clock, when))
        real_wake(talk, when)

    real_wake = chatter._wake
    monkeypatch.setattr(chatter, "_wake", wake)
    monkeypatch.setattr(events, "heapq", types.SimpleNamespace(heappush=heapq.heappush, heappop=heappop))
    return log


@pytest.mark.parametrize("run, lines", [(_lab_run, LAB_LINES), (_cluster_run, CLUSTER_LINES)], ids=["lab", "cluster"])
def test_same_events_same_state_with_one_heap(monkeypatch, run, lines):
    """The events run (in order, at the same clock), the outputs, counters, neighbours, FDBs, the clock and every
    event queued after each command line are the same whether the background timers wait apart or in the one
    heap."""
    log = _traced(monkeypatch)
    apart = run(lines)
    apart_log = log[:]
    del log[:]
    monkeypatch.setattr(events, "BACKGROUND_HEAP", False)
    together = run(lines)
    assert any(e[0] == "wake" for e in log) and len(log) > 100
    assert apart_log == log
    assert apart == together


def test_the_heap_of_work_holds_one_stand_in_for_many_timers():
    lab = Lab()
    lab.run("; ".join(f"ip link add a{i} type veth peer name b{i}; ip link set a{i} up; ip link set b{i} up"
                      for i in range(30)))
    lab.run("sleep 12")                             # past DAD: each end's next router solicitation is queued
    sched = scheduler(lab.network)
    assert len(sched.bg) == 60 and sched.idle == 1 and len(sched.heap) == 1
    assert sched.heap[0][:2] == min(sched.bg)[:2]
    assert sched.clear() == 60 and not sched.heap and not sched.bg and sched.idle == 0


def test_a_storm_cut_forgets_the_background_timers_too(monkeypatch):
    lab = Lab()
    lab.run("ip link add a type veth peer name b; ip link set a up; ip link set b up")
    sched = scheduler(lab.network)
    monkeypatch.setattr(events, "MAX_EVENTS", 3)
    for i in range(5):
        sched.at(lab.network.clock + 0.001 * i, lambda: None)
    sched.pump(lab.network.clock + 1.0)
    assert sched.storm_cut > 0 and not sched.queued() and not sched.heap and sched.idle == 0
