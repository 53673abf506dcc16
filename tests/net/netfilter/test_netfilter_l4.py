"""TCP and UDP through netfilter on the datapath: DNAT port forwarding, tcp-reset, conntrack TCP states."""
from __future__ import annotations

import pytest

from course_lib import Lab
from course_lib.net.sockets import tcp_listen, tcp_request, udp_bind, udp_request


@pytest.fixture
def lab() -> Lab:
    """client (203.0.113.20) -- WAN -- R (203.0.113.1 | 192.168.1.1) -- LAN -- server (192.168.1.10)."""
    lab = Lab()
    for name in ("client", "R", "server"):
        lab.add_host(name)
    lab.add_switch("LAN")
    lab.add_switch("WAN")
    lab.connect(lab.host("server"), lab.switch("LAN"), ifname="eth0")
    lab.connect(lab.host("R"), lab.switch("LAN"), ifname="eth0")
    lab.connect(lab.host("R"), lab.switch("WAN"), ifname="eth1")
    lab.connect(lab.host("client"), lab.switch("WAN"), ifname="eth0")
    lab.host("server").run("ip addr add 192.168.1.10/24 dev eth0; ip link set eth0 up; "
                           "ip route add default via 192.168.1.1")
    lab.host("R").run("ip addr add 192.168.1.1/24 dev eth0; ip link set eth0 up; ip addr add 203.0.113.1/24 "
                      "dev eth1; ip link set eth1 up; sysctl -w net.ipv4.ip_forward=1")
    lab.host("client").run("ip addr add 203.0.113.20/24 dev eth0; ip link set eth0 up")
    return lab


def ns(lab: Lab, host: str):
    return lab._backend_or_raise().network.machines[host].root


def test_tcp_dnat_port_forwarding_and_conntrack_states(lab: Lab) -> None:
    tcp_listen(ns(lab, "server"), "0.0.0.0", 80, lambda payload, *a: b"HTTP/1.1 200 OK\r\n\r\nhello")
    lab.host("R").run("iptables -t nat -A PREROUTING -i eth1 -p tcp --dport 8080 "
                      "-j DNAT --to-destination 192.168.1.10:80")
    res = tcp_request(ns(lab, "client"), "203.0.113.1", 8080, b"GET / HTTP/1.1\r\n\r\n")
    assert res.error is None and res.reply.endswith(b"hello")
    out = lab.host("R").run("conntrack -L -p tcp").stdout
    assert "dst=203.0.113.1 sport=" in out and "dport=8080 src=192.168.1.10 dst=203.0.113.20 sport=80" in out
    assert "[ASSURED]" in out
    assert lab.host("R").run("iptables -t nat -L PREROUTING -v -n").stdout.splitlines()[2].startswith("    1    60 DNAT")


def test_tcp_reset_is_refused_and_drop_times_out(lab: Lab) -> None:
    tcp_listen(ns(lab, "server"), "0.0.0.0", 80, lambda payload, *a: b"ok")
    lab.host("R").run("iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 192.168.1.10")
    lab.host("R").run("iptables -A FORWARD -p tcp --dport 80 -j REJECT --reject-with tcp-reset")
    assert tcp_request(ns(lab, "client"), "203.0.113.1", 80, b"x", timeout=2).error == "refused"
    lab.host("R").run("iptables -R FORWARD 1 -p tcp --dport 80 -j DROP")
    assert tcp_request(ns(lab, "client"), "203.0.113.1", 80, b"x", timeout=2).error == "timeout"
    lab.host("R").run("iptables -D FORWARD 1")
    assert tcp_request(ns(lab, "client"), "203.0.113.1", 80, b"x", timeout=2).reply == b"ok"


def test_udp_dnat_and_masquerade_both_ways(lab: Lab) -> None:
    seen = []

    def handler(payload, src, sport, dst):
        seen.append((str(src), str(dst)))
        return b"answer"
    udp_bind(ns(lab, "server"), "0.0.0.0", 53, handler)
    lab.host("R").run("iptables -t nat -A PREROUTING -p udp --dport 53 -j DNAT --to-destination 192.168.1.10; "
                      "iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE")
    res = udp_request(ns(lab, "client"), "203.0.113.1", 53, b"q")
    assert res.reply == b"answer"
    assert seen == [("192.168.1.1", "192.168.1.10")]     # the server saw the router (masqueraded)
