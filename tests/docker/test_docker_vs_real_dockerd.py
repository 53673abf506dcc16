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
