"""SimBackend.run holds full garbage collections back to one per HELD_OLDEST generation-1 collections while a
command line runs, restores the threshold after (also when the line raises), leaves a hold already there (a
nested run, k8s bulk work) alone, and a full collection still comes when they add up (memory stays bounded)."""
from __future__ import annotations

import gc

import pytest

from course_lib import Lab
from course_lib.backends import sim


def test_held_while_a_line_runs_and_restored_after(monkeypatch) -> None:
    seen = []
    run_line = sim._RUN_LINE or sim._interpreter()
    monkeypatch.setattr(sim, "_RUN_LINE", lambda *args: seen.append(gc.get_threshold()) or run_line(*args))
    before = gc.get_threshold()
    lab = Lab()
    assert lab.run("ip netns add a").returncode == 0
    assert seen == [(before[0], before[1], sim.HELD_OLDEST)]
    assert gc.get_threshold() == before


def test_restored_when_the_line_raises_and_an_outer_hold_kept(monkeypatch) -> None:
    before = gc.get_threshold()

    def boom(*args):
        raise RuntimeError("x")
    lab = Lab()
    lab.run("true")
    monkeypatch.setattr(sim, "_RUN_LINE", boom)
    with pytest.raises(RuntimeError):
        lab.backend.run("host", "true")
    assert gc.get_threshold() == before
    seen = []
    monkeypatch.setattr(sim, "_RUN_LINE", lambda *args: seen.append(gc.get_threshold()))
    from course_lib.k8s.bulk import OUT_OF_REACH, bulk
    with bulk():
        lab.backend.run("host", "true")
        assert gc.get_threshold()[2] == OUT_OF_REACH
    assert seen == [(before[0], before[1], OUT_OF_REACH)]
    assert gc.get_threshold() == before


def test_a_full_collection_still_comes(monkeypatch) -> None:
    """Lines that keep allocating (a heap growing by more than a quarter) meet a full collection."""
    kept: list = []
    fulls = []
    run_line = sim._RUN_LINE or sim._interpreter()

    def allocating(*args):
        kept.extend([] for _ in range(20_000))
        return run_line(*args)
    monkeypatch.setattr(sim, "_RUN_LINE", allocating)
    callback = lambda phase, info: fulls.append(info["generation"]) if phase == "start" else None  # noqa: E731
    gc.callbacks.append(callback)
    try:
        lab = Lab()
        for _ in range(200):
            lab.run("true")
            if 2 in fulls:
                break
    finally:
        gc.callbacks.remove(callback)
    assert 2 in fulls
