"""The datapath with netfilter: MASQUERADE and DNAT on real request/reply packets, br_netfilter, traces."""
from __future__ import annotations

from course_lib import Lab
from course_lib.net import sockets
from course_lib.net.trace import Trace

SETUP = """ip addr add 192.168.1.2/24 dev eth0
ip link set eth0 up
ip netns add blue
ip link add v-net-0 type bridge
ip link set v-net-0 up
ip addr add 10.0.0.1/24 dev v-net-0
ip link add veth-blue type veth peer name veth-blue-br
ip link set veth-blue netns blue
ip link set veth-blue-br master v-net-0
ip link set veth-blue-br up
ip -n blue addr add 10.0.0.2/24 dev veth-blue
ip -n blue link set veth-blue up
ip -n blue route add default via 10.0.0.1
echo 1 > /proc/sys/net/ipv4/ip_forward"""


def nat_lab():
    lab = Lab()
    outside = lab.add_host("outside")
    sw = lab.add_switch("LAN")
    lab.connect(lab.host("host"), sw)
    lab.connect(outside, sw)
    assert lab.run(SETUP).returncode == 0
    outside.run("ip addr add 192.168.1.3/24 dev eth0; ip link set eth0 up")
    net = lab.network
    return lab, net.machines["host"].netns["blue"], net.machines["outside"].root


def test_masquerade_makes_the_reply_come_back():
    lab, blue, outside = nat_lab()
    seen = []
    sockets.tcp_listen(outside, "0.0.0.0", 80, lambda p, src, sp, dst: (seen.append(str(src)), b"hi")[1])
    r = sockets.tcp_request(blue, "192.168.1.3", 80, b"GET /", timeout=1.0)
    assert r.error == "timeout" and seen == []     # the SYN arrives, the SYN-ACK has no route back
    lab.run("iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -j MASQUERADE")
    r = sockets.tcp_request(blue, "192.168.1.3", 80, b"GET /")
    assert r.reply == b"hi" and r.error is None and seen[-1] == "192.168.1.2"
    assert "TIME_WAIT" in lab.run("conntrack -L").stdout
    ping = lab.run("ip netns exec blue ping -c 1 192.168.1.3")
    assert ping.returncode == 0 and "ttl=63" in ping.stdout


def test_dnat_port_forwarding_and_trace():
    lab, blue, outside = nat_lab()
    sockets.tcp_listen(blue, "0.0.0.0", 80, lambda p, src, sp, dst: b"web:" + str(src).encode(), process_name="nginx")
    assert sockets.tcp_request(outside, "192.168.1.2", 8080, b"GET /").error == "refused"
    lab.run("iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80")
    tr = Trace()
    r = sockets.tcp_request(outside, "192.168.1.2", 8080, b"GET /", trace=tr)
    assert r.reply == b"web:192.168.1.3" and r.server is not None and str(r.server) == "192.168.1.2"
    steps = [(h.node, h.step) for h in tr.hops]
    assert ("host", "forward") in steps and ("host/blue", "deliver") in steps
    text = str(tr)
    assert "10.0.0.0/24 dev v-net-0 proto kernel scope link src 10.0.0.1" in text
    assert "v-net-0: fdb" in text


def test_br_netfilter_sends_bridged_frames_through_forward():
    lab = Lab()
    lab.run("""ip netns add red
ip netns add blue
ip link add br0 type bridge
ip link set br0 up
ip link add veth-red type veth peer name veth-red-br
ip link add veth-blue type veth peer name veth-blue-br
ip link set veth-red netns red
ip link set veth-blue netns blue
ip link set veth-red-br master br0
ip link set veth-blue-br master br0
ip link set veth-red-br up
ip link set veth-blue-br up
ip -n red addr add 10.1.0.1/24 dev veth-red
ip -n blue addr add 10.1.0.2/24 dev veth-blue
ip -n red link set veth-red up
ip -n blue link set veth-blue up""")
    assert lab.run("ip netns exec red ping -c 1 10.1.0.2").returncode == 0
    lab.run("iptables -P FORWARD DROP")
    assert lab.run("ip netns exec red ping -c 1 -W 1 10.1.0.2").returncode == 1      # bridged, yet FORWARD
    lab.network.machines["host"].root.sysctls["net.bridge.bridge-nf-call-iptables"] = "0"
    assert lab.run("ip netns exec red ping -c 1 10.1.0.2").returncode == 0


def test_echo_ignore_all_and_input_reject():
    lab, blue, outside = nat_lab()
    lab.run("echo 1 > /proc/sys/net/ipv4/icmp_echo_ignore_all")
    lab.network.machines["host"].root.sysctls["net.ipv4.icmp_echo_ignore_all"] = "1"
    assert "0 received" in lab.host("outside").run("ping -c 1 -W 1 192.168.1.2").stdout
    lab.network.machines["host"].root.sysctls["net.ipv4.icmp_echo_ignore_all"] = "0"
    lab.run("iptables -A INPUT -p udp --dport 53 -j REJECT")
    r = sockets.udp_request(outside, "192.168.1.2", 53, b"q")
    assert r.error == "refused"
    lab.run("iptables -I INPUT -p udp --dport 54 -j DROP")
    assert sockets.udp_request(outside, "192.168.1.2", 54, b"q", timeout=2.0).error == "timeout"


def test_service_dnat_to_a_pod_on_the_same_bridge_needs_br_netfilter():
    lab = Lab()
    assert lab.run("""ip link add cni0 type bridge
ip link set cni0 up
ip addr add 10.244.0.1/24 dev cni0
ip netns add a
ip netns add b
ip link add veth-a type veth peer name eth0 netns a
ip link add veth-b type veth peer name eth0 netns b
ip link set veth-a master cni0
ip link set veth-b master cni0
ip link set veth-a up
ip link set veth-b up
ip -n a addr add 10.244.0.2/24 dev eth0
ip -n b addr add 10.244.0.3/24 dev eth0
ip -n a link set eth0 up
ip -n b link set eth0 up
ip -n a route add default via 10.244.0.1
ip -n b route add default via 10.244.0.1
echo 1 > /proc/sys/net/ipv4/ip_forward
iptables -t nat -A PREROUTING -d 10.96.0.10/32 -p tcp --dport 80 -j DNAT --to-destination 10.244.0.3:8080
""").returncode == 0
    host = lab.network.machines["host"]
    sockets.tcp_listen(host.netns["b"], "0.0.0.0", 8080, lambda p, src, sp, dst: b"hello " + str(src).encode())
    r = sockets.tcp_request(host.netns["a"], "10.96.0.10", 80, b"GET /")
    assert r.reply == b"hello 10.244.0.2" and str(r.server) == "10.96.0.10"
    # without br_netfilter the reply is bridged straight back, never un-DNATed: the client ignores it
    host.root.sysctls["net.bridge.bridge-nf-call-iptables"] = "0"
    assert sockets.tcp_request(host.netns["a"], "10.96.0.10", 80, b"GET /", timeout=2.0).error == "timeout"
