"""lab.trace(): the command really runs, and its hops carry node, step and the real texts."""
from __future__ import annotations

import pytest

from course_lib import Lab
from course_lib.tracing import LabTrace


def two_hosts() -> Lab:
    lab = Lab()
    a = lab.add_host("A")
    lab.add_switch("SW1")
    lab.connect("host", "SW1")
    lab.connect(a, "SW1")
    lab.run("ip addr add 10.0.0.1/24 dev eth0; ip link set eth0 up")
    a.run("ip addr add 10.0.0.2/24 dev eth0; ip link set eth0 up")
    return lab


def routed() -> Lab:
    """host -- R -- B, R with ip_forward=0 until told otherwise."""
    lab = Lab()
    r, b = lab.add_host("R"), lab.add_host("B")
    lab.add_switch("S1")
    lab.add_switch("S2")
    lab.connect("host", "S1")
    lab.connect(r, "S1")
    lab.connect(r, "S2", ifname="eth1")
    lab.connect(b, "S2")
    lab.run("ip addr add 10.0.1.10/24 dev eth0; ip link set eth0 up; ip route add default via 10.0.1.1")
    r.run("ip addr add 10.0.1.1/24 dev eth0; ip link set eth0 up; ip addr add 10.0.2.1/24 dev eth1; ip link set eth1 up")
    b.run("ip addr add 10.0.2.20/24 dev eth0; ip link set eth0 up; ip route add default via 10.0.2.1")
    return lab


def details(t: LabTrace, step: str) -> list[str]:
    return [h.detail for h in t.hops if h.step == step]


def test_ping_runs_for_real_and_records_route_arp_switch_deliver():
    t = two_hosts().trace("ping -c 1 10.0.0.2")
    assert t.result.returncode == 0 and "1 received" in t.result.stdout
    assert all(h.node and h.step and h.detail for h in t.hops)
    assert t.hops[0].node == "host" and t.hops[0].step == "route"
    assert t.hops[0].detail == "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1"   # as `ip route` prints it
    assert any("10.0.0.2 is at" in d for d in details(t, "arp"))                            # the ARP answer
    assert "SW1" in {h.node for h in t.hops if h.step == "switch"}
    assert details(t, "deliver")[-1] == "echo reply from 10.0.0.2 icmp_seq=1"


def test_network_is_unreachable_is_a_drop_in_the_kernels_words():
    t = two_hosts().trace("ping -c 1 10.9.0.2")
    assert t.result.stderr == "ping: connect: Network is unreachable\n" and t.result.returncode == 2
    assert [(h.node, h.step) for h in t.hops] == [("host", "drop")]
    assert "Network is unreachable" in t.hops[0].detail


def test_ip_forward_0_drops_then_forwarding_delivers():
    lab = routed()
    t = lab.trace("ping -c 1 -W 1 10.0.2.20")
    assert t.result.returncode == 1
    assert any(h.node == "R" and "net.ipv4.ip_forward=0" in h.detail for h in t.drops)
    lab.host("R").run("sysctl -w net.ipv4.ip_forward=1")
    t = lab.trace("ping -c 1 10.0.2.20")
    assert t.result.returncode == 0
    assert any(h.node == "R" and h.step == "forward" for h in t.hops)
    assert any(h.node == "B" and h.step == "reply" for h in t.hops)


def test_iptables_rule_as_iptables_S_prints_it_and_policy_drop():
    lab = two_hosts()
    lab.host("A").run("iptables -A INPUT -p icmp -j DROP")
    t = lab.trace("ping -c 1 -W 1 10.0.0.2")
    assert "filter INPUT: -A INPUT -p icmp -j DROP -> DROP" in details(t, "netfilter")
    lab.host("A").run("iptables -F INPUT; iptables -P INPUT DROP")
    t = lab.trace("ping -c 1 -W 1 10.0.0.2")
    assert any("-P INPUT DROP" in d for d in details(t, "drop"))


def test_nat_rewrite_from_to_and_conntrack():
    lab = two_hosts()
    lab.run("iptables -t nat -A OUTPUT -d 10.0.0.99 -j DNAT --to-destination 10.0.0.2")
    t = lab.trace("ping -c 1 10.0.0.99")
    assert t.result.returncode == 0
    assert "DNAT dst 10.0.0.99 -> 10.0.0.2" in details(t, "nat")
    assert any(d.startswith("NEW icmp 10.0.0.1 -> 10.0.0.99") for d in details(t, "conntrack"))


def test_curl_without_listener_says_no_listener():
    t = two_hosts().trace("curl -s http://10.0.0.2/")
    assert t.result.returncode == 7
    assert any(h.node == "A" and "no listener" in h.detail for h in t.drops)


def test_dns_hops_for_nslookup_dig_and_hosts_file():
    lab = two_hosts()
    t = lab.trace("nslookup www.example.com")
    assert t.result.returncode == 0
    assert any(d.startswith("query www.example.com. A -> 127.0.0.53#53: NOERROR: A ") for d in details(t, "dns"))
    t = lab.trace("dig +short www.example.com")
    assert any("www.example.com. A" in d for d in details(t, "dns"))
    lab.run("echo 10.0.0.2 web >> /etc/hosts")
    t = lab.trace("ping -c 1 web")
    assert details(t, "dns")[0] == "/etc/hosts: web -> 10.0.0.2" and t.result.returncode == 0


def test_traceroute_and_netns_exec():
    lab = routed()
    lab.host("R").run("sysctl -w net.ipv4.ip_forward=1")
    t = lab.trace("traceroute -n 10.0.2.20")
    assert t.result.returncode == 0 and any(h.node == "B" for h in t.hops)
    lab.run("ip netns add red; ip netns exec red ip link set lo up")
    t = lab.trace("ip netns exec red ping -c 1 127.0.0.1")
    assert {h.node for h in t.hops} == {"host/red"}
    t = lab.trace("ip netns exec red ping -c 1 10.0.2.20")
    assert t.hops == [] or t.hops[0].node == "host/red"
    assert "Network is unreachable" in t.hops[0].detail


def test_text_and_notebook_display():
    t = two_hosts().trace("ping -c 1 10.0.0.2", host="host")
    text = str(t)
    assert text.startswith("host$ ping -c 1 10.0.0.2\nPING 10.0.0.2")
    assert "  1. host                 route      10.0.0.0/24 dev eth0" in text
    bundle = t._repr_mimebundle_()
    assert bundle["text/plain"] == text
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_other_hosts_and_bad_input():
    lab = two_hosts()
    t = lab.trace("ping -c 1 10.0.0.1", host="A")
    assert t.hops[0].node == "A" and t.result.returncode == 0
    with pytest.raises(ValueError):
        lab.trace("ping -c 1 10.0.0.1", host="nope")
    with pytest.raises(ValueError):
        lab.trace(["ping"])  # type: ignore[arg-type]
