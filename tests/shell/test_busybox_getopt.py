"""One BusyBox getopt32 for nc, ping and traceroute: the order of its refusals, against /usr/bin/busybox."""
from __future__ import annotations

import pytest

from course_lib import Lab
from course_lib.result import CommandResult
from course_lib.shell.busybox_getopt import count, getopt32
from tests.shell.nettools.busybox_compare import compare


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    lab.run("docker run -d --name bb busybox sleep 3600")
    return lab


def first_line(lab: Lab, line: str) -> tuple[str, int]:
    r = lab.run(f"docker exec bb {line}")
    return r.stderr.split("\n", 1)[0], r.returncode


def test_numbers_are_checked_where_getopt32_meets_them(lab: Lab) -> None:
    assert first_line(lab, "nc -w x -Q web 80") == ("nc: invalid number 'x'", 1)
    assert first_line(lab, "nc -Q -w x web 80") == ("nc: invalid option -- 'Q'", 1)
    assert first_line(lab, "nc -w x a b c") == ("nc: invalid number 'x'", 1)
    assert first_line(lab, "nc a b c")[0].startswith("BusyBox v1.36.1")        # ?2: the bare usage
    assert first_line(lab, "nc --foo") == ("nc: unrecognized option '--foo'", 1)
    assert first_line(lab, "nc -p") == ("nc: option requires an argument -- 'p'", 1)
    assert first_line(lab, "ping -s x -Q 1.2.3.4") == ("ping: invalid option -- 'Q'", 1)   # -s: xatou16 later
    assert first_line(lab, "ping -W x -c y 1.2.3.4") == ("ping: invalid number 'x'", 1)
    assert first_line(lab, "traceroute -f y -m x 1.2.3.4") == ("traceroute: invalid number 'x'", 1)
    assert first_line(lab, "traceroute -w x -Q 1.2.3.4") == ("traceroute: invalid option -- 'Q'", 1)
    assert first_line(lab, "traceroute --foo 1.2.3.4") == ("traceroute: unrecognized option '--foo'", 1)
    assert first_line(lab, "traceroute -w x")[0].startswith("BusyBox v1.36.1")     # -1: a HOST first


def test_the_parser() -> None:
    found = getopt32(None, ["nc", "-vv", "-lp", "8080", "host", "-u"], "np:s:uvw:lki:o:zb", "\nUsage: nc\n",
                     numeric="w")
    assert not isinstance(found, CommandResult)
    assert (count(found, "-v"), found.value("-p"), found.has("-u"), found.operands) == (2, "8080", True, ["host"])
    refused = getopt32(None, ["ping", "-c"], "c:", "\nUsage: ping\n")
    assert isinstance(refused, CommandResult) and refused.stderr == (
        "ping: option requires an argument -- 'c'\nBusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n"
        "\nUsage: ping\n")


@pytest.mark.real
def test_same_as_real_busybox() -> None:
    sim, real = compare(["ping -s x -Q 1.2.3.4", "ping -c x -Q 1.2.3.4", "ping -s x", "ping -s x a b",
                         "ping -W x -c y 1.2.3.4", "ping -c y -s x 1.2.3.4", "ping --foo 1.2.3.4", "ping -c",
                         "traceroute -f y -m x 1.2.3.4", "traceroute -w x a b c"])   # (Debian's lacks -I)
    assert sim == real
