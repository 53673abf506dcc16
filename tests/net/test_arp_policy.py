"""arp_policy: arp_ignore's modes and the conf.all/device maximum, arp_filter's route back and its counter, and the
sender address arp_announce gives a request (the kernel's answers: conformance scripts arp_ignore, arp_filter and
arp_announce)."""
from __future__ import annotations

import ipaddress

from course_lib import Lab
from course_lib.net import arp, arp_policy, snmp

IP = ipaddress.IPv4Address
SETUP = """ip netns add m
ip netns add c
ip -n m link add m0 type veth peer name vc netns c
ip -n m link add m1 type veth peer name m2
ip -n m addr add 10.0.0.1/24 dev m0
ip -n m addr add 10.0.5.1/24 dev m0
ip -n m addr add 10.0.0.2/24 dev m0
ip -n m addr add 10.0.1.1/24 dev m1
ip -n m addr add 10.0.8.1/32 dev m1 scope host
ip -n m addr add 10.0.9.1/32 dev lo
ip -n m link set m0 up
ip -n m link set m1 up
ip -n m link set lo up
"""


def _lab() -> tuple[Lab, object, object]:
    lab = Lab()
    r = lab.run(SETUP)
    assert r.returncode == 0, r.stderr
    netns = lab.network.machines["host"].netns["m"]
    m0 = next(link for link in netns.links.values() if link.name == "m0")
    return lab, netns, m0


def _answered(netns, m0, sip: str) -> list[str]:      # type: ignore[no-untyped-def]
    targets = ["10.0.0.1", "10.0.5.1", "10.0.1.1", "10.0.8.1", "10.0.9.1"]
    return [t for t in targets if not arp_policy.ignores(netns, m0, IP(sip), IP(t))]


def test_arp_ignore_modes_and_the_larger_of_all_and_the_device() -> None:
    lab, netns, m0 = _lab()
    assert _answered(netns, m0, "10.0.0.9") == ["10.0.0.1", "10.0.5.1", "10.0.1.1", "10.0.8.1", "10.0.9.1"]
    lab.run("ip netns exec m sysctl -qw net.ipv4.conf.m0.arp_ignore=1")
    assert _answered(netns, m0, "10.0.0.9") == ["10.0.0.1", "10.0.5.1"]
    lab.run("ip netns exec m sysctl -qw net.ipv4.conf.m0.arp_ignore=2")
    assert _answered(netns, m0, "10.0.0.9") == ["10.0.0.1"]          # 10.0.5.1: the sender is in no subnet with it
    assert _answered(netns, m0, "10.0.5.9") == ["10.0.5.1"]
    assert _answered(netns, m0, "0.0.0.0") == ["10.0.0.1", "10.0.5.1"]   # a DAD probe: no sender to match
    lab.run("ip netns exec m sysctl -qw net.ipv4.conf.m0.arp_ignore=3")
    assert _answered(netns, m0, "10.0.0.9") == ["10.0.0.1", "10.0.5.1", "10.0.1.1", "10.0.9.1"]   # not host scope
    lab.run("ip netns exec m sysctl -qw net.ipv4.conf.m0.arp_ignore=8")
    assert _answered(netns, m0, "10.0.0.9") == []
    lab.run("ip netns exec m sysctl -qw net.ipv4.conf.m0.arp_ignore=0 net.ipv4.conf.all.arp_ignore=1")
    assert _answered(netns, m0, "10.0.0.9") == ["10.0.0.1", "10.0.5.1"]
    lab.run("ip netns exec m sysctl -qw net.ipv4.conf.m0.arp_ignore=3 net.ipv4.conf.all.arp_ignore=2")
    assert _answered(netns, m0, "10.0.0.9") == ["10.0.0.1", "10.0.5.1", "10.0.1.1", "10.0.9.1"]
    lab.run("ip netns exec m sysctl -qw net.ipv4.conf.m0.arp_ignore=5 net.ipv4.conf.all.arp_ignore=4")
    assert len(_answered(netns, m0, "10.0.0.9")) == 5                 # 4-7: reserved, answered as 0


