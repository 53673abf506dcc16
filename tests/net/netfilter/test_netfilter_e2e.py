"""End to end through the datapath: MASQUERADE, DNAT port forwarding, FORWARD DROP, REJECT vs DROP by ping."""
from __future__ import annotations

import pytest

from course_lib import Lab


def run(lab: Lab, host: str, cmd: str):
    return lab.host(host).run(cmd)


@pytest.fixture
def routed() -> Lab:
    """A (192.168.1.10) -- LAN -- R (192.168.1.1 | 203.0.113.1) -- WAN -- B (203.0.113.20); B has no route back."""
    lab = Lab()
    a, r, b = lab.add_host("A"), lab.add_host("R"), lab.add_host("B")
    lan, wan = lab.add_switch("LAN"), lab.add_switch("WAN")
    lab.connect(a, lan, ifname="eth0")
    lab.connect(r, lan, ifname="eth0")
    lab.connect(r, wan, ifname="eth1")
    lab.connect(b, wan, ifname="eth0")
    assert run(lab, "A", "ip addr add 192.168.1.10/24 dev eth0; ip link set eth0 up; "
                         "ip route add default via 192.168.1.1").returncode == 0
    assert run(lab, "R", "ip addr add 192.168.1.1/24 dev eth0; ip link set eth0 up; "
                         "ip addr add 203.0.113.1/24 dev eth1; ip link set eth1 up; "
                         "echo 1 > /proc/sys/net/ipv4/ip_forward").returncode == 0
    assert run(lab, "B", "ip addr add 203.0.113.20/24 dev eth0; ip link set eth0 up").returncode == 0
    return lab


def test_masquerade_to_an_outside_machine(routed: Lab) -> None:
    assert run(routed, "A", "ping -c 1 -W 1 203.0.113.20").returncode == 1      # B cannot answer 192.168.1.10
    run(routed, "R", "iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o eth1 -j MASQUERADE")
    r = run(routed, "A", "ping -c 2 203.0.113.20")
    assert r.returncode == 0 and "2 received" in r.stdout
    listing = run(routed, "R", "iptables -t nat -L POSTROUTING -n -v").stdout
    # only the first packet of the flow crosses the nat table
    assert "    1    84 MASQUERADE  0    --  *      eth1    192.168.1.0/24       0.0.0.0/0" in listing


def test_forward_drop_policy_and_stateful_accept(routed: Lab) -> None:
    run(routed, "R", "iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE; iptables -P FORWARD DROP")
    assert run(routed, "A", "ping -c 1 -W 1 203.0.113.20").returncode == 1
    assert "Chain FORWARD (policy DROP 1 packets, 84 bytes)" in run(routed, "R", "iptables -L FORWARD -v -n").stdout
    run(routed, "R", "iptables -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT; "
                     "iptables -A FORWARD -i eth0 -o eth1 -j ACCEPT")
    assert run(routed, "A", "ping -c 1 203.0.113.20").returncode == 0
    out = run(routed, "R", "iptables -L FORWARD -v -n").stdout.splitlines()
    assert out[2].startswith("    1    84 ACCEPT") and "ctstate RELATED,ESTABLISHED" in out[2]
    assert out[3].startswith("    1    84 ACCEPT") and "eth0   eth1" in out[3]
    # B cannot start a connection to A (no rule for eth1 -> eth0 NEW)
    run(routed, "B", "ip route add 192.168.1.0/24 via 203.0.113.1")
    assert run(routed, "B", "ping -c 1 -W 1 192.168.1.10").returncode == 1


def test_reject_versus_drop_seen_by_ping(routed: Lab) -> None:
    run(routed, "R", "iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE")
    run(routed, "B", "iptables -A INPUT -p icmp -j REJECT")
    r = run(routed, "A", "ping -c 1 203.0.113.20")
    # the ICMP error is related to the masqueraded flow, and un-NATed back to A
    assert "From 203.0.113.20 icmp_seq=1 Destination Port Unreachable" in r.stdout
    assert r.returncode == 1
    run(routed, "B", "iptables -R INPUT 1 -p icmp -j REJECT --reject-with icmp-host-prohibited")
    r = run(routed, "A", "ping -c 1 203.0.113.20")
    assert "Packet Filtered" in r.stdout or "Host Prohibited" in r.stdout
    run(routed, "B", "iptables -R INPUT 1 -p icmp -j DROP")
    r = run(routed, "A", "ping -c 1 -W 1 203.0.113.20")
    assert "From" not in r.stdout and "1 packets transmitted, 0 received, 100% packet loss" in r.stdout


def test_dnat_port_forwarding_to_a_netns(routed: Lab) -> None:
    """B pings R's outside address; R forwards it (DNAT) to A; A's reply is un-DNATed."""
    run(routed, "B", "ip route add default via 203.0.113.1")
    run(routed, "R", "iptables -t nat -A PREROUTING -d 203.0.113.1 -p icmp -j DNAT --to-destination 192.168.1.10")
    run(routed, "A", "iptables -A INPUT -p icmp -s 203.0.113.20")
    r = run(routed, "B", "ping -c 1 203.0.113.1")
    assert r.returncode == 0 and "64 bytes from 203.0.113.1" in r.stdout
    counted = run(routed, "A", "iptables -L INPUT -n -v").stdout.splitlines()[2]
    assert counted.startswith("    1    84")
    nat = run(routed, "R", "iptables -t nat -L PREROUTING -n -v").stdout
    assert "to:192.168.1.10" in nat and "    1    84 DNAT" in nat
