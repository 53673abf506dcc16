"""Multi-machine netfilter scenarios on the real kernel and on the simulation, through the conformance harness.

Stateful FORWARD filtering behind MASQUERADE, REJECT variants as ping reports them, DNAT with a
REJECT in FORWARD (the ICMP error is related and un-NATed), and br_netfilter on a bridge.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.real

_HARNESS = Path(__file__).resolve().parents[2] / "conformance" / "conformance_harness.py"


def _harness():
    spec = importlib.util.spec_from_file_location("nf_conformance_harness", _HARNESS)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module          # dataclasses look their module up
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


H = _harness() if _HARNESS.exists() else None

ROUTER = [
    ("A", "ip addr add 192.168.1.10/24 dev eth0; ip link set eth0 up; ip route add default via 192.168.1.1"),
    ("R", "ip addr add 192.168.1.1/24 dev eth0; ip link set eth0 up; ip addr add 203.0.113.1/24 dev eth1; "
          "ip link set eth1 up; echo 1 > /proc/sys/net/ipv4/ip_forward"),
    ("B", "ip addr add 203.0.113.20/24 dev eth0; ip link set eth0 up"),
]
TOPOLOGY = dict(hosts=["A", "R", "B"], switches=["LAN", "WAN"],
                links=[("A", "LAN", "eth0"), ("R", "LAN", "eth0"), ("R", "WAN", "eth1"), ("B", "WAN", "eth0")])

SCENARIOS = {
    "stateful-masquerade": ROUTER + [
        ("A", "ping -c 1 -W 1 203.0.113.20"),
        ("R", "iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o eth1 -j MASQUERADE"),
        ("A", "ping -c 2 203.0.113.20"),
        ("R", "iptables -P FORWARD DROP"),
        ("A", "ping -c 1 -W 1 203.0.113.20"),
        ("R", "iptables -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"),
        ("R", "iptables -A FORWARD -i eth0 -o eth1 -j ACCEPT"),
        ("A", "ping -c 3 203.0.113.20"),
        ("R", "iptables -L FORWARD -v -n --line-numbers"),
        ("R", "iptables -t nat -L POSTROUTING -v -n"),
        ("R", "iptables-save -c"),
        ("R", "conntrack -C"),
        ("B", "ip route add 192.168.1.0/24 via 203.0.113.1"),
        ("B", "ping -c 1 -W 1 192.168.1.10"),
        ("R", "iptables -L FORWARD -v -n"),
    ],
    "reject-variants": ROUTER + [
        ("R", "iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE"),
        ("B", "iptables -A INPUT -p icmp -j REJECT"),
        ("A", "ping -c 1 203.0.113.20"),
        ("B", "iptables -R INPUT 1 -p icmp -j REJECT --reject-with icmp-host-prohibited"),
        ("A", "ping -c 1 203.0.113.20"),
        ("B", "iptables -R INPUT 1 -p icmp -j REJECT --reject-with icmp-net-unreachable"),
        ("A", "ping -c 1 203.0.113.20"),
        ("B", "iptables -R INPUT 1 -p icmp -j REJECT --reject-with icmp-admin-prohibited"),
        ("A", "ping -c 1 203.0.113.20"),
        ("B", "iptables -R INPUT 1 -p icmp -j DROP"),
        ("A", "ping -c 1 -W 1 203.0.113.20"),
        ("B", "iptables -L INPUT -v -n"),
    ],
    "dnat-and-forward-reject": ROUTER[:2] + [
        ("B", "ip addr add 203.0.113.20/24 dev eth0; ip link set eth0 up; ip route add default via 203.0.113.1"),
        ("R", "iptables -t nat -A PREROUTING -d 203.0.113.1 -p icmp -j DNAT --to-destination 192.168.1.10"),
        ("B", "ping -c 1 203.0.113.1"),
        ("A", "ip neigh"),
        ("R", "iptables -A FORWARD -d 192.168.1.10 -j REJECT --reject-with icmp-host-prohibited"),
        ("R", "iptables -A OUTPUT -m conntrack --ctstate INVALID -j DROP"),
        ("B", "ping -c 1 -W 1 203.0.113.1"),
        ("R", "iptables -L -v -n"),
        ("R", "iptables -t nat -L -v -n"),
    ],
    "br-netfilter": [
        ("host", "\n".join([
            "ip netns add red", "ip netns add blue", "ip link add br0 type bridge", "ip link set br0 up",
            "ip link add veth-red type veth peer name veth-red-br",
            "ip link add veth-blue type veth peer name veth-blue-br",
            "ip link set veth-red netns red", "ip link set veth-blue netns blue",
            "ip link set veth-red-br master br0", "ip link set veth-blue-br master br0",
            "ip link set veth-red-br up", "ip link set veth-blue-br up",
            "ip -n red addr add 10.1.1.1/24 dev veth-red", "ip -n red link set veth-red up",
            "ip -n blue addr add 10.1.1.2/24 dev veth-blue", "ip -n blue link set veth-blue up"])),
        ("host", "ip netns exec red ping -c 1 10.1.1.2"),
        ("host", "iptables -P FORWARD DROP"),
        ("host", "ip netns exec red ping -c 1 -W 1 10.1.1.2"),
        ("host", "iptables -A FORWARD -i br0 -o br0 -j ACCEPT"),
        ("host", "ip netns exec red ping -c 1 10.1.1.2"),
        ("host", "iptables -L FORWARD -v -n"),
        ("host", "sysctl net.bridge.bridge-nf-call-iptables"),
    ],
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_netfilter_scenario_matches_kernel(name: str) -> None:
    if H is None:
        pytest.skip("the conformance harness is not there")
    reason = H.kernel_missing()
    if reason:
        pytest.skip(reason)
    topo = TOPOLOGY if name != "br-netfilter" else {}
    scenario = H.Scenario(name=name, steps=SCENARIOS[name], **topo)
    _, _, diff = H.compare(scenario, "sim")
    if diff:
        pytest.fail(f"simulation differs from the kernel in {name} (- kernel, + sim):\n{diff}", pytrace=False)