def test_arp_ignore_on_the_wire_nobody_answers_for_the_vip_on_lo() -> None:
    lab, netns, m0 = _lab()
    lab.run("ip -n c addr add 10.0.0.9/24 dev vc\nip -n c link set vc up\nip -n c route add 10.0.9.0/24 dev vc")
    assert lab.run("ip netns exec c ping -c 1 -W 1 10.0.9.1").returncode == 0
    lab.run("ip netns exec m sysctl -qw net.ipv4.conf.all.arp_ignore=1\nip -n c neigh flush all")
    assert lab.run("ip netns exec c ping -c 1 -W 1 10.0.9.1").returncode == 1
    assert lab.run("ip -n c neigh show 10.0.9.1").stdout.split() == ["10.0.9.1", "dev", "vc", "INCOMPLETE"]


def test_arp_filter_answers_when_the_route_back_leaves_by_the_receiving_device_and_counts_the_others() -> None:
    lab, netns, m0 = _lab()
    assert not arp_policy.filtered(netns, m0, IP("10.0.1.9"), IP("10.0.0.1"))        # arp_filter off
    lab.run("ip netns exec m sysctl -qw net.ipv4.conf.m0.arp_filter=1")
    assert arp_policy.filtered(netns, m0, IP("10.0.1.9"), IP("10.0.0.1"))            # back by m1
    assert arp_policy.filtered(netns, m0, IP("192.168.7.7"), IP("10.0.0.1"))         # no route back: not counted
    assert not arp_policy.filtered(netns, m0, IP("10.0.0.9"), IP("10.0.1.1"))
    assert snmp.mib(netns).get("TcpExt.ArpFilter") == 1
    lab.run("ip netns exec m sysctl -qw net.ipv4.conf.m0.arp_filter=0 net.ipv4.conf.all.arp_filter=1")
    assert arp_policy.filtered(netns, m0, IP("10.0.1.9"), IP("10.0.0.1"))
    assert "TcpExtArpFilter                 2" in lab.run("ip netns exec m nstat -asz TcpExtArpFilter").stdout


def test_arp_announce_sender_address() -> None:
    lab = Lab()
    r = lab.run("""ip netns add a
ip netns add b
ip -n a link add e0 type veth peer name e0 netns b
ip -n a link set e0 up
ip -n b link set e0 up
ip -n a addr add 10.1.0.1/24 dev e0
ip -n a addr add 10.1.0.2/24 dev e0
ip -n a addr add 10.5.0.1/24 dev e0
ip -n a link add d0 type veth peer name d1
ip -n a link set d0 up
ip -n a addr add 192.168.7.7/32 dev d0
ip -n b addr add 10.1.0.9/24 dev e0
""")
    assert r.returncode == 0, r.stderr
    netns = lab.network.machines["host"].netns["a"]
    link = next(link for link in netns.links.values() if link.name == "e0")

    class P:
        def __init__(self, src: str) -> None:
            self.src = ipaddress.ip_address(src)

    def source(target: str, src: "str | None") -> str:
        return str(arp._arp_source(netns, link, IP(target), P(src) if src else None))
    assert source("10.1.0.9", "192.168.7.7") == "192.168.7.7"          # 0: any local source
    assert source("10.1.0.9", "10.1.0.2") == "10.1.0.2"                # a secondary too
    assert source("10.1.0.9", "172.16.0.1") == "10.1.0.1"              # not ours: inet_select_addr
    assert source("10.5.0.9", "172.16.0.1") == "10.5.0.1"              # the primary of the target's subnet
    assert source("10.5.0.9", None) == "10.5.0.1"                      # a probe nothing waits for
    assert source("10.1.0.9", "::c0a8:707") == "10.1.0.1"
    lab.run("ip netns exec a sysctl -qw net.ipv4.conf.e0.arp_announce=1")
    assert source("10.1.0.9", "192.168.7.7") == "10.1.0.1"             # not on the target's subnet
    assert source("10.1.0.9", "10.1.0.2") == "10.1.0.2"
    assert source("10.5.0.9", "10.1.0.2") == "10.5.0.1"
    lab.run("ip netns exec a sysctl -qw net.ipv4.conf.all.arp_announce=2")
    assert source("10.1.0.9", "10.1.0.2") == "10.1.0.1"                # never the packet's
    lab.run("ip netns exec a sysctl -qw net.ipv4.conf.all.arp_announce=0")
    r = lab.run("ip netns exec a ping -c 1 -W 1 -I 192.168.7.7 10.1.0.9; ip -n b neigh show dev e0")
    assert r.stdout.splitlines()[-1].startswith("10.1.0.1 lladdr "), r.stdout      # the request's sender (e0: 1)
