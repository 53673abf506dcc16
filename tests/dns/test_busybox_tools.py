"""BusyBox 1.36 nslookup and ping texts in busybox containers; netshoot (alpine + bind-tools, iputils) keeps BIND/iputils."""
from __future__ import annotations

import pytest

from course_lib import Lab

HEAD = "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n"


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    lab.run("docker network create net1")
    lab.run("docker run -d --name web --network net1 nginx")
    lab.run("docker run -d --name bb --network net1 busybox sleep 3600")
    lab.run("docker run -d --name shoot --network net1 nicolaka/netshoot sleep 3600")
    return lab


def test_nslookup_blocks_per_reply(lab: Lab) -> None:
    r = lab.run("docker exec bb nslookup web")
    assert (r.stdout, r.returncode) == (
        HEAD + "Non-authoritative answer:\nName:\tweb\nAddress: 172.18.0.2\n\nNon-authoritative answer:\n\n", 0)
    r = lab.run("docker exec bb nslookup nosuch")
    assert (r.stdout, r.returncode) == (HEAD + "** server can't find nosuch: NXDOMAIN\n\n" * 2, 1)


def test_nslookup_search_domains_and_servers(lab: Lab) -> None:
    lab.run("docker exec bb sh -c 'printf \"nameserver 127.0.0.11\\nsearch a.example b.example\\n\" > /etc/resolv.conf'")
    r = lab.run("docker exec bb nslookup nosuch")
    nx = "** server can't find nosuch.a.example: NXDOMAIN\n\n** server can't find nosuch.b.example: NXDOMAIN\n\n"
    assert r.stdout == HEAD + nx + nx
    lab.run("docker exec bb sh -c 'echo nameserver 172.18.0.77 > /etc/resolv.conf'")
    r = lab.run("docker exec bb nslookup -timeout=1 web")
    assert (r.stdout, r.returncode) == (";; connection timed out; no servers could be reached\n\n", 1)
    r = lab.run("docker exec bb nslookup web 127.0.0.11")
    assert r.stdout.startswith(HEAD + "Non-authoritative answer:\nName:\tweb\n")
    assert lab.run("docker exec bb nslookup -type=bogus web").stderr == 'nslookup: invalid query type "bogus"\n'
    usage = lab.run("docker exec bb nslookup")
    assert usage.returncode == 1 and usage.stderr.endswith("QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n")


def test_busybox_ping(lab: Lab) -> None:
    r = lab.run("docker exec bb ping -c 2 172.18.0.2")
    lines = r.stdout.splitlines()
    assert lines[0] == "PING 172.18.0.2 (172.18.0.2): 56 data bytes"
    assert lines[1].startswith("64 bytes from 172.18.0.2: seq=0 ttl=64 time=") and "seq=1 " in lines[2]
    assert lines[3:5] == ["", "--- 172.18.0.2 ping statistics ---"]
    assert lines[5] == "2 packets transmitted, 2 packets received, 0% packet loss"
    assert lines[6].startswith("round-trip min/avg/max = ") and r.returncode == 0
    r = lab.run("docker exec bb ping -c 1 -W 1 172.18.0.99")
    assert r.stdout.endswith("1 packets transmitted, 0 packets received, 100% packet loss\n") and r.returncode == 1
    assert lab.run("docker exec bb ping -c 1 nosuch").stderr == "ping: bad address 'nosuch'\n"


def test_netshoot_keeps_bind_and_iputils(lab: Lab) -> None:
    assert lab.run("docker exec shoot ping -c 1 172.18.0.2").stdout.startswith(
        "PING 172.18.0.2 (172.18.0.2) 56(84) bytes of data.\n")
    assert "Address:\t127.0.0.11#53" in lab.run("docker exec shoot nslookup web").stdout
