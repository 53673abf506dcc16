"""BusyBox nslookup in a busybox container against /usr/bin/busybox asking a small server that answers
as Docker's embedded DNS does (A for `web`, an empty NOERROR for its AAAA, NXDOMAIN otherwise, no AA)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from course_lib import Lab

SERVER = r'''
import socket, dns.message, dns.rcode, dns.rrset, dns.flags, dns.rdatatype
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.11", 53))
while True:
    data, addr = s.recvfrom(4096)
    q = dns.message.from_wire(data)
    r = dns.message.make_response(q); r.flags |= dns.flags.RA
    if q.question[0].name.to_text() == "web.":
        if q.question[0].rdtype == dns.rdatatype.A:
            r.answer.append(dns.rrset.from_text(q.question[0].name, 600, "IN", "A", "172.18.0.2"))
    else:
        r.set_rcode(dns.rcode.NXDOMAIN)
    s.sendto(r.to_wire(), addr)
'''
LINES = ["nslookup web", "nslookup nosuch", "nslookup -type=a web", "nslookup web 127.0.0.11",
         "nslookup -type=aaaa web", "nslookup web 127.0.0.12", "nslookup -type=bogus web", "nslookup"]


def test_refused_port_is_reported() -> None:
    lab = Lab()
    lab.run("docker network create net1")
    lab.run("docker run -d --name bb --network net1 busybox sleep 3600")
    r = lab.run("docker exec bb nslookup web 172.18.0.1")            # the host's bridge: no DNS on port 53
    assert (r.stdout, r.stderr, r.returncode) == (";; connection timed out; no servers could be reached\n\n",
                                                 "nslookup: write to '172.18.0.1': Connection refused\n", 1)


@pytest.mark.real
def test_same_as_real_busybox(tmp_path) -> None:
    if os.geteuid() != 0 or not shutil.which("unshare") or not os.path.exists("/usr/bin/busybox"):
        pytest.skip("needs root, unshare and /usr/bin/busybox")
    pytest.importorskip("dns.message")
    (tmp_path / "server.py").write_text(SERVER)
    (tmp_path / "resolv.conf").write_text("nameserver 127.0.0.11\n")
    script = (f"ip link set lo up; mount --bind {tmp_path}/resolv.conf /etc/resolv.conf; "
              f"{sys.executable} {tmp_path}/server.py & "          # until it listens (a loaded machine may take seconds)
                  "for i in $(seq 300); do ss -Hlun 'sport = 53' | grep -q . && break; sleep 0.1; done; "
              + "".join(f"echo '=== {c}'; busybox {c} >{tmp_path}/o 2>{tmp_path}/e; rc=$?; "
                        f"cat {tmp_path}/o {tmp_path}/e; echo rc=$rc; " for c in LINES) + "kill %1")
    real = subprocess.run(["unshare", "--net", "--mount", "bash", "-c", script], capture_output=True, text=True,
                          timeout=60).stdout
    lab = Lab()
    lab.run("docker network create net1")
    lab.run("docker run -d --name web --network net1 nginx")
    lab.run("docker run -d --name bb --network net1 busybox sleep 3600")
    sim = "".join(f"=== {c}\n" + (lambda r: r.stdout + r.stderr + f"rc={r.returncode}\n")(
        lab.run(f"docker exec bb {c}")) for c in LINES)
    banner = "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary."
    assert sim == real.replace(banner, "BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.")
