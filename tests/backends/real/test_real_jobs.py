"""Background jobs on the real backend (course_lib/backends/real/jobs.py): real processes in the lab's netns that run
beside the terminal, `$!` their pid, `kill %N` a real signal, `wait` in real time; as the kernel's bash does
(tests/conformance/scripts/background_jobs.sh) and as the simulation's jobs do."""
from __future__ import annotations

import os
import sys
import time

import pytest

from course_lib import Lab

pytestmark = pytest.mark.real
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "conformance"))


@pytest.fixture(scope="module")
def lab():
    lab = Lab(backend="real")
    assert lab.run("ip link set lo up").returncode == 0
    yield lab
    lab.close()


def _netns_inode(pid: int) -> int:
    return os.stat(f"/proc/{pid}/ns/net").st_ino


def _gone(pid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":    # a zombie: dead, its reaper is behind
                    return True
        except OSError:
            return True
        time.sleep(0.05)
    return False


def test_jobs_run_at_the_same_time_not_one_after_another(lab):
    start = time.monotonic()
    result = lab.run("sleep 2 & sleep 2 & sleep 2 & wait; echo rc=$?")
    took = time.monotonic() - start
    assert (result.stdout, result.stderr, result.returncode) == ("rc=0\n", "", 0)
    assert 1.9 < took < 5.0, took            # one after another: 6 s


def _settled_netns_inode(pid: int, want: int, within: float = 5.0) -> int:
    """The netns of `pid` once `ip netns exec` has entered it: the program starts as `ip` in the caller's netns
    and calls setns() before it execs the program (a loaded machine may take a while to get there)."""
    deadline = time.monotonic() + within
    while (inode := _netns_inode(pid)) != want and time.monotonic() < deadline:
        time.sleep(0.02)
    return inode


def test_a_jobs_pid_is_its_real_process_in_the_labs_netns(lab):
    result = lab.run("sleep 30 & echo $!")
    pid = int(result.stdout)
    handle = lab.backend.machines["host"].root
    want = os.fstat(handle.fd).st_ino
    try:
        assert _settled_netns_inode(pid, want) == want              # never the machine's own netns
    except AssertionError:
        lab.run("kill %1; wait")                                     # the next tests start with no job left
        raise
    assert lab.run("jobs -l").stdout == f"[1]+ {pid:>5} Running                 sleep 30 &\n"
    assert lab.run("kill %1; wait %1; echo rc=$?").stdout == "rc=143\n"
    assert _gone(pid)
    assert lab.run("jobs").stdout == ""


def test_a_killed_program_keeps_what_it_wrote_and_a_finished_one_all(lab):
    result = lab.run("ping -i 0.2 127.0.0.1 > /root/log & sleep 1.1; kill %1; wait; grep -c bytes /root/log; "
                     "grep -c statistics /root/log")
    count, stats = result.stdout.split()
    assert int(count) >= 4 and stats == "0", result      # TERM: no statistics, as iputils' ping
    result = lab.run("ping -c 3 -i 0.2 127.0.0.1 & echo started; wait; echo rc=$?")
    lines = result.stdout.splitlines(keepends=True)     # the job's lines and `started` race, as in bash on the kernel
    assert lines.count("started\n") == 1 and result.stdout.endswith("rc=0\n"), result
    assert "".join(t for t in lines if t != "started\n").startswith("PING 127.0.0.1"), result
    assert result.stdout.count("bytes from 127.0.0.1") == 3


def test_the_notices_and_statuses_of_signals_as_bash_gives_them(lab):
    result = lab.run("{ sleep 10 & sleep 0.2; kill -HUP %1; wait %1; echo rc=$?; } 2>&1")
    assert result.stdout.endswith(" Hangup                  sleep 10\nrc=129\n"), result
    result = lab.run("sleep 2 & sleep 0.5 & wait -n; echo rc=$?; jobs; wait")
    assert result.stdout == "rc=0\n[1]+  Running                 sleep 2 &\n", result


def test_output_order_of_jobs_follows_real_time(lab):
    result = lab.run("for i in 3 1 2; do (sleep $i; echo done $i) & done; wait; echo all")
    assert result.stdout == "done 1\ndone 2\ndone 3\nall\n"
    assert lab.run("(sleep 1; echo a) & echo b; wait").stdout == "b\na\n"


def test_a_job_goes_on_between_runs_and_its_output_comes_with_the_next(lab):
    assert lab.run("(sleep 0.3; echo late) &").stdout == ""
    time.sleep(1.0)
    result = lab.run("echo now")
    assert result.stdout == "late\nnow\n", result
    assert lab.run("jobs").stdout == "[1]+  Done                    ( sleep 0.3; echo late )\n"    # told once
    assert lab.run("jobs").stdout == ""


def test_wait_inside_a_job_waits_for_that_jobs_own_jobs(lab):
    result = lab.run("(sleep 0.5 & wait; echo inner) & wait; echo outer")
    assert result.stdout == "inner\nouter\n", result


def test_the_background_jobs_scenario_as_on_the_kernel_but_the_header_race():
    """background_jobs.sh, real backend against the kernel: the same but for the order of one line -- a background
    ping's header and the foreground's `echo started` come in either order, on the kernel and on the real
    backend alike."""
    from conformance_harness import compare
    from conformance_scenarios import all_scenarios
    scenario = next(s for s in all_scenarios() if s.name == "background_jobs")
    kernel, real, diff = compare(scenario, "real")
    moved = "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n"
    def settled(text: str) -> str:      # the header and `started` race on both sides (seen both ways round)
        return text.replace(moved + "started\n", "started\n" + moved)
    assert settled(kernel) == settled(real), diff


def test_a_wait_longer_than_the_timeout_is_cut_like_a_ctrl_c_and_the_job_runs_on(lab, monkeypatch):
    from course_lib.backends.real import jobs
    monkeypatch.setattr(jobs, "TIMEOUT", 1.0)
    result = lab.run("sleep 3 & wait; echo after")
    assert (result.stdout, result.returncode) == ("", 130), result
    assert lab.run("jobs").stdout == "[1]+  Running                 sleep 3 &\n"
    assert lab.run("kill %1; wait; jobs").stdout == ""


def test_a_jobs_program_writes_its_lines_as_it_goes(lab):
    """As on the kernel (bash -c in a private netns: 3 lines after 0.5 s, 7 at the end): the file holds ping's
    header and replies so far while it runs."""
    result = lab.run("ping -c 3 -i 0.3 127.0.0.1 > /root/plog 2>&1 & sleep 0.5; grep -c . /root/plog; wait; "
                     "grep -c . /root/plog")
    assert result.stdout == "3\n7\n", result


def test_a_closed_labs_parked_job_leaves_no_writer_behind():
    """A job parked in its program when the lab closes never runs on: its program's writer (jobs_stream) goes."""
    from course_lib.shell import jobs_stream
    before = list(jobs_stream._WRITERS)         # other tests' labs in this process may hold sleep writers of their own
    own = Lab(backend="real")
    try:
        own.run("sleep 30 &")
        ours = [found for found in jobs_stream._WRITERS if found.label == "sleep" and found not in before]
        assert ours
    finally:
        own.close()
    assert not any(found in jobs_stream._WRITERS for found in ours)
