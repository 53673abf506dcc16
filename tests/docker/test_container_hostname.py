"""A container's hostname: --hostname/-h or the id's first 12 hex; `hostname NEW` is EPERM without CAP_SYS_ADMIN."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from course_lib import Lab

BB_EPERM = "hostname: sethostname: Operation not permitted\n"
GNU_EPERM = "hostname: you must be root to change the host name\n"


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    lab.add_host("h")
    lab.run("docker run -d --name bb busybox sleep 3600")
    return lab


def unpulled(stderr: str) -> str:
    """stderr without `docker run`'s pull progress."""
    head, status, rest = stderr.partition("Status: Downloaded newer image for ")
    return rest.split("\n", 1)[1] if status else stderr


def answer(lab: Lab, line: str) -> tuple[str, str, int]:
    r = lab.run(line)
    return r.stdout, unpulled(r.stderr), r.returncode


def test_default_and_given_hostname(lab: Lab) -> None:
    cid = lab.run("docker inspect -f '{{.Id}}' bb").stdout.strip()
    assert answer(lab, "docker exec bb hostname") == (cid[:12] + "\n", "", 0)
    assert answer(lab, "docker run --rm -h web1 busybox hostname") == ("web1\n", "", 0)
    assert answer(lab, "docker run --rm --hostname web2 busybox cat /etc/hostname") == ("web2\n", "", 0)


def test_sethostname_refused_without_cap_sys_admin(lab: Lab) -> None:
    assert answer(lab, "docker exec bb hostname foo") == ("", BB_EPERM, 1)
    assert answer(lab, "docker exec bb hostname -F /etc/hostname") == ("", BB_EPERM, 1)
    assert answer(lab, "docker exec bb hostname -F /nope") == (
        "", "hostname: can't open '/nope': No such file or directory\n", 1)
    assert answer(lab, "docker exec bb hostname -s foo")[2] == 0          # -s prints, nothing is set
    assert lab.run("docker exec bb hostname").stdout == lab.run("docker inspect -f '{{.Config.Hostname}}' bb").stdout
    assert answer(lab, "docker run --rm nginx hostname foo") == ("", GNU_EPERM, 1)
    assert answer(lab, "docker run --rm nginx hostname 'bad name'") == (
        "", "hostname: the specified hostname is invalid\n", 1)


def test_privileged_or_cap_add_may_set_it(lab: Lab) -> None:
    assert answer(lab, "docker run --rm --privileged busybox sh -c 'hostname foo; hostname'") == ("foo\n", "", 0)
    assert answer(lab, "docker run --rm --cap-add SYS_ADMIN busybox sh -c 'hostname a b; hostname'") == (
        "a\n", "", 0)
    assert answer(lab, "docker run --rm --cap-add CAP_SYS_ADMIN nginx sh -c 'hostname x1; hostname'") == (
        "x1\n", "", 0)


def test_host_may_set_it_and_file_errors(lab: Lab) -> None:
    assert lab.host("h").run("hostname -F /nope").stderr == "hostname: No such file or directory\n"
    assert lab.host("h").run("hostname h2").returncode == 0 and lab.host("h").run("hostname").stdout == "h2\n"


def test_same_as_real_without_cap_sys_admin() -> None:
    if os.geteuid() != 0 or not shutil.which("setpriv") or not os.path.exists("/usr/bin/busybox"):
        pytest.skip("needs root, setpriv and /usr/bin/busybox")
    lines = ["busybox hostname foo", "busybox hostname -F /etc/hostname", "busybox hostname -F /nope",
             "hostname foo", "hostname 'bad name'", "hostname -F /nope"]
    script = "".join(f"{line} 2>&1; echo rc=$?\n" for line in lines)
    real = subprocess.run(["unshare", "--uts", "--net", "--mount", "setpriv", "--bounding-set", "-sys_admin",
                           "--inh-caps", "-sys_admin", "bash", "-c", script],
                          capture_output=True, text=True, timeout=60).stdout
    lab = Lab()
    lab.add_host("h")
    bb = [lab.run(f"docker run --rm busybox {line.removeprefix('busybox ')}") for line in lines[:3]]
    gnu = [lab.run(f"docker run --rm nginx {line}") for line in lines[3:]]
    sim = "".join(unpulled(r.stderr) + r.stdout + f"rc={r.returncode}\n" for r in bb + gnu)
    assert sim == real
