"""IPVS in a plain lab: an ipvsadm director (NAT) in front of two real servers, round robin, stats and connections."""
from __future__ import annotations

from course_lib import Lab
from course_lib.http import transport
from course_lib.http.message import Response
from course_lib.net import ipvs

SETUP = {
    "C": ["ip addr add 192.168.10.2/24 dev eth0", "ip link set eth0 up", "ip route add default via 192.168.10.1"],
    "D": ["ip addr add 192.168.10.1/24 dev eth0", "ip link set eth0 up", "ip addr add 10.0.0.1/24 dev eth1",
          "ip link set eth1 up", "sysctl -w net.ipv4.ip_forward=1", "ipvsadm -A -t 192.168.10.1:80 -s rr",
          "ipvsadm -a -t 192.168.10.1:80 -r 10.0.0.11:8080 -m", "ipvsadm -a -t 192.168.10.1:80 -r 10.0.0.12:8080 -m"],
    "R1": ["ip addr add 10.0.0.11/24 dev eth0", "ip link set eth0 up", "ip route add default via 10.0.0.1"],
    "R2": ["ip addr add 10.0.0.12/24 dev eth0", "ip link set eth0 up", "ip route add default via 10.0.0.1"],
}


def _lab() -> Lab:
    lab = Lab()
    for h in SETUP:
        lab.add_host(h)
    lab.add_switch("front")
    lab.add_switch("back")
    lab.connect("C", "front", ifname="eth0")
    lab.connect("D", "front", ifname="eth0")
    lab.connect("D", "back", ifname="eth1")
    lab.connect("R1", "back", ifname="eth0")
    lab.connect("R2", "back", ifname="eth0")
    for h, cmds in SETUP.items():
        for cmd in cmds:
            assert lab.host(h).run(cmd).returncode == 0, cmd
    net = lab._backend.network
    for h in ("R1", "R2"):
        transport.listen(net.machines[h].root, "0.0.0.0", 8080,
                         lambda req, client, h=h: Response(200, [("Content-Length", "3")], h + "\n"), "srv", 100)
    return lab


def test_director_round_robin_without_conntrack() -> None:
    lab = _lab()
    answers = [lab.host("C").run("curl -s -m 2 http://192.168.10.1/").stdout for _ in range(4)]
    assert answers == ["R2\n", "R1\n", "R2\n", "R1\n"]          # rr from the list head: the last one added
    conns = lab.host("D").run("ipvsadm -Lnc").stdout.splitlines()
    assert conns[1] == "pro expire state       source             virtual            destination"
    assert conns[2].startswith("TCP 01:59 TIME_WAIT   192.168.10.2:") and conns[2].endswith("10.0.0.12:8080    ")
    stats = lab.host("D").run("ipvsadm -Ln --stats").stdout.splitlines()
    assert stats[3].split()[:2] == ["TCP", "192.168.10.1:80"] and stats[3].split()[2] == "4"
    out = lab.host("D").run("ipvsadm -Ln").stdout
    assert "  -> %-28s %-7s %-6d %-10d %-10d\n" % ("10.0.0.11:8080", "Masq", 1, 0, 2) in out


def test_weight_zero_is_skipped_and_sh_sticks() -> None:
    lab = _lab()
    lab.host("D").run("ipvsadm -e -t 192.168.10.1:80 -r 10.0.0.12:8080 -m -w 0")
    assert {lab.host("C").run("curl -s http://192.168.10.1/").stdout for _ in range(3)} == {"R1\n"}
    lab.host("D").run("ipvsadm -e -t 192.168.10.1:80 -r 10.0.0.12:8080 -m -w 1")
    lab.host("D").run("ipvsadm -E -t 192.168.10.1:80 -s sh")
    assert len({lab.host("C").run("curl -s http://192.168.10.1/").stdout for _ in range(4)}) == 1


def test_sort_is_libipvs_msort() -> None:
    svcs = [ipvs.VirtualService("UDP", ipvs.IPv4("10.96.0.10"), 53), ipvs.VirtualService("TCP", ipvs.IPv4("10.96.0.10"), 53),
            ipvs.VirtualService("TCP", ipvs.IPv4("10.96.0.1"), 443)]
    assert [(s.protocol, str(s.ip), s.port) for s in ipvs.sort_services(svcs)] == [
        ("TCP", "10.96.0.1", 443), ("TCP", "10.96.0.10", 53), ("UDP", "10.96.0.10", 53)]
