"""The simulated engine's iptables rules against those a real dockerd left for the same commands."""
from __future__ import annotations

import re
from pathlib import Path

from course_lib import Lab

REAL = Path(__file__).parent / "real"


def _norm(text: str) -> str:
    return re.sub(r"br-[0-9a-f]{12}", "br-NETWORK", text)


def test_rules_equal_a_real_dockerd() -> None:
    lab = Lab()
    assert lab.run("docker run -d --name web -p 8080:80 busybox httpd -f -p 80").returncode == 0
    assert lab.run("docker network create mynet").returncode == 0
    assert lab.run("docker run -d --name app --network mynet busybox sleep 3600").returncode == 0
    assert _norm(lab.run("iptables -S").stdout) == _norm((REAL / "filter_after_run_and_network.txt").read_text())
    assert _norm(lab.run("iptables -t nat -S").stdout) == _norm((REAL / "nat_after_run_and_network.txt").read_text())


def test_internal_network_rules_equal_a_real_dockerd() -> None:
    lab = Lab()
    assert lab.run("docker network create --internal inside").returncode == 0
    assert _norm(lab.run("iptables -S").stdout) == _norm((REAL / "filter_internal_network.txt").read_text())
    assert "br-" not in lab.run("iptables -t nat -S").stdout
    lab.run("docker run -d --name aa --network inside busybox sleep 3600")
    assert lab.run("docker exec aa ip route").stdout.startswith("default via 172.18.0.1 dev eth0")
    r = lab.run("docker run --name a busybox")
    assert (r.stderr, r.returncode) == ("docker: Error response from daemon: Invalid container name (a), only "
                                        "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n\nRun 'docker run --help' for more information\n", 125)
    lab.run("docker run -d --name pp -p 80 busybox httpd -f -p 80")
    lab.run("docker run -d --name qq -p 80 busybox httpd -f -p 80")
    assert lab.run("docker port qq").stdout == "80/tcp -> 0.0.0.0:32769\n80/tcp -> [::]:32769\n"
