"""Each image's server listens in its real socket family and backlog, as `ss -lnt` in its netns shows."""
from __future__ import annotations

import pytest

from course_lib import Lab

CASES = {
    "nginx": ["LISTEN 0      511          0.0.0.0:80        0.0.0.0:*",
              "LISTEN 0      511             [::]:80           [::]:*"],
    "nginx:1.14.2": ["LISTEN 0      511          0.0.0.0:80        0.0.0.0:*"],
    "redis": ["LISTEN 0      511          0.0.0.0:6379      0.0.0.0:*",
              "LISTEN 0      511             [::]:6379         [::]:*"],
    "mysql": ["LISTEN 0      151                *:3306             *:*",
              "LISTEN 0      151                *:33060            *:*"],
    "hashicorp/http-echo -text=hi": ["LISTEN 0      4096               *:5678            *:*"],
    "busybox httpd -f -p 8080": ["LISTEN 0      9                  *:8080            *:*"],
    "httpd": ["LISTEN 0      511                *:80              *:*"],
}


@pytest.fixture(scope="module")
def lab():
    return Lab()


@pytest.mark.parametrize("image", list(CASES))
def test_image_listens_as_the_real_one(lab, image):
    assert lab.run(f"docker run -d --name web {image}").returncode == 0
    try:
        out = lab.run("nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n ss -lnt").stdout
        assert [line.rstrip() for line in out.splitlines()[1:]] == CASES[image]
    finally:
        lab.run("docker rm -f web")


def test_ipv4_clients_reach_the_dual_stack_and_ipv4_sockets(lab):
    lab.run("docker run -d --name echo hashicorp/http-echo -text=hello")
    lab.run("docker run -d --name web nginx")
    try:
        ips = [lab.run(f"docker inspect -f '{{{{.NetworkSettings.IPAddress}}}}' {n}").stdout.strip()
               for n in ("echo", "web")]
        assert lab.run(f"curl -s {ips[0]}:5678").stdout == "hello\n"
        assert "Welcome to nginx" in lab.run(f"curl -s {ips[1]}").stdout
        netstat = lab.run("nsenter -t $(docker inspect -f '{{.State.Pid}}' echo) -n netstat -lnt").stdout
        assert "tcp6       0      0 :::5678                 :::*                    LISTEN" in netstat
    finally:
        lab.run("docker rm -f echo web")
