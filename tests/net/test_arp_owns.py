"""arp.owns_v4 answers as the netns's IPv4 address index does, and an ARP request's sender address is the
packet's source when the netns owns it, else the first IPv4 address of the link (arp_announce=0)."""
from __future__ import annotations

import ipaddress
import random

from course_lib import Lab
from course_lib.net import arp


def _netns(lab: Lab, name: str):      # type: ignore[no-untyped-def]
    return lab.network.machines["host"].netns[name]


def test_owns_v4_is_the_index_answer_short_and_long_lists_ipv6_of_the_same_int_not_counted() -> None:
    rng = random.Random(7)
    lab = Lab()
    script = ["ip netns add a", "ip -n a link add d0 type veth peer name d1"]
    lab.run("\n".join(script))
    netns = _netns(lab, "a")
    candidates = [f"10.0.0.{i}" for i in range(1, 30)]
    for step in range(40):
        ip = rng.choice(candidates)
        dev = rng.choice(["d0", "d1"])
        if rng.random() < 0.3:
            lab.run(f"ip -n a addr add {ipaddress.IPv6Address(int(ipaddress.IPv4Address(ip)))}/128 dev {dev}")   # same int, IPv6
        lab.run(f"ip -n a addr {'add' if rng.random() < 0.7 else 'del'} {ip}/24 dev {dev}")
        for key in [int(ipaddress.IPv4Address(c)) for c in candidates]:
            assert arp.owns_v4(netns, key) == (key in arp.local_v4(netns)), (step, key)
    assert len(netns.addresses) > 8            # the long list was asked too


def test_arp_request_sender_is_the_packet_source_when_owned_else_the_links_first_address() -> None:
    lab = Lab()
    r = lab.run("""ip netns add a
ip netns add b
ip -n a link add e0 type veth peer name e0 netns b
ip -n a link set e0 up
ip -n b link set e0 up
ip -n a addr add 10.1.0.1/24 dev e0
ip -n a addr add 10.1.0.2/24 dev e0
ip -n a link add d0 type veth peer name d1
ip -n a link set d0 up
ip -n a addr add 192.168.7.7/32 dev d0
ip -n b addr add 10.1.0.9/24 dev e0
ip -n a route add 10.2.0.0/24 via 10.1.0.9
""")
    assert r.returncode == 0, r.stderr
    netns = _netns(lab, "a")
    link = next(l for l in netns.links.values() if l.name == "e0") if isinstance(netns.links, dict) \
        else next(l for l in netns.links if l.name == "e0")

    class P:
        def __init__(self, src):      # type: ignore[no-untyped-def]
            self.src = src
    assert arp._arp_source(netns, link, P(ipaddress.IPv4Address("192.168.7.7"))) == ipaddress.IPv4Address("192.168.7.7")
    assert arp._arp_source(netns, link, P(ipaddress.IPv4Address("10.1.0.2"))) == ipaddress.IPv4Address("10.1.0.2")
    assert arp._arp_source(netns, link, P(ipaddress.IPv4Address("172.16.0.1"))) == ipaddress.IPv4Address("10.1.0.1")
    assert arp._arp_source(netns, link, None) == ipaddress.IPv4Address("10.1.0.1")
    assert arp._arp_source(netns, link, P(ipaddress.IPv6Address("::c0a8:707"))) == ipaddress.IPv4Address("10.1.0.1")
    r = lab.run("ip netns exec a ping -c 1 -I 192.168.7.7 10.1.0.9; ip -n b neigh show dev e0")
    assert r.stdout.splitlines()[-1].startswith("192.168.7.7 lladdr "), r.stdout    # the request's sender
