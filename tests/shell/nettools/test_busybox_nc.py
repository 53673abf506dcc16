"""BusyBox 1.36 nc (nc_bloaty) in a busybox container: -z scans, -v/-vv reports, a request from stdin."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    lab.run("docker network create net1")
    lab.run("docker run -d --name web --network net1 nginx")
    lab.run("docker run -d --name bb --network net1 busybox sleep 3600")
    return lab


def sh(lab: Lab, script: str):
    return lab.run(f"docker exec bb sh -c {script!r}")


def test_scan(lab: Lab) -> None:
    assert (sh(lab, "nc -zv web 80").stderr, sh(lab, "nc -zv web 80").returncode) == ("web (172.18.0.2:80) open\n", 0)
    r = sh(lab, "nc -zv web 81")                       # one -v: refusals are not reported
    assert (r.stderr, r.returncode) == ("", 1)
    r = sh(lab, "nc -zvv web 81")
    assert r.stderr == "nc: web (172.18.0.2:81): Connection refused\nsent 0, rcvd 0\n" and r.returncode == 1
    r = sh(lab, "nc -w 1 -zv 172.18.0.99 80")
    assert (r.stderr, r.returncode) == ("nc: 172.18.0.99 (172.18.0.99:80): Connection timed out\n", 1)


def test_request_from_stdin_and_errors(lab: Lab) -> None:
    r = sh(lab, "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc web 80")
    assert r.stdout.startswith("HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\n") and "Welcome to nginx!" in r.stdout
    assert sh(lab, "nc nosuch 80").stderr == "nc: bad address 'nosuch'\n"
    r = sh(lab, "nc")
    assert r.returncode == 1 and "Usage: nc [OPTIONS] HOST PORT  - connect\n" in r.stderr
    r = sh(lab, "nc -x web 80")
    assert r.returncode == 1 and r.stderr.startswith("nc: invalid option -- 'x'\nBusyBox v1.36.1 ")
