"""Published ports in both families, as Docker 27 shows them: docker-proxy on 0.0.0.0 and [::] (v6only)."""
from __future__ import annotations

from course_lib import Lab


def test_unspecified_host_ip_publishes_ipv4_and_ipv6() -> None:
    lab = Lab()
    assert lab.run("docker run -d --name web -p 8080:80 busybox httpd -f -p 80").returncode == 0
    assert "0.0.0.0:8080->80/tcp, :::8080->80/tcp   web" in lab.run("docker ps").stdout
    assert lab.run("docker port web").stdout == "80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n"
    assert lab.run("docker port web 80/tcp").stdout == "0.0.0.0:8080\n[::]:8080\n"
    listeners = [line for line in lab.run("ss -lntp").stdout.splitlines() if "docker-proxy" in line]
    assert [line.split()[3] for line in listeners] == ["0.0.0.0:8080", "[::]:8080"]
    assert all(line.split()[2] == "4096" for line in listeners)
    assert lab.run("curl -s -o /dev/null http://127.0.0.1:8080/").returncode == 0
    lab.run("docker stop web")
    assert "docker-proxy" not in lab.run("ss -lntp").stdout


def test_ipv4_host_ip_publishes_only_ipv4() -> None:
    lab = Lab()
    assert lab.run("docker run -d --name lo -p 127.0.0.1:8081:80 busybox httpd -f -p 80").returncode == 0
    assert "127.0.0.1:8081->80/tcp   " in lab.run("docker ps").stdout
    assert lab.run("docker port lo").stdout == "80/tcp -> 127.0.0.1:8081\n"
    listeners = [line.split()[3] for line in lab.run("ss -lntp").stdout.splitlines() if "docker-proxy" in line]
    assert listeners == ["127.0.0.1:8081"]


def test_ipv6_host_ip_in_brackets() -> None:
    lab = Lab()
    assert lab.run("docker run -d --name v6 -p [::1]:8082:80 busybox httpd -f -p 80").returncode == 0
    assert lab.run("docker ps --format {{.Ports}}").stdout == "::1:8082->80/tcp\n"
    assert lab.run("docker port v6").stdout == "80/tcp -> [::1]:8082\n"
    listeners = [line.split()[3] for line in lab.run("ss -lntp").stdout.splitlines() if "docker-proxy" in line]
    assert listeners == ["[::1]:8082"]
