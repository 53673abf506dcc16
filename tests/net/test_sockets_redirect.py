"""Sockets ignore ICMP redirects (Linux only updates its route cache): UDP and TCP answers still arrive."""
from __future__ import annotations

from course_lib import Lab
from course_lib.net import sockets
from course_lib.net.trace import Trace


def redirect_lab() -> Lab:
    lab = Lab()
    for h in ("A", "R1", "R2", "C"):
        lab.add_host(h)
    lab.add_switch("SW1")
    lab.add_switch("SW2")
    for h, sw, dev in (("A", "SW1", "eth0"), ("R1", "SW1", "eth0"), ("R2", "SW1", "eth0"),
                       ("R2", "SW2", "eth1"), ("C", "SW2", "eth0")):
        lab.connect(h, sw, dev)
    lab.host("A").run("ip addr add 192.168.1.10/24 dev eth0 && ip link set eth0 up && "
                      "ip route add default via 192.168.1.1")
    lab.host("R1").run("ip addr add 192.168.1.1/24 dev eth0 && ip link set eth0 up && "
                       "ip route add 192.168.2.0/24 via 192.168.1.2 && sysctl -qw net.ipv4.ip_forward=1")
    lab.host("R2").run("ip addr add 192.168.1.2/24 dev eth0 && ip link set eth0 up && "
                       "ip addr add 192.168.2.1/24 dev eth1 && ip link set eth1 up && "
                       "sysctl -qw net.ipv4.ip_forward=1")
    lab.host("C").run("ip addr add 192.168.2.10/24 dev eth0 && ip link set eth0 up && "
                      "ip route add default via 192.168.2.1")
    return lab


def test_udp_and_tcp_answers_arrive_despite_a_redirect():
    lab = redirect_lab()
    A, C = lab.network.machines["A"].root, lab.network.machines["C"].root
    sockets.udp_bind(C, "0.0.0.0", 53, lambda p, *_: b"pong")
    sockets.tcp_listen(C, "0.0.0.0", 80, lambda p, *_: b"HTTP/1.1 200 OK", process_name="nginx")
    tr = Trace()
    res = sockets.udp_request(A, "192.168.2.10", 53, b"ping", trace=tr)
    assert (res.reply, res.error) == (b"pong", None)
    assert any("ICMP redirect" in str(h) for h in tr.hops)       # R1 sent one; the socket did not care
    res = sockets.tcp_request(A, "192.168.2.10", 80, b"GET /")
    assert (res.reply, res.error) == (b"HTTP/1.1 200 OK", None)
