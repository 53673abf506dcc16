"""BusyBox 1.36 wget in a busybox container: -S, --spider, -T, -O/-P/-o, option errors, server errors."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from course_lib import Lab


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    lab.run("docker network create net1")
    lab.run("docker run -d --name web --network net1 nginx")
    lab.run("docker run -d --name bb --network net1 busybox sleep 3600")
    return lab


def bb(lab: Lab, cmd: str):
    return lab.run(f"docker exec bb {cmd}")


def test_server_response_and_spider(lab: Lab) -> None:
    r = bb(lab, "wget -S -q -O - http://web/")
    assert r.stderr.startswith("  HTTP/1.1 200 OK\n  Server: nginx/1.27.3\n") and r.stderr.endswith("\n  \n")
    assert r.stdout.startswith("<!DOCTYPE html>") and r.returncode == 0
    r = bb(lab, "wget --spider http://web/")
    assert (r.stderr, r.returncode) == ("Connecting to web (172.18.0.2:80)\nremote file exists\n", 0)
    assert "index.html" not in bb(lab, "ls /").stdout                            # nothing saved
    r = bb(lab, "wget -S --spider http://web/nosuch")
    assert r.stderr == ("Connecting to web (172.18.0.2:80)\n  HTTP/1.1 404 Not Found\n"
                        "wget: server returned error: HTTP/1.1 404 Not Found\n") and r.returncode == 1


def test_files_and_errors(lab: Lab) -> None:
    r = bb(lab, "wget -O /tmp/out.html http://web/")
    assert r.stderr.splitlines()[1:] == ["saving to '/tmp/out.html'",
                                         "out.html             100% |********************************|   615  0:00:00 ETA",
                                         "'/tmp/out.html' saved"]
    assert bb(lab, "wget -q -O /tmp/out.html http://web/").returncode == 0        # -O may overwrite
    assert bb(lab, "wget -q -P /tmp http://web/").returncode == 0
    r = bb(lab, "wget -q -P /tmp http://web/")
    assert (r.stderr, r.returncode) == ("wget: can't open '/tmp/index.html': File exists\n", 1)
    assert bb(lab, "wget -T abc http://web/").stderr == "wget: invalid number 'abc'\n"
    r = bb(lab, "wget -x http://web/")
    assert r.returncode == 1 and r.stderr.startswith("wget: invalid option -- 'x'\nBusyBox v1.36.1 ")
    r = bb(lab, "wget -q -O - http://web:81/")
    assert (r.stderr, r.returncode) == ("wget: can't connect to remote host (172.18.0.2): Connection refused\n", 1)
    r = bb(lab, "wget -q -O - --post-data a=1 http://web/")
    assert (r.stderr, r.returncode) == ("wget: server returned error: HTTP/1.1 405 Not Allowed\n", 1)
    bb(lab, "wget -o /tmp/log -O - http://web/")
    assert bb(lab, "cat /tmp/log").stdout.startswith("Connecting to web (172.18.0.2:80)\nwriting to stdout\n")


@pytest.mark.real
def test_messages_as_real_busybox(tmp_path) -> None:
    """The same wget lines against `busybox httpd` in a private netns: the texts that do not depend on
    the server's headers."""
    if os.geteuid() != 0 or not shutil.which("unshare") or not os.path.exists("/usr/bin/busybox"):
        pytest.skip("needs root, unshare and /usr/bin/busybox")
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "index.html").write_text("hello\n")
    lines = ["wget -O - http://127.0.0.1/", "wget -q -O - http://127.0.0.1/", "wget --spider http://127.0.0.1/",
             "wget -q --spider http://127.0.0.1/", "wget http://127.0.0.1/nosuch", "wget -O - http://127.0.0.1:81/",
             "wget -T abc http://127.0.0.1/", "wget -O - http://nosuch.invalid/", "wget -O - ftp2://x/"]
    script = (f"ip link set lo up; busybox httpd -f -p 80 -h {tmp_path}/www & sleep 0.3; "
              + "".join(f"echo '=== {c}'; busybox {c} >{tmp_path}/o 2>{tmp_path}/e; rc=$?; "
                        f"cat {tmp_path}/o {tmp_path}/e; echo rc=$rc; " for c in lines) + "kill %1")
    real = subprocess.run(["unshare", "--net", "--pid", "--fork", "--kill-child", "--mount-proc", "bash", "-c", script], capture_output=True, text=True,
                          timeout=60).stdout
    lab = Lab()
    lab.run("docker run -d --name srv busybox httpd -f -p 80 -h /www")
    lab.run("docker exec srv sh -c 'mkdir -p /www && echo hello > /www/index.html'")
    sim = "".join(f"=== {c}\n" + (lambda r: r.stdout + r.stderr + f"rc={r.returncode}\n")(
        lab.run(f"docker exec srv {c}")) for c in lines)
    assert sim == real
