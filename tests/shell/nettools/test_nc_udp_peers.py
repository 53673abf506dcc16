"""A UDP nc listener and its peers, as netcat-openbsd 1.219 behaves in a private netns: `nc -u -l` connect()s to
its first sender (ss: ESTAB to it; it gets the listener's stdin, later senders are dropped); `nc -u -k -l` stays
unconnected, reads every sender and sends nothing. The sim runs the same script and must print the same."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from course_lib import Lab

SENDS = [(40001, "one"), (40002, "two"), (40001, "three")]


def _client_lines() -> str:
    return "".join(f"echo {text} | nc -u -w1 -p {port} 127.0.0.1 9999; echo rc=$?\n" for port, text in SENDS)


def _sim(listen: str) -> tuple[str, str, str]:
    lab = Lab()
    lab.run("ip link set lo up")
    lab.run(f"echo hello-from-server | {listen} &")
    clients = "".join(f"{r.stdout}rc={r.returncode}\n" for r in
                      (lab.run(f"echo {text} | nc -u -w1 -p {port} 127.0.0.1 9999") for port, text in SENDS))
    ss = lab.run("ss -Hun").stdout
    listener = [p for p in lab._backend.network.machines["host"].processes if getattr(p, "cmdline", "") == listen][0]
    return clients, ss, "".join(text for stream, text in listener.output if stream == "stdout")


@pytest.mark.parametrize("listen", ["nc -u -l 9999", "nc -u -k -l 9999"])
def test_udp_listener_peers(listen: str) -> None:
    clients, ss, got = _sim(listen)
    if listen == "nc -u -l 9999":
        assert clients == "hello-from-server\nrc=0\nrc=0\nrc=0\n"
        assert ss.split() == ["0", "0", "127.0.0.1:9999", "127.0.0.1:40001"]      # -u alone: ESTAB only, no State
        assert got == "one\nthree\n"
    else:
        assert clients == "rc=0\nrc=0\nrc=0\n" and ss == "" and got == "one\ntwo\nthree\n"


@pytest.mark.real
@pytest.mark.parametrize("listen", ["nc -u -l 9999", "nc -u -k -l 9999"])
def test_same_as_real_netcat_openbsd(listen: str) -> None:
    if os.geteuid() != 0 or not shutil.which("unshare") or not os.path.exists("/bin/nc.openbsd"):
        pytest.skip("needs root, unshare and netcat-openbsd")
    script = (f"ip link set lo up\n(echo hello-from-server; sleep 5) | {listen} > /tmp/nc_udp_got &\nsleep 0.3\n"
              + _client_lines() + "sleep 0.2; echo ===; ss -Hun; echo ===; cat /tmp/nc_udp_got; rm -f /tmp/nc_udp_got\n")
    real = subprocess.run(["unshare", "--net", "--mount", "--pid", "--fork", "--kill-child", "bash", "-c", script],
                          capture_output=True, text=True, timeout=60).stdout
    clients, ss, got = _sim(listen)
    r_clients, r_ss, r_got = real.split("===\n")
    assert clients == r_clients and got == r_got
    assert ss.split() == r_ss.split()
