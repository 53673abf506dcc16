"""bash's job table for what a command line leaves running (nc -l listeners): jobs, kill %N, kill PID.

The texts are a non-interactive bash 5.2's (`bash -c` of the same lines in a private netns, 09:40 UTC this session):
kill prints no notice; a job a signal ended is reported by `jobs` (Killed) or reaped silently (Terminated) after
the next foreground program (here `ss`); a listener that ended is reaped after the client's pipeline.
(The interactive shell's `[1]-  Terminated` notice and `Done` report were pinned here before.)"""
from __future__ import annotations

from course_lib import Lab


def _r(lab: Lab, line: str) -> tuple[str, str, int]:
    r = lab.run(line)
    return r.stdout, r.stderr, r.returncode


def test_jobs_and_kill() -> None:
    lab = Lab()
    lab.run("ip link set lo up")
    lab.run("nc -l 8080 &")
    lab.run("nc -lk 8081 &")
    assert _r(lab, "jobs") == ("[1]-  Running                 nc -l 8080 &\n"
                               "[2]+  Running                 nc -lk 8081 &\n", "", 0)
    out = _r(lab, "jobs -l")[0].splitlines()
    assert out[0].startswith("[1]- ") and out[0].split()[2:4] == ["Running", "nc"]
    assert _r(lab, "kill %3") == ("", "bash: kill: %3: no such job\n", 1)
    assert _r(lab, "kill %1") == ("", "", 0)
    assert ":8080 " not in lab.run("ss -lnt").stdout
    pid = _r(lab, "jobs -p")[0].strip()
    assert _r(lab, f"kill -9 {pid}") == ("", "", 0)
    assert _r(lab, "jobs") == ("[2]+  Killed                  nc -lk 8081\n", "", 0)
    assert _r(lab, "jobs") == ("", "", 0)
    assert _r(lab, "kill 99999") == ("", "bash: kill: (99999) - No such process\n", 1)
    assert _r(lab, "kill")[2] == 2 and _r(lab, "kill -FOO 1")[1] == "bash: kill: FOO: invalid signal specification\n"


def test_a_finished_job_is_reported_once() -> None:
    lab = Lab()
    lab.run("ip link set lo up")
    lab.run("nc -l 8082 &")
    lab.run("echo hi | nc -N 127.0.0.1 8082")
    assert _r(lab, "jobs") == ("", "", 0)         # reaped after the client's pipeline
    lab.run("nc -l 8083 &")
    assert _r(lab, "jobs")[0].startswith("[1]+  Running ")       # numbering starts again
