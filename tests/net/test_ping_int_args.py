"""ping's integer options (-c -w -s -t) as iputils 20221126's strtol_or_err reads them: base 10 only, leading blanks
and a sign, nothing after the digits, ERANGE beyond a long (checked against the real ping)."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.mark.parametrize("args,stderr", [
    ("-w 1e308", "ping: invalid argument: '1e308'\n"), ("-w 1.5", "ping: invalid argument: '1.5'\n"),
    ("-w 0x10", "ping: invalid argument: '0x10'\n"), ("-c 0x2", "ping: invalid argument: '0x2'\n"),
    ("-w -1", "ping: invalid argument: '-1': out of range: 0 <= value <= 2147483647\n"),
    ("-w '2 '", "ping: invalid argument: '2 '\n"), ("-t 1_0", "ping: invalid argument: '1_0'\n"),
    ("-c 99999999999999999999", "ping: invalid argument: '99999999999999999999': Numerical result out of range\n"),
    ("-c \u0663", "ping: invalid argument: '\u0663'\n"),
])
def test_bad_integers(args: str, stderr: str) -> None:
    result = Lab().run(f"ping -c 1 {args} 127.0.0.1")
    assert (result.stdout, result.stderr, result.returncode) == ("", stderr, 1)


@pytest.mark.parametrize("args", ["-w ' 2'", "-w +2", "-c 1"])
def test_good_integers(args: str) -> None:
    lab = Lab()
    lab.run("ip link set lo up")
    assert lab.run(f"ping -c 1 {args} 127.0.0.1").returncode == 0
