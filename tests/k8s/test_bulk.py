"""Full garbage collections held back during the cluster's bulk work (course_lib/k8s/bulk.py)."""
from __future__ import annotations

import gc

import pytest

from course_lib import Cluster
from course_lib.k8s import bulk


def test_bulk_holds_the_oldest_threshold_and_restores_it_nested_and_on_error() -> None:
    before = gc.get_threshold()
    with bulk.bulk():
        assert gc.get_threshold() == (before[0], before[1], bulk.OUT_OF_REACH)
        with bulk.bulk():
            assert gc.get_threshold()[2] == bulk.OUT_OF_REACH
        assert gc.get_threshold()[2] == bulk.OUT_OF_REACH      # the inner one does not restore
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError):
        with bulk.bulk():
            raise RuntimeError("boom")
    assert gc.get_threshold() == before


def test_a_scale_up_makes_no_full_collection_inside_and_leaves_the_threshold_as_it_was() -> None:
    c = Cluster(workers=2, cni="flannel")
    before = gc.get_threshold()
    inside: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2 and bulk._depth:
            inside.append(1)
    gc.callbacks.append(seen)
    try:
        gc.set_threshold(before[0], before[1], 0)       # a full collection each time one could come due
        r = c.run("kubectl create deployment web --image=nginx --replicas=12")
        assert r.returncode == 0, r.stderr
        r = c.run("kubectl rollout status deployment/web")
        assert "successfully rolled out" in r.stdout
        assert gc.get_threshold()[2] == 0
    finally:
        gc.callbacks.remove(seen)
        gc.set_threshold(*before)
    assert inside == []


def test_a_build_freezes_its_objects_and_the_next_build_frees_the_one_before() -> None:
    import weakref
    gc.unfreeze()
    c = Cluster(workers=1, cni="flannel")
    assert gc.get_freeze_count() > 0
    probe = weakref.ref(c.lab)
    del c
    gc.collect()
    assert probe() is not None             # frozen: a full collection leaves it
    Cluster(workers=0, cni=None)
    gc.collect()
    assert probe() is None                 # the next build unfroze it


def test_waiting_for_model_time_holds_full_collections() -> None:
    """kubectl rollout status, wait, delete --wait and the think time before a command line let model time
    pass (k8s/gc.py wait_until): the containers that start and their links' chatter made a full collection
    each time the heap grew by a quarter (9 over 3,000 pods on 100 nodes, 2 over 300 on 10)."""
    from course_lib.k8s.gc import wait_until
    c = Cluster(workers=1, cni="flannel")
    before = gc.get_threshold()
    depths: list[int] = []

    def done() -> bool:
        depths.append(bulk._depth)
        return len(depths) > 3
    assert wait_until(c, done, 60.0)
    assert depths and all(depths)
    assert gc.get_threshold() == before
