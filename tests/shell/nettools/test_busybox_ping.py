"""BusyBox 1.36 ping: option errors, usage, -w exit status, silent ICMP errors (and against /usr/bin/busybox)."""
from __future__ import annotations

import pytest

from course_lib import Lab
from tests.shell.nettools.busybox_compare import compare


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    lab.run("docker network create net1")
    lab.run("docker run -d --name bb --network net1 busybox sleep 3600")
    return lab


def test_option_errors_and_usage(lab: Lab) -> None:
    r = lab.run("docker exec bb ping -c abc 1.2.3.4")
    assert (r.stderr, r.returncode) == ("ping: invalid number 'abc'\n", 1)
    r = lab.run("docker exec bb ping")
    assert r.returncode == 1 and r.stderr.startswith("BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n"
                                                     "\nUsage: ping [OPTIONS] HOST\n")
    r = lab.run("docker exec bb ping -x 1.2.3.4")
    assert r.returncode == 1 and r.stderr.startswith("ping: invalid option -- 'x'\nBusyBox v1.36.1 ")


def test_deadline_exit_status_and_silent_errors(lab: Lab) -> None:
    r = lab.run("docker exec bb ping -c 2 -w 1 172.18.0.1")
    assert "1 packets transmitted, 1 packets received, 0% packet loss" in r.stdout and r.returncode == 1
    r = lab.run("docker exec bb ping -c 1 -W 1 172.18.0.99")          # ARP fails: no warning line
    assert r.stderr == "" and r.returncode == 1
    r = lab.run("docker exec bb ping -c 1 -q 172.18.0.1")
    assert r.stdout.splitlines()[1:3] == ["", "--- 172.18.0.1 ping statistics ---"]


@pytest.mark.real
def test_same_as_real_busybox() -> None:
    sim, real = compare(["ping -c 2 172.18.0.3", "ping -c 2 -q 172.18.0.3", "ping -c 1 -s 100 127.0.0.1",
                         "ping -c 1 -W 1 172.18.0.99", "ping -c 1 nosuch.invalid", "ping -c 1 10.99.0.1",
                         "ping", "ping -c 2 -w 1 172.18.0.3", "ping -c abc 1.2.3.4", "ping -x 1.2.3.4",
                         "ping a b", "ping -c 1 -I eth0 172.18.0.3", "ping -4 -c1 localhost"])
    assert sim == real
