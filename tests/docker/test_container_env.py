"""A container process's environment (lifecycle._env): Docker's PATH, HOSTNAME, [TERM], image/--env vars, HOME."""
from __future__ import annotations

import pytest

from course_lib import Lab

PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    lab.run("env | head -1")           # the terminal has its shell state: containers must not inherit it
    assert lab.run("docker run -d --name c1 busybox sleep 1000").returncode == 0
    return lab


def _lines(lab: Lab, cmd: str) -> list[str]:
    r = lab.run(cmd)
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()


def test_run_env_is_exactly_dockers(lab: Lab) -> None:
    lines = _lines(lab, "docker run busybox env")
    assert len(lines) == 3 and lines[0] == PATH and lines[2] == "HOME=/root"
    host, _, cid = lines[1].partition("=")
    assert host == "HOSTNAME" and len(cid) == 12 and all(c in "0123456789abcdef" for c in cid)


def test_env_flags_go_before_home_and_tty_adds_term(lab: Lab) -> None:
    lines = _lines(lab, "docker run -t -e FOO=bar busybox env")
    assert [line.split("=")[0] for line in lines] == ["PATH", "HOSTNAME", "TERM", "FOO", "HOME"]
    assert lines[2:4] == ["TERM=xterm", "FOO=bar"]


def test_exec_and_ash_show_no_login_variables(lab: Lab) -> None:
    assert _lines(lab, "docker exec c1 env") == [PATH, "HOSTNAME=" + lab.run("docker inspect -f '{{.Config.Hostname}}' c1")
                                                 .stdout.strip(), "HOME=/root"]
    # BusyBox ash adds SHLVL and PWD and lists its 39-bucket table (checked with /usr/bin/busybox sh under env -i)
    hostname = lab.run("docker inspect -f '{{.Config.Hostname}}' c1").stdout.strip()
    ash = [f"HOSTNAME={hostname}", "SHLVL=1", "HOME=/root", "X=1", PATH, "B=2", "PWD=/"]
    nested = ash[:1] + ["SHLVL=2"] + ash[2:]
    assert _lines(lab, "docker exec -e X=1 c1 sh -c 'A=1; export B=2; env; sh -c env'") == ash + nested


def test_image_env_keeps_its_order(lab: Lab) -> None:
    names = [line.split("=")[0] for line in _lines(lab, "docker run nginx env")]
    assert names == ["PATH", "HOSTNAME", "NGINX_VERSION", "NJS_VERSION", "NJS_RELEASE", "PKG_RELEASE",
                     "DYNPKG_RELEASE", "HOME"]
