"""BusyBox sleep, timeout, tac and expr in a busybox container (texts of BusyBox 1.35's applets)."""
from __future__ import annotations

import pytest

from course_lib import Lab
from tests.shell.shell_helpers import run3


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    lab.run("docker run -d --name bb busybox sleep 3600")
    return lab


@pytest.mark.parametrize("line,out,err,rc", [
    ("sleep 1x", "", "sleep: invalid number '1x'\n", 1),
    ("sleep -1", "", "sleep: invalid number '-1'\n", 1),
    ("timeout 1 sleep 5", "", "", 143),
    ("timeout -s KILL 1 sleep 5", "", "", 137),
    ("timeout 2 sleep 1", "", "", 0),
    ("timeout x sleep 1", "", "timeout: invalid number 'x'\n", 1),
    ("timeout -s FOO 1 sleep 1", "", "timeout: unknown signal 'FOO'\n", 1),
    ("timeout 1 nosuch", "", "timeout: can't execute 'nosuch': No such file or directory\n", 127),
    ("expr 1 + x", "", "expr: non-numeric argument\n", 2),
    ("expr", "", "expr: too few arguments\n", 2),
    ("expr 1 + 2 x", "", "expr: syntax error\n", 2),
    ("tac /nonexist", "", "tac: /nonexist: No such file or directory\n", 1),
])
def test_busybox_applets(lab: Lab, line: str, out: str, err: str, rc: int) -> None:
    assert run3(lab, f"docker exec bb {line}") == (out, err, rc)


def test_usage_texts(lab: Lab) -> None:
    out, err, rc = run3(lab, "docker exec bb timeout")
    assert rc == 1 and err.startswith("BusyBox v1.36.1") and "Usage: timeout [-s SIG] [-k KILL_SECS] SECS" in err
    assert "Usage: sleep [N]...\n" in run3(lab, "docker exec bb sleep")[1]
