"""Property: the datapath's route cache (RouteTable.lookups, datapath._cached_lookup) answers as a fresh lookup
would, under random interleavings of route, address, rule, link and sysctl edits with pings, traceroutes and
`ip route get` -- the same transcript as with the cache emptied before every lookup."""
from __future__ import annotations

import os
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib import Lab
from course_lib.net import datapath
from tests.fuzz_support import fixed

TOPOLOGY = [
    "ip netns add a", "ip netns add b", "ip netns add c", "ip -n a link set lo up", "ip -n b link set lo up",
    "ip -n c link set lo up",
    "ip -n a link add d1 type veth peer name e1 netns b", "ip -n a link add d2 type veth peer name e2 netns c",
    "ip -n a addr add 10.1.0.1/24 dev d1", "ip -n a addr add 10.2.0.1/24 dev d2", "ip -n a link set d1 up",
    "ip -n a link set d2 up", "ip -n b addr add 10.1.0.2/24 dev e1", "ip -n c addr add 10.2.0.2/24 dev e2",
    "ip -n b link set e1 up", "ip -n c link set e2 up", "ip -n b addr add 10.5.0.9/32 dev lo",
    "ip -n c addr add 10.5.0.9/32 dev lo", "ip -n b addr add 10.5.1.9/32 dev lo", "ip -n c addr add 10.6.0.9/32 dev lo",
    "ip -n b route add default via 10.1.0.1", "ip -n c route add default via 10.2.0.1",
]
TARGETS = ["10.5.0.9", "10.5.1.9", "10.6.0.9", "10.1.0.2", "10.2.0.2", "10.5.7.7", "10.1.0.1", "10.9.9.9"]


def _edit(rng: random.Random) -> str:
    via = rng.choice(["via 10.1.0.2", "via 10.2.0.2", "dev d1", "dev d2"])
    net = rng.choice(["10.5.0.0/16", "10.5.1.0/24", "10.5.0.9/32", "default", "10.6.0.0/16"])
    metric = rng.choice(["", " metric 10", " metric 50"])
    if rng.random() < 0.04:                     # a link moved away and back: its routes go and stay gone
        return rng.choice(["ip -n a link set d1 netns b", "ip -n b link set d1 netns a; ip -n a link set d1 up"])
    return rng.choice([
        f"ip -n a route add {net} {via}{metric}", f"ip -n a route del {net}{metric}",
        f"ip -n a route replace {net} {via}{metric}", f"ip -n a route change {net} {via}{metric}",
        f"ip -n a route add {rng.choice(['blackhole', 'unreachable', 'prohibit'])} {net}",
        f"ip -n a route append {net} {via}{metric}", "ip -n a route flush 10.5.0.0/16",
        f"ip -n a addr {rng.choice(['add', 'del'])} 10.5.{rng.randint(0, 1)}.9/32 dev lo",
        f"ip -n a addr {rng.choice(['add', 'del'])} 10.1.0.{rng.choice([1, 5])}/24 dev d1",
        f"ip -n a link set {rng.choice(['d1', 'd2', 'lo'])} {rng.choice(['down', 'up', 'up'])}",
        f"ip -n {rng.choice(['b', 'c'])} link set {rng.choice(['e1', 'e2'])} {rng.choice(['down', 'up'])}",
        f"ip -n a rule {rng.choice(['add', 'del'])} to 10.5.0.0/16 table 100",
        f"ip -n a route {rng.choice(['add', 'del'])} 10.5.0.0/16 {via} table 100",
        f"ip -n a route add 10.5.1.0/24 {via} table local", "ip -n a route flush table 100",
        f"ip netns exec a sysctl -qw net.ipv4.conf.all.rp_filter={rng.randint(0, 2)}",
        f"ip -n a route add 10.5.0.0/16 nexthop via 10.1.0.2 nexthop via 10.2.0.2",
    ])


def _probe(rng: random.Random) -> str:
    target = rng.choice(TARGETS)
    return rng.choice([f"ip netns exec a ping -c 1 -W 1 {target}", f"ip -n a route get {target}",
                       f"ip netns exec a traceroute -n -q 1 -w 1 -m 3 {target}",
                       f"ip netns exec b ping -c 1 -W 1 -I 10.5.0.9 {target}",
                       f"ip netns exec a ping -c 1 -W 1 -I d{rng.randint(1, 2)} {target}"])


def transcript(seed: int, steps: int) -> str:
    rng = random.Random(seed)
    lab = Lab()
    assert lab.run("\n".join(TOPOLOGY)).returncode == 0
    out = []
    for _ in range(steps):
        line = _edit(rng) if rng.random() < 0.5 else _probe(rng)
        r = lab.run(line)
        out.append(f"$ {line}\n{r.stdout}{r.stderr}rc={r.returncode}")
    out.append(lab.run("ip -n a route show table all; ip -n a -s link; ip netns exec a cat /proc/net/snmp").stdout)
    return "\n".join(out)


@fixed(int(os.environ.get("FUZZ_EXAMPLES", 60)))
@given(st.integers(0, 2 ** 32 - 1))
def test_route_cache_answers_as_a_fresh_lookup(seed: int) -> None:
    cached = transcript(seed, 30)
    lookup = datapath._cached_lookup

    def uncached(netns, *args):  # type: ignore[no-untyped-def]
        routes = netns.routes
        getattr(routes, "lookups", {}).clear()
        return lookup(netns, *args)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(datapath, "_cached_lookup", uncached)
        fresh = transcript(seed, 30)
    assert cached == fresh
