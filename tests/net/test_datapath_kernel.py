"""ping, traceroute, arp, route and netstat on the simulation against the real kernel (private unshare).

Uses the conformance harness of tests/conformance (each machine a process with its own netns, a
switch a bridge netns); transcripts are normalised for MACs, ifindexes and timings, then diffed.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_HARNESS = Path(__file__).resolve().parents[1] / "conformance" / "conformance_harness.py"


def _harness():
    name = "conformance_harness"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, _HARNESS)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


H = _harness()
Scenario = H.Scenario

LAN = dict(hosts=["A", "B"], switches=["SW1"], links=[("A", "SW1", "eth0"), ("B", "SW1", "eth0")])
LAN_SETUP = [("A", "ip addr add 192.168.1.10/24 dev eth0 && ip link set eth0 up"),
             ("B", "ip addr add 192.168.1.11/24 dev eth0 && ip link set eth0 up")]

PING_LAN = Scenario(name="dp_ping_lan", **LAN, steps=LAN_SETUP + [
    ("A", "arp -n"),
    ("A", "ping -c 2 192.168.1.11"),
    ("A", "arp -n"),
    ("B", "arp -n"),
    ("A", "arp -an"),
    ("A", "ping -c 2 -q 192.168.1.11"),
    ("A", "ping -c 2 -i 0.2 -s 100 192.168.1.11"),
    ("A", "ping -c 1 -I eth0 192.168.1.11"),
    ("A", "ping -c 1 -s 0 192.168.1.11"),
    ("A", "ping -w 2 192.168.1.11"),
    ("A", "ping -c 1 127.0.0.1"),
    ("A", "ping -c 1 192.168.1.10"),
    ("A", "ping -c 1 192.168.1.255"),
    ("A", "ping -c 3 192.168.1.98"),
    ("A", "ping -c 2 -W 1 192.168.1.99"),
    ("A", "arp -n | sort"),                       # the kernel lists in hash order
    ("A", "ip neigh | sort"),
    ("A", "ping -c 1 10.9.9.9"),
])

NEIGH_STATES = Scenario(name="dp_neigh_states", **LAN, steps=LAN_SETUP + [
    ("A", "ping -c 1 192.168.1.11 > /dev/null"),
    ("A", "ip neigh"),
    ("B", "ip neigh"),
    ("B", "sleep 6"),
    ("B", "ip neigh"),
    ("A", "ip neigh"),
])

PING_FIREWALL = Scenario(name="dp_ping_firewall", **LAN, steps=LAN_SETUP + [
    ("A", "iptables -A OUTPUT -d 192.168.1.11 -j DROP"),
    ("A", "ping -c 1 192.168.1.11"),
    ("A", "iptables -F OUTPUT && iptables -A OUTPUT -d 192.168.1.11 -j REJECT"),
    ("A", "ping -c 1 192.168.1.11"),
    ("A", "iptables -F OUTPUT"),
    ("B", "iptables -A INPUT -p icmp -j DROP"),
    ("A", "ping -c 1 -W 1 192.168.1.11"),
    ("B", "iptables -F INPUT"),
    ("B", "echo 1 > /proc/sys/net/ipv4/icmp_echo_ignore_all"),
    ("A", "ping -c 1 -W 1 192.168.1.11"),
])

PING_ERRORS = Scenario(name="dp_ping_errors", steps=[
    ("host", "ping"),
    ("host", "ping -c abc 127.0.0.1"),
    ("host", "ping -c 0 127.0.0.1"),
    ("host", "ping -t 300 127.0.0.1"),
    ("host", "ping -I nosuch 127.0.0.1"),
    ("host", "traceroute"),
    ("host", "traceroute -n 10.1.1.1"),
    ("host", "netstat -pInt"),
])

ROUTER = Scenario(
    name="dp_router", hosts=["A", "R", "C"], switches=["SW1", "SW2"],
    links=[("A", "SW1", "eth0"), ("R", "SW1", "eth0"), ("R", "SW2", "eth1"), ("C", "SW2", "eth0")],
    steps=[
        ("A", "ip addr add 192.168.1.10/24 dev eth0 && ip link set eth0 up"),
        ("R", "ip addr add 192.168.1.1/24 dev eth0 && ip link set eth0 up"),
        ("R", "ip addr add 192.168.2.1/24 dev eth1 && ip link set eth1 up"),
        ("C", "ip addr add 192.168.2.10/24 dev eth0 && ip link set eth0 up"),
        ("A", "ip route add default via 192.168.1.1"),
        ("C", "ip route add default via 192.168.2.1"),
        ("A", "route -n"),
        ("A", "netstat -rn"),
        ("A", "ping -c 1 -W 1 192.168.2.10"),
        ("R", "echo 1 > /proc/sys/net/ipv4/ip_forward"),
        ("A", "ping -c 2 192.168.2.10"),
        ("A", "ping -c 1 -t 1 192.168.2.10"),
        ("A", "ping -c 1 192.168.3.10"),
        ("A", "ping -c 1 192.168.2.99"),
        ("A", "traceroute -n 192.168.2.10"),
        ("A", "traceroute -n -q 1 192.168.3.10"),
        ("R", "arp -n | sort"),
        ("C", "route -n"),
    ])

ARP_CMD = Scenario(name="dp_arp_cmd", steps=[
    ("host", "ip link add v1 type veth peer name v2 && ip addr add 10.0.0.1/24 dev v1 && ip link set v1 up"),
    ("host", "arp -s 10.0.0.9 aa:bb:cc:dd:ee:ff"),
    ("host", "arp -n"),
    ("host", "arp -an"),
    ("host", "ip neigh"),
    ("host", "arp -v -n"),
    ("host", "arp -n 10.0.0.77"),
    ("host", "arp -i v9"),
    ("host", "arp -d 10.0.0.9"),
    ("host", "arp -d 10.0.0.9"),
    ("host", "arp -n"),
    ("host", "arp -s 10.5.0.9 aa:bb:cc:dd:ee:ff"),
    ("host", "arp -s 10.0.0.7 zz:bb"),
    ("host", "arp -x"),
])

ROUTE_CMD = Scenario(name="dp_route_cmd", steps=[
    ("host", "ip link add v1 type veth peer name v2 && ip addr add 10.0.0.1/24 dev v1 && ip link set v1 up"),
    ("host", "ip link set v2 up"),
    ("host", "route add default gw 10.0.0.254"),
    ("host", "route add default gw 10.0.0.254"),
    ("host", "route add default gw 10.9.0.1"),
    ("host", "route add -net 192.168.2.0 netmask 255.255.255.0 gw 10.0.0.2"),
    ("host", "route add -net 192.168.3.0/24 gw 10.0.0.3 metric 5"),
    ("host", "route add -host 10.1.1.1 dev v1"),
    ("host", "route add -net 192.168.4.0/24 dev v1"),
    ("host", "route -n"),
    ("host", "ip route"),
    ("host", "route del default"),
    ("host", "route del default"),
    ("host", "route del -net 192.168.2.0 netmask 255.255.255.0"),
    ("host", "route del -host 10.1.1.1"),
    ("host", "route add -net 192.168.5.0 gw 10.0.0.2"),
    ("host", "route add default gw nosuch"),
    ("host", "route add -net 192.168.6.0/24 dev v9"),
    ("host", "route -n"),
    ("host", "route foo"),
    ("host", "route add"),
])

REDIRECT = Scenario(
    name="dp_redirect", hosts=["A", "R1", "R2", "C"], switches=["SW1", "SW2"],
    links=[("A", "SW1", "eth0"), ("R1", "SW1", "eth0"), ("R2", "SW1", "eth0"), ("R2", "SW2", "eth1"),
           ("C", "SW2", "eth0")],
    steps=[
        ("A", "ip addr add 192.168.1.10/24 dev eth0 && ip link set eth0 up && ip route add default via 192.168.1.1"),
        ("R1", "ip addr add 192.168.1.1/24 dev eth0 && ip link set eth0 up"),
        ("R1", "ip route add 192.168.2.0/24 via 192.168.1.2 && echo 1 > /proc/sys/net/ipv4/ip_forward"),
        ("R2", "ip addr add 192.168.1.2/24 dev eth0 && ip link set eth0 up"),
        ("R2", "ip addr add 192.168.2.1/24 dev eth1 && ip link set eth1 up"),
        ("R2", "echo 1 > /proc/sys/net/ipv4/ip_forward"),
        ("C", "ip addr add 192.168.2.10/24 dev eth0 && ip link set eth0 up && ip route add default via 192.168.2.1"),
        ("A", "ping -c 3 192.168.2.10"),
        ("A", "traceroute -n 192.168.2.10"),
    ])

SCENARIOS = [PING_LAN, NEIGH_STATES, PING_FIREWALL, PING_ERRORS, ROUTER, REDIRECT, ARP_CMD, ROUTE_CMD]


@pytest.mark.real
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_tools_match_the_kernel(scenario):
    missing = H.kernel_missing()
    if missing:
        pytest.skip(f"real kernel conformance {missing}")
    real, sim, diff = H.compare(scenario, "sim")
    if diff:
        pytest.fail(f"simulation differs from the kernel in {scenario.name} (- kernel, + sim):\n{diff}",
                    pytrace=False)
