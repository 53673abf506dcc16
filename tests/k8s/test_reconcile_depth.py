"""Cluster.reconcile does not nest: the stack depth of a build does not grow with the node count, and a
node's failed set-up command is an error, not a node without its overlay device."""
from __future__ import annotations

import sys

import pytest

from course_lib import Cluster
from course_lib.k8s.cluster import SetupError, run_setup

LOW_LIMIT = 400     # a build needs ~125 frames; 40 nested flanneld starts (11 frames each) were ~440 more


@pytest.fixture
def low_recursion_limit():
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(LOW_LIMIT)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


@pytest.mark.parametrize("cni", ["flannel", "weave"])
def test_build_depth_does_not_grow_with_nodes(low_recursion_limit: None, cni: str) -> None:
    # each node's flanneld (weave's launch) refreshed its node, which reconciled, which started the next
    # node's daemon inside it: ~10 frames per node, past Python's 1000 at ~96 flannel nodes
    c = Cluster(workers=40, cni=cni)
    assert all(c.node_is_ready(n) for n in c.nodes)
    if cni == "flannel":
        routes = c.node("node40").run("ip route").stdout
        assert routes.count("dev flannel.1 onlink") == 40
        assert "10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink" in routes


def _flanneld_depths(monkeypatch: pytest.MonkeyPatch, workers: int) -> list[int]:
    from course_lib.k8s.containers import RUNNERS
    from course_lib.k8s.flannel import flanneld as real
    depths: list[int] = []

    def counted(rc) -> None:
        depth, frame = 0, sys._getframe()
        while frame is not None:
            depth, frame = depth + 1, frame.f_back
        depths.append(depth)
        real(rc)
    monkeypatch.setitem(RUNNERS, "flanneld", counted)
    Cluster(workers=workers, cni="flannel")
    return depths


def test_every_flanneld_starts_at_the_same_depth(monkeypatch: pytest.MonkeyPatch) -> None:
    small, big = _flanneld_depths(monkeypatch, 2), _flanneld_depths(monkeypatch, 8)
    assert (len(small), len(big)) == (3, 9)
    assert len(set(small)) == 1 and set(big) == set(small)      # was one level (~10 frames) deeper per node


def test_reconcile_inside_reconcile_is_done_by_the_outer_loop() -> None:
    c = Cluster(workers=1, cni="flannel")
    c.run("kubectl create deployment web --image=nginx --replicas=3 && kubectl rollout status deployment/web")
    assert c.run("kubectl get deploy web").stdout.split()[-4] == "3/3"
    assert c._reconciling is False and not c._queue


def test_failed_setup_command_raises() -> None:
    c = Cluster(workers=1, cni=None)
    host = c.lab.host("node01")
    with pytest.raises(SetupError, match='Cannot find device "nosuch0"'):
        run_setup(host, "ip link set nosuch0 up")
    with pytest.raises(SetupError):                  # the first of several lines failing is enough
        run_setup(host, "ip link set nosuch0 up\nip link set lo up")
    assert run_setup(host, "ip link set lo up").returncode == 0


def test_internal_error_in_flanneld_surfaces(monkeypatch: pytest.MonkeyPatch) -> None:
    # the shell turns an internal exception (a RecursionError too) into a message and an exit status;
    # flanneld's set-up used to ignore it and the build went on to a missing flannel.1
    from course_lib.shell import interpreter

    real = interpreter.Shell.run_source

    def broken(self, script, stdin):
        if "type vxlan" in script:
            raise RecursionError("maximum recursion depth exceeded")
        return real(self, script, stdin)
    monkeypatch.setattr(interpreter.Shell, "run_source", broken)
    with pytest.raises(SetupError, match="maximum nesting level exceeded"):
        Cluster(workers=1, cni="flannel")


def test_99_workers_flannel() -> None:
    c = Cluster(workers=99, cni="flannel")
    assert all(c.node_is_ready(n) for n in c.nodes)
    assert c.node("node99").run("ip route").stdout.count("dev flannel.1 onlink") == 99
