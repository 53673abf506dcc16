"""Bad `kill`/`jobs` arguments get bash 5.2's texts and leave the job table as it was (checked with bash -i)."""
from __future__ import annotations

import pytest

from course_lib import Lab

CASES = [
    ("kill -s", "bash: kill: -s: option requires an argument\n", 1),
    ("kill -n", "bash: kill: -n: option requires an argument\n", 1),
    ("kill -s FOO %1", "bash: kill: FOO: invalid signal specification\n", 1),
    ("kill -n abc %1", "bash: kill: abc: invalid signal specification\n", 1),
    ("kill -n 99 %1", "bash: kill: 99: invalid signal specification\n", 1),
    ("kill -99 %1", "bash: kill: 99: invalid signal specification\n", 1),
    ("kill -65 %1", "bash: kill: 65: invalid signal specification\n", 1),
    ("kill -SIGFOO %1", "bash: kill: SIGFOO: invalid signal specification\n", 1),
    ("kill -\u00b2 %1", "bash: kill: \u00b2: invalid signal specification\n", 1),
    ("kill \u00b2", "bash: kill: \u00b2: arguments must be process or job IDs\n", 1),
    ("jobs %\u00b2", "bash: jobs: %\u00b2: no such job\n", 1),
    ("kill -s 0 %1", "", 0),
]


@pytest.mark.parametrize("line,stderr,rc", CASES)
def test_bad_signal_or_job_changes_nothing(line: str, stderr: str, rc: int) -> None:
    lab = Lab()
    lab.run("nc -l 8080 &")
    result = lab.run(line)
    assert (result.stdout, result.stderr, result.returncode) == ("", stderr, rc)
    assert lab.run("jobs").stdout == "[1]+  Running                 nc -l 8080 &\n"
