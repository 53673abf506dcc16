"""The same command lines on /usr/bin/busybox in a private netns and on a sim host with the busybox userland."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from course_lib import Lab
from course_lib.docker.images import BUSYBOX_TOOLS

SETUP = """ip link add eth0 type veth peer name peer0
ip addr add 172.18.0.3/16 brd + dev eth0
ip link set lo up
ip link set eth0 up
ip link set peer0 up
ip link set eth0 txqueuelen 0
ip route add default via 172.18.0.1
ip route add 10.9.0.0/24 via 172.18.0.1 metric 100
ip route add 10.8.0.5 dev eth0
ip neigh add 172.18.0.9 lladdr 02:42:ac:12:00:09 dev eth0
ip addr add 10.0.0.1/24 dev lo label lo:1
"""


def normal(text: str) -> str:
    """MACs, counters, round-trip times, the banner's build and IPv6 (the sim makes no link-local
    addresses here) set aside, and the kernel's own ARP tries at the gateway."""
    text = re.sub(r"(?i)([0-9a-f]{2}:){5}[0-9a-f]{2}", "MAC", text)
    text = re.sub(r"(RX|TX) (packets|bytes):\d+( \([^)]*\))?", r"\1 \2:N", text)
    text = re.sub(r"time=[\d.]+ ms", "time=T ms", text)
    text = re.sub(r"  \d+\.\d{3} ms", "  T ms", text)                     # traceroute's probe times
    text = re.sub(r"round-trip min/avg/max = \S+ ms", "round-trip min/avg/max = T ms", text)
    text = re.sub(r"^BusyBox v[^\n]*multi-call binary\.$", "BusyBox multi-call binary.", text, flags=re.M)
    text = re.sub(r"^\S+ (dev \w+ )? used \S+ probes \d+ (FAILED|INCOMPLETE)\n", "", text, flags=re.M)
    text = re.sub(r"^\? \(\S+\) at <incomplete>  on \w+\n", "", text, flags=re.M)
    # the kernel's /proc/net/arp sometimes lists an entry twice while its own ARP tries at the gateway
    # change the table (about one run in five here): one copy of a repeated ARP line is kept
    text = re.sub(r"^(\? \(\S+\) at [^\n]*\n)\1+", r"\1", text, flags=re.M)
    return "\n".join(line for line in text.split("\n") if "inet6" not in line)


def compare(commands: list[str]) -> tuple[str, str]:
    """(sim, real) transcripts of `commands` after SETUP, normalised; skips without root or busybox."""
    if os.geteuid() != 0 or not shutil.which("unshare") or not os.path.exists("/usr/bin/busybox"):
        pytest.skip("needs root, unshare and /usr/bin/busybox")
    script = SETUP + "".join(f"echo '=== {c}'; /usr/bin/busybox {c} 2>&1; echo rc=$?\n" for c in commands)
    real = subprocess.run(["unshare", "--net", "--mount", "--uts", "bash", "-c", script],
                          capture_output=True, text=True, timeout=120).stdout
    lab = Lab()
    lab.add_host("h")
    host = lab.host("h")
    for line in SETUP.splitlines():
        assert host.run(line).returncode == 0, line
    machine = lab._backend.network.machines["h"]      # the same host, now with the busybox userland
    machine.userland, machine.tools = "busybox", BUSYBOX_TOOLS
    sim = "".join(f"=== {c}\n" + (lambda r: r.stdout + r.stderr + f"rc={r.returncode}\n")(host.run(c))
                  for c in commands)
    return normal(sim), normal(real)
