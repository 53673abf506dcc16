"""netstat and ss list the listening sockets of sockets.py exactly as the real tools list real ones."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from course_lib import Lab
from course_lib.net import sockets

COMMANDS = ["netstat -nplt", "netstat -nlpu", "netstat -tulpn", "netstat -tln", "netstat -tuln",
            "ss -lntp", "ss -lnup", "ss -tuna", "ss -lnt", "ss -tulpn", "ss -tunlp"]
SERVER = r"""
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", 80)); s.listen()
t = socket.socket(); t.bind(("127.0.0.1", 8080)); t.listen()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("0.0.0.0", 53))
print("ready", flush=True)
time.sleep(30)
"""


def sim_outputs() -> dict[str, str]:
    lab = Lab()
    ns = lab.network.machines["host"].root
    pid = 4242
    sockets.tcp_listen(ns, "0.0.0.0", 80, lambda *a: None, process_name="python3", pid=pid)
    sockets.tcp_listen(ns, "127.0.0.1", 8080, lambda *a: None, process_name="python3", pid=pid)
    sockets.udp_bind(ns, "0.0.0.0", 53, lambda *a: None, process_name="python3", pid=pid)
    return {c: lab.run(c).stdout for c in COMMANDS}


def test_fd_and_pid_columns():
    out = sim_outputs()
    assert out["netstat -nplt"].splitlines()[2] == \
        "tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN      4242/python3        "
    assert out["ss -lnup"].splitlines()[1] == \
        'UNCONN 0      0            0.0.0.0:53        0.0.0.0:*    users:(("python3",pid=4242,fd=5))'


@pytest.mark.real
def test_same_as_the_real_tools():
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ss") or not shutil.which("netstat"):
        pytest.skip("needs root, unshare, ss and netstat (runs in a private network namespace)")
    script = ("ip link set lo up\n"
              f"python3 -c '{SERVER}' > /tmp/.dp_ready_$$ &\n"
              "for i in $(seq 200); do grep -q ready /tmp/.dp_ready_$$ 2>/dev/null && break; sleep 0.1; done\n"
              "rm -f /tmp/.dp_ready_$$\n")
    for c in COMMANDS:
        script += f"echo '=== {c}'; {c}\n"
    script += "kill %1\n"
    done = subprocess.run(["unshare", "--net", "--pid", "--fork", "--kill-child", "--mount-proc", "bash", "-c", script], capture_output=True, text=True, timeout=60)
    real: dict[str, str] = {}
    for block in done.stdout.split("=== ")[1:]:
        cmd, _, body = block.partition("\n")
        real[cmd] = _norm(body)
    sim = {c: _norm(text) for c, text in sim_outputs().items()}
    for c in COMMANDS:
        assert sim[c] == real[c], f"{c}:\n--- kernel\n{real[c]}--- sim\n{sim[c]}"


def _norm(text: str) -> str:
    """Pids differ in length, which moves the last column's padding: compare without trailing blanks;
    the kernel lists sockets in hash-bucket order: compare the lines sorted."""
    text = re.sub(r"pid=\d+", "pid=PID", re.sub(r"\b\d+/python3", "PID/python3", text))
    return "\n".join(sorted(line.rstrip() for line in text.split("\n")))
