"""The datapath on small labs: ARP, switching, bridges, routing/forwarding, ICMP errors, sockets, loops."""
from __future__ import annotations

import re

import pytest

from course_lib import Lab
from course_lib.net import sockets
from course_lib.net.trace import Trace


def lan() -> tuple[Lab, object, object]:
    lab = Lab()
    a, b = lab.add_host("A"), lab.add_host("B")
    sw = lab.add_switch("SW1")
    lab.connect(a, sw)
    lab.connect(b, sw)
    a.run("ip addr add 192.168.1.10/24 dev eth0; ip link set eth0 up")
    b.run("ip addr add 192.168.1.11/24 dev eth0; ip link set eth0 up")
    return lab, a, b


def norm(text: str) -> str:
    text = re.sub(r"time=\d+\.\d+ ms", "time=T ms", text)
    text = re.sub(r"time \d+ms", "time Tms", text)
    text = re.sub(r"= [\d./]+ ms", "= T ms", text)
    return re.sub(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", "MAC", text)


def test_first_ping_arps_and_both_sides_learn():
    lab, a, b = lan()
    assert a.run("arp -n").stdout == ""
    r = a.run("ping -c 2 192.168.1.11")
    assert r.returncode == 0
    assert norm(r.stdout) == (
        "PING 192.168.1.11 (192.168.1.11) 56(84) bytes of data.\n"
        "64 bytes from 192.168.1.11: icmp_seq=1 ttl=64 time=T ms\n"
        "64 bytes from 192.168.1.11: icmp_seq=2 ttl=64 time=T ms\n\n"
        "--- 192.168.1.11 ping statistics ---\n"
        "2 packets transmitted, 2 received, 0% packet loss, time Tms\n"
        "rtt min/avg/max/mdev = T ms\n")
    first, second = re.findall(r"time=(\d+\.\d+) ms", r.stdout)
    assert float(first) > float(second)          # the first one waited for ARP
    assert norm(a.run("arp -n").stdout) == (
        "Address                  HWtype  HWaddress           Flags Mask            Iface\n"
        "192.168.1.11             ether   MAC   C                     eth0\n")
    assert "192.168.1.10" in b.run("arp -n").stdout          # the target learned the sender
    net = lab.network
    states = {str(n.ip): n.state for n in net.machines["B"].root.neighbours}
    assert states == {"192.168.1.10": "DELAY"}


def test_nobody_answers_arp():
    lab, a, b = lan()
    r = a.run("ping -c 2 -W 1 192.168.1.99")
    assert r.returncode == 1 and "100% packet loss" in r.stdout and "errors" not in r.stdout
    assert "(incomplete)" in a.run("arp -n").stdout
    r = a.run("ping -c 3 192.168.1.98")
    assert r.stdout.count("From 192.168.1.10 icmp_seq=") == 3
    assert "Destination Host Unreachable" in r.stdout
    assert "+3 errors" in r.stdout and r.stdout.endswith("pipe 3\n")
    assert [n.state for n in lab.network.machines["A"].root.neighbours if str(n.ip) == "192.168.1.98"] == ["FAILED"]


def router_lab() -> tuple[Lab, object, object, object]:
    lab = Lab()
    a, r, c = lab.add_host("A"), lab.add_host("R"), lab.add_host("C")
    s1, s2 = lab.add_switch("SW1"), lab.add_switch("SW2")
    lab.connect(a, s1)
    lab.connect(r, s1)
    lab.connect(r, s2)
    lab.connect(c, s2)
    a.run("ip addr add 192.168.1.10/24 dev eth0; ip link set eth0 up; ip route add default via 192.168.1.1")
    r.run("ip addr add 192.168.1.1/24 dev eth0; ip link set eth0 up")
    r.run("ip addr add 192.168.2.1/24 dev eth1; ip link set eth1 up")
    c.run("ip addr add 192.168.2.10/24 dev eth0; ip link set eth0 up; ip route add default via 192.168.2.1")
    return lab, a, r, c


def test_router_forwards_only_with_ip_forward():
    lab, a, r, c = router_lab()
    res = a.run("ping -c 1 -W 1 192.168.2.10")
    assert res.returncode == 1 and "0 received" in res.stdout and "From" not in res.stdout
    r.run("echo 1 > /proc/sys/net/ipv4/ip_forward")
    lab.network.machines["R"].root.sysctls["net.ipv4.ip_forward"] = "1"
    res = a.run("ping -c 1 192.168.2.10")
    assert res.returncode == 0 and "ttl=63" in res.stdout
    res = a.run("ping -c 1 -t 1 192.168.2.10")
    assert "From 192.168.1.1 icmp_seq=1 Time to live exceeded" in res.stdout
    res = a.run("ping -c 1 192.168.3.10")
    assert "From 192.168.1.1 icmp_seq=1 Destination Net Unreachable" in res.stdout
    res = a.run("traceroute -n 192.168.2.10")
    lines = res.stdout.splitlines()
    assert lines[0] == "traceroute to 192.168.2.10 (192.168.2.10), 30 hops max, 60 byte packets"
    assert lines[1].startswith(" 1  192.168.1.1  ") and lines[2].startswith(" 2  192.168.2.10  ")
    # R's ICMP rate limit is spent by now (6 errors, then one a second; ip_error takes two tokens for an
    # unroutable packet): the kernel prints ` 1  * * *` ... ` 6  * 192.168.1.1  x ms !N  x ms !N`
    out = a.run("traceroute -n 192.168.3.10").stdout
    assert out.count("!N") == 2 and " 1  * * *\n" in out


def test_route_and_netstat_formats():
    lab, a, r, c = router_lab()
    assert a.run("route -n").stdout == (
        "Kernel IP routing table\n"
        "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
        "0.0.0.0         192.168.1.1     0.0.0.0         UG    0      0        0 eth0\n"
        "192.168.1.0     0.0.0.0         255.255.255.0   U     0      0        0 eth0\n")
    assert a.run("netstat -rn").stdout.splitlines()[2] == \
        "0.0.0.0         192.168.1.1     0.0.0.0         UG        0 0          0 eth0"


def test_netns_veth_without_prefix_has_no_route():
    lab = Lab()
    lab.run("ip netns add red; ip netns add blue")
    lab.run("ip link add veth-red type veth peer name veth-blue")
    lab.run("ip link set veth-red netns red; ip link set veth-blue netns blue")
    lab.run("ip -n red addr add 192.168.15.1 dev veth-red; ip -n blue addr add 192.168.15.2 dev veth-blue")
    lab.run("ip -n red link set veth-red up; ip -n blue link set veth-blue up")
    r = lab.run("ip netns exec red ping -c 1 192.168.15.2")
    assert (r.stdout, r.stderr, r.returncode) == ("", "ping: connect: Network is unreachable\n", 2)
    lab.run("ip -n red addr add 192.168.15.1/24 dev veth-red; ip -n blue addr add 192.168.15.2/24 dev veth-blue")
    assert lab.run("ip netns exec red ping -c 1 192.168.15.2").returncode == 0


def test_bridge_learns_and_host_address_reaches_netns():
    lab = Lab()
    lab.run("""ip netns add red
ip netns add blue
ip link add v-net-0 type bridge
ip link set dev v-net-0 up
ip link add veth-red type veth peer name veth-red-br
ip link add veth-blue type veth peer name veth-blue-br
ip link set veth-red netns red
ip link set veth-red-br master v-net-0
ip link set veth-blue netns blue
ip link set veth-blue-br master v-net-0
ip -n red addr add 192.168.15.1/24 dev veth-red
ip -n blue addr add 192.168.15.2/24 dev veth-blue
ip -n red link set veth-red up
ip -n blue link set veth-blue up
ip link set veth-red-br up
ip link set veth-blue-br up""")
    tr = Trace()
    root = lab.network.machines["host"]
    red = root.netns["red"]
    assert lab.run("ip netns exec red ping -c 1 192.168.15.2").returncode == 0
    br = root.root.link_by_name("v-net-0")
    learned = {e.port.name for e in br.fdb.values() if not e.local and not e.static}
    assert learned == {"veth-red-br", "veth-blue-br"}
    assert lab.run("ping -c 1 192.168.15.1").returncode == 2          # no address on the host yet
    lab.run("ip addr add 192.168.15.5/24 dev v-net-0")
    assert lab.run("ping -c 1 192.168.15.1").returncode == 0
    sockets.udp_bind(lab.network.machines["host"].netns["blue"], "0.0.0.0", 53, lambda p, *_: b"pong")
    res = sockets.udp_request(red, "192.168.15.2", 53, b"ping", trace=tr)
    assert res.reply == b"pong" and res.error is None
    assert any(h.step == "bridge" for h in tr.hops)


def test_sockets_errors():
    lab, a, b = lan()
    A = lab.network.machines["A"].root
    B = lab.network.machines["B"].root
    assert sockets.udp_request(A, "192.168.1.11", 53, b"q").error == "refused"
    assert sockets.tcp_request(A, "192.168.1.11", 80, b"GET").error == "refused"
    sockets.tcp_listen(B, "0.0.0.0", 80, lambda p, *_: b"HTTP/1.1 200 OK", process_name="nginx")
    ok = sockets.tcp_request(A, "192.168.1.11", 80, b"GET /")
    assert ok.reply == b"HTTP/1.1 200 OK" and ok.error is None and ok.elapsed < 0.01
    assert sockets.tcp_request(A, "192.168.1.99", 80, b"GET").error == "unreachable"
    assert sockets.tcp_request(A, "10.9.9.9", 80, b"GET").error == "network-unreachable"
    with pytest.raises(sockets.SocketError):
        sockets.tcp_listen(B, "0.0.0.0", 80, lambda *_: None)
    assert "nginx" in b.run("netstat -nplt").stdout
    assert 'users:(("nginx",' in b.run("ss -lntp").stdout


def test_bridge_loop_and_routing_loop_terminate():
    lab = Lab()
    lab.run("""ip link add br1 type bridge
ip link add br2 type bridge
ip link add l1 type veth peer name l1p
ip link add l2 type veth peer name l2p
ip link set l1 master br1
ip link set l2 master br1
ip link set l1p master br2
ip link set l2p master br2
ip link set br1 up; ip link set br2 up; ip link set l1 up; ip link set l2 up; ip link set l1p up; ip link set l2p up
ip addr add 10.9.0.1/24 dev br1""")
    r = lab.run("ping -c 1 -W 1 10.9.0.2")
    assert r.returncode == 1
    lab2, a, r_, c = router_lab()
    net = lab2.network
    net.machines["R"].root.sysctls["net.ipv4.ip_forward"] = "1"
    net.machines["C"].root.sysctls["net.ipv4.ip_forward"] = "1"
    c.run("ip route del default; ip route add 10.0.0.0/8 via 192.168.2.1; ip route add 192.168.1.0/24 via 192.168.2.1")
    r_.run("ip route add 10.0.0.0/8 via 192.168.2.10")
    res = a.run("ping -c 1 10.1.1.1")
    assert "Time to live exceeded" in res.stdout


def test_deterministic_outputs():
    outs = []
    for _ in range(2):
        lab, a, b = lan()
        outs.append(a.run("ping -c 3 192.168.1.11; arp -n").stdout)
    assert outs[0] == outs[1]


def test_probe_explains_where_the_packet_stopped():
    from course_lib.net.probe import probe
    lab, a, r, c = router_lab()
    A = lab.network.machines["A"].root
    res = probe(A, "192.168.2.10")
    assert not res.reached and res.error == "timeout"
    assert any(h.step == "drop" and "ip_forward=0" in h.detail for h in res.trace.hops)
    lab.network.machines["R"].root.sysctls["net.ipv4.ip_forward"] = "1"
    assert probe(A, "192.168.2.10").reached
    res = probe(A, "192.168.3.1")
    assert res.error == "Destination Net Unreachable"
    res = probe(A, "192.168.2.10", proto="tcp", dport=80)
    assert res.error == "refused"
