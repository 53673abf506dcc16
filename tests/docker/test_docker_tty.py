"""docker exec/run with -i and -t when stdin is not a terminal (a lab's never is), as Docker CLI 24-27 behave."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    assert lab.run("docker run -d --name web nginx").returncode == 0
    return lab


@pytest.mark.parametrize("flags", ["-it", "-ti", "-i -t", "--interactive --tty"])
def test_exec_interactive_tty_needs_a_terminal(lab: Lab, flags: str) -> None:
    r = lab.run(f"docker exec {flags} web sh")
    assert (r.stdout, r.stderr, r.returncode) == ("", "the input device is not a TTY\n", 1)


def test_exec_unknown_container_is_reported_before_the_tty(lab: Lab) -> None:
    r = lab.run("docker exec -it nope sh")
    assert (r.stderr, r.returncode) == ("Error response from daemon: No such container: nope\n", 1)


def test_exec_detached_skips_the_tty_check_and_prints_nothing(lab: Lab) -> None:
    r = lab.run("docker exec -dit web echo hi")
    assert (r.stdout, r.stderr, r.returncode) == ("", "", 0)


def test_exec_interactive_alone_reads_stdin(lab: Lab) -> None:
    r = lab.run("echo hello | docker exec -i web cat")
    assert (r.stdout, r.stderr, r.returncode) == ("hello\n", "", 0)


def test_exec_tty_alone_goes_through_a_pty(lab: Lab) -> None:
    """-t without -i: no error; stdout and stderr share the pseudo-TTY, lines end in CR LF."""
    assert lab.run("docker exec -t web echo hi").stdout == "hi\r\n"
    r = lab.run("docker exec -t web ls /nonexist")
    assert (r.stdout, r.stderr, r.returncode) == (
        "ls: cannot access '/nonexist': No such file or directory\r\n", "", 2)


def test_run_interactive_tty_fails_before_any_pull() -> None:
    lab = Lab()
    r = lab.run("docker run -it busybox sh")
    assert (r.stdout, r.stderr, r.returncode) == ("", "the input device is not a TTY\n", 1)
    assert lab.run("docker images -q").stdout == ""          # nothing was pulled
    assert lab.run("docker ps -aq").stdout == ""             # nor created


def test_run_detached_with_it_is_fine(lab: Lab) -> None:
    r = lab.run("docker run -dit --name shell busybox sh")
    assert r.returncode == 0 and len(r.stdout.strip()) == 64
    assert "shell" in lab.run("docker ps --format '{{.Names}}'").stdout.split()


def test_run_tty_and_interactive_alone(lab: Lab) -> None:
    r = lab.run("docker run -t --rm busybox echo hi")
    assert (r.stdout, r.returncode) == ("hi\r\n", 0)
    r = lab.run("echo hello | docker run -i --rm busybox cat")
    assert (r.stdout, r.returncode) == ("hello\n", 0)


def test_logs_of_a_tty_container_come_through_the_pty() -> None:
    lab = Lab()
    lab.run("docker run -dt --name tty1 nginx")
    r = lab.run("docker logs tty1")
    assert r.stderr == "" and r.stdout.startswith("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty")
    assert "\r\n" in r.stdout and "\n" not in r.stdout.replace("\r\n", "")
    assert "[notice] 1#1: start worker processes\r\n" in r.stdout       # stderr lines too, in order
    plain = lab.run("docker run -d --name plain nginx >/dev/null; docker logs plain")
    assert "\r" not in plain.stdout + plain.stderr and "[notice]" in plain.stderr
