"""The datapath's route cache and local-route lookup answer what a fresh lookup answers, through route,
address and link edits (a randomized run against the slow reference: a walk of the route list)."""
from __future__ import annotations

import ipaddress
import random

from course_lib import Lab
from course_lib.net import datapath
from course_lib.net.netns import RT_TABLE_LOCAL
from course_lib.net.routing import route_lookup

DSTS = [ipaddress.IPv4Address(t) for t in ("10.1.0.1", "10.1.0.5", "10.1.0.255", "10.2.3.4", "10.2.0.1",
                                           "127.0.0.1", "127.1.2.3", "192.168.7.7", "8.8.8.8", "10.9.9.9",
                                           "10.1.255.255", "0.0.0.0", "10.2.255.255", "10.1.0.255",
                                           "255.255.255.255")]


def _walk_local(netns, dst):
    """The reference: the longest local-type route of the local table containing dst, first in list order."""
    best = None
    for r in netns.routes:
        if r.table == RT_TABLE_LOCAL and r.type == "local" and r.dst.version == 4 and dst in r.dst:
            if best is None or r.dst.prefixlen > best.dst.prefixlen:
                best = r
    return (best, None) if best is not None else None


def _fresh(netns, dst, oif):
    # with an oif only that device's routes, local ones too (the kernel's fib_lookup_good_nhc: `ip route get
    # 127.0.0.1 oif e0` and `ping -I e0 127.0.0.1` go out on link through e0, fuzz_ping_oif_other_local.sh)
    return (_walk_local(netns, dst) if oif is None else None) or route_lookup(netns, dst, None, oif)


def _same(a, b) -> bool:
    """Same answer: the same route (a made-up "on link" route: an equal one) and error."""
    (ra, ea), (rb, eb) = a, b
    if ea != eb or (ra is None) != (rb is None):
        return False
    return ra is rb or (ra.dev is rb.dev and datapath.route_text(ra) == datapath.route_text(rb)
                        and ra.table == rb.table and ra not in ra.dev.netns.routes)


COMMANDS = [
    "ip addr add 10.1.0.1/24 dev e0", "ip addr del 10.1.0.1/24 dev e0",
    "ip addr add 10.1.0.5/16 dev e1", "ip addr del 10.1.0.5/16 dev e1",
    "ip addr add 10.2.3.4/32 dev e1", "ip addr del 10.2.3.4/32 dev e1",
    "ip link set e0 down", "ip link set e0 up", "ip link set e1 down", "ip link set e1 up",
    "ip link set lo down", "ip link set lo up",
    "ip route add 10.2.0.0/16 dev e0", "ip route del 10.2.0.0/16 dev e0",
    "ip route add 10.2.0.0/16 dev e1 metric 5", "ip route del 10.2.0.0/16 dev e1 metric 5",
    "ip route add default via 10.1.0.254 dev e0", "ip route del default",
    "ip route replace 10.9.0.0/16 dev e1", "ip route del 10.9.0.0/16",
    "ip route add local 10.2.3.0/24 dev e1 table local", "ip route del local 10.2.3.0/24 dev e1 table local",
    "ip route add local 10.2.3.4/32 dev e0 table local metric 3",
    "ip route del local 10.2.3.4/32 dev e0 table local metric 3",
    "ip route add unreachable 192.168.0.0/16", "ip route del unreachable 192.168.0.0/16",
    "ip route add blackhole 8.8.8.0/24", "ip route del blackhole 8.8.8.0/24",
    "ip addr add 10.2.0.9/16 brd 10.2.255.255 dev e0", "ip addr del 10.2.0.9/16 dev e0",
    "ip addr add 10.1.0.7/24 brd + dev e1", "ip addr del 10.1.0.7/24 dev e1",
    "ip addr add 192.168.7.1/24 broadcast 10.9.9.9 dev e0", "ip addr del 192.168.7.1/24 dev e0",
]


def test_cached_lookups_equal_fresh_ones_through_random_edits():
    lab = Lab()
    h = lab.add_host("h")
    lab.add_switch("s")
    lab.connect(h, lab.switch("s"), "e0")
    lab.connect(h, lab.switch("s"), "e1")
    h.run("ip link set lo up; ip link set e0 up; ip link set e1 up")
    netns = lab._backend.network.machines["h"].root
    rng = random.Random(11)
    checked = broadcasts = 0
    for _ in range(400):
        h.run(rng.choice(COMMANDS))
        links = [None, netns.link_by_name("e0"), netns.link_by_name("e1")]
        for dst in rng.sample(DSTS, 6):
            oif = rng.choice(links)
            for _ in range(2):                      # a miss, then a hit
                assert _same(datapath._cached_lookup(netns, dst, oif), _fresh(netns, dst, oif)), (dst, oif)
                checked += 1
            assert datapath.is_broadcast(netns, dst) is (dst == datapath.LIMITED_BROADCAST or any(
                a.family == 4 and a.broadcast == dst for a in netns.addresses)), dst
            broadcasts += datapath.is_broadcast(netns, dst)
            local = datapath._local_first(netns, dst)
            assert local == _walk_local(netns, dst) and (local is None or local[0] is _walk_local(netns, dst)[0])
    assert checked == 400 * 6 * 2 and broadcasts > 20
