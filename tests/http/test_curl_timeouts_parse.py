"""curl 7.88's -m/--connect-timeout values as its str2double/secs2ms read them (checked against the real curl):
ERANGE or more than LONG_MAX/1000 seconds is 'too large number', trailing text 'expected a proper numerical
parameter', and a value of 0 whole milliseconds sets no timeout."""
from __future__ import annotations

import pytest

from course_lib import Lab

HINT = "curl: try 'curl --help' or 'curl --manual' for more information\n"


@pytest.mark.parametrize("value,stderr", [
    ("1e400", "curl: option -m: too large number\n"), ("1e-400", "curl: option -m: too large number\n"),
    ("infinity", "curl: option -m: too large number\n"), ("1e308", "curl: option -m: too large number\n"),
    ("'1 '", "curl: option -m: expected a proper numerical parameter\n"),
    ("1_0", "curl: option -m: expected a proper numerical parameter\n"),
    ("''", "curl: option -m: expected a proper numerical parameter\n"),
])
def test_refused_values(value: str, stderr: str) -> None:
    result = Lab().run(f"curl -s -m {value} http://127.0.0.1:9/")
    assert (result.stderr, result.returncode) == (stderr + HINT, 2)


@pytest.mark.parametrize("value", ["0", "-0", "0.0004", "' 1'", "0x10", "nan"])
def test_taken_values_reach_the_server(value: str) -> None:
    lab = Lab()
    lab.run("ip link set lo up")
    assert lab.run(f"curl -s -m {value} http://127.0.0.1:9/").returncode == 7        # refused, not timed out
