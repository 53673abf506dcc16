"""Binding any 127/8 address (lo's `local 127.0.0.0/8` route) and DNAT on OUTPUT to a loopback port, as Linux."""
from __future__ import annotations

import pytest

from course_lib import Lab
from course_lib.net import sockets


@pytest.fixture
def red():
    lab = Lab()
    lab.run("ip netns add red")
    lab.run("ip netns exec red ip link set lo up")
    return lab, lab.network.machines["host"].netns["red"]


def test_bind_follows_the_local_table(red):
    lab, ns = red
    sockets.udp_bind(ns, "127.0.0.11", 5300, lambda p, *_: b"x")          # local 127.0.0.0/8 dev lo
    sockets.udp_bind(ns, "127.255.255.255", 5300, lambda p, *_: b"x")     # broadcast route: allowed too
    with pytest.raises(sockets.SocketError, match="Cannot assign requested address"):
        sockets.udp_bind(ns, "10.0.0.1", 5300, lambda p, *_: b"x")
    lab.run("ip netns exec red sysctl -qw net.ipv4.ip_nonlocal_bind=1")
    sockets.udp_bind(ns, "10.0.0.1", 5300, lambda p, *_: b"x")


def test_output_dnat_to_a_loopback_port_answers_from_port_53(red):
    lab, ns = red
    sockets.udp_bind(ns, "127.0.0.11", 40000, lambda p, *_: b"pong")
    sockets.tcp_listen(ns, "127.0.0.11", 40001, lambda p, *_: b"tpong")
    for proto, port in (("udp", 40000), ("tcp", 40001)):
        r = lab.run(f"ip netns exec red iptables -t nat -A OUTPUT -d 127.0.0.11 -p {proto} --dport 53 "
                    f"-j DNAT --to-destination 127.0.0.11:{port}")
        assert r.returncode == 0, r.stderr
    res = sockets.udp_request(ns, "127.0.0.11", 53, b"ping", timeout=1)
    assert (res.reply, res.error) == (b"pong", None)
    res = sockets.tcp_request(ns, "127.0.0.11", 53, b"ping", timeout=1)
    assert (res.reply, res.error) == (b"tpong", None)
    # one flow per exchange (the skb keeps its conntrack over lo), un-DNATed in the reply tuple
    flows = lab.run("ip netns exec red conntrack -L -p udp").stdout.splitlines()
    assert len(flows) == 1 and "dport=53 src=127.0.0.11 dst=127.0.0.1 sport=40000" in flows[0]
