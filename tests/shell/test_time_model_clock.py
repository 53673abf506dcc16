"""`time CMD` reports the model time CMD took (waits, timeouts, sleep advance the lab's clock), as bash's %3lR
and as the BusyBox time applet prints it."""
from __future__ import annotations

import re

import pytest

from course_lib import Lab
from tests.shell.nettools.busybox_compare import compare


def test_time_reports_model_time() -> None:
    lab = Lab()
    lab.add_host("a")
    lab.add_switch("s")
    lab.connect("a", "s")
    host = lab.host("a")
    for line in ("ip addr add 10.0.0.1/24 dev eth0", "ip link set eth0 up", "ip route add default via 10.0.0.254"):
        assert host.run(line).returncode == 0
    r = host.run("time curl -s -m 2 http://10.0.0.9")
    assert (r.returncode, r.stderr) == (28, "\nreal\t0m2.001s\nuser\t0m0.000s\nsys\t0m0.000s\n")
    assert host.run("time sleep 61").stderr == "\nreal\t1m1.001s\nuser\t0m0.000s\nsys\t0m0.000s\n"
    assert host.run("time true").stderr == "\nreal\t0m0.001s\nuser\t0m0.000s\nsys\t0m0.000s\n"


def test_busybox_time_applet() -> None:
    lab = Lab()
    lab.run("docker run -d --name bb busybox sleep 3600")
    r = lab.run("docker exec bb sh -c 'time sleep 2'")
    assert (r.stderr, r.returncode) == ("real\t0m 2.00s\nuser\t0m 0.00s\nsys\t0m 0.00s\n", 0)


@pytest.mark.real
def test_busybox_time_same_as_real() -> None:
    """The applet's texts and layout; the real figures are wall time (0.01s on a loaded machine), so the
    digits are compared as a shape (test_busybox_time_applet checks the model's figures)."""
    sim, real = compare(["time true", "time false", "time nosuch", "time"])
    shape = re.compile(r"(\d+)m (\d+)\.\d\ds")
    assert shape.sub(r"\1m \2.NNs", sim) == shape.sub(r"\1m \2.NNs", real)
