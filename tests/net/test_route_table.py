"""RouteTable (NetNS.routes): its indexes answer exactly what scanning the list answers, through every list edit."""
from __future__ import annotations

import copy
import ipaddress
import pickle
import random

from course_lib import Lab
from course_lib.net.netns import Route
from course_lib.net.route_table import RouteTable, routes_of
from course_lib.net.routing import route_lookup


class Dev:
    """A stand-in device (identity is what counts)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.admin_up = True


DEVS = [Dev("a"), Dev("b"), None]
NETS = ["0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3/32", "10.1.2.0/24", "192.168.0.0/16",
        "::/0", "fe80::/64", "fe80::1/128", "2001:db8::/32"]
GWS = [None, "10.1.2.1", "10.0.0.1", "fe80::1"]


def random_route(rng: random.Random) -> Route:
    dst = ipaddress.ip_network(rng.choice(NETS))
    gw = rng.choice(GWS)
    return Route(dst=dst, dev=rng.choice(DEVS), gateway=ipaddress.ip_address(gw) if gw else None,
                 table=rng.choice([254, 255, 100]), type=rng.choice(["unicast", "local", "broadcast"]),
                 metric=rng.choice([0, 0, 100, 1024]))


def scan_same(routes, route) -> bool:
    return any(r.dev is route.dev and r.table == route.table and r.metric == route.metric and r.type == route.type
               and r.dst == route.dst and r.gateway == route.gateway for r in routes)


def scan_matching(routes, table, family, ip) -> list:
    cands = [r for r in routes if r.table == table and r.dst.version == family and ip in r.dst]
    return sorted(cands, key=lambda r: (-r.dst.prefixlen, r.metric))


def scan_first_of_type(routes, table, ip, rtype):
    best = None
    for r in routes:
        if r.table == table and r.type == rtype and r.dst.version == ip.version and ip in r.dst:
            if best is None or r.dst.prefixlen > best.dst.prefixlen:
                best = r
    return best


def check(table: RouteTable, rng: random.Random) -> None:
    probe = random_route(rng)
    assert table.has_same(probe) == scan_same(table, probe)
    for text in ("10.1.2.3", "10.9.9.9", "192.168.1.1", "8.8.8.8", "fe80::1", "2001:db8::5"):
        ip = ipaddress.ip_address(text)
        for t in (254, 255, 100):
            assert list(table.matching(t, ip.version, ip._ip)) == scan_matching(table, t, ip.version, ip)
            for rtype in ("local", "unicast"):
                assert table.first_of_type(t, ip.version, ip._ip, rtype) is scan_first_of_type(table, t, ip, rtype)
    want = [r for r in table if r.table == probe.table and r.dst == probe.dst]
    assert table.with_dst(probe.table, probe.dst) == want


def test_indexes_follow_every_list_edit():
    rng = random.Random(7)
    table = RouteTable()
    for step in range(800):
        op = rng.random()
        gen, before = table.gen, list(table)
        if op < 0.55 or not table:
            table.append(random_route(rng))
        elif op < 0.65:
            table.insert(rng.randrange(len(table) + 1), random_route(rng))
        elif op < 0.72:
            table.remove(rng.choice(list(table)))
        elif op < 0.78:
            table[rng.randrange(len(table))] = random_route(rng)
        elif op < 0.84:
            table[:] = [r for r in table if rng.random() < 0.8]
        elif op < 0.88:
            table.pop()
        elif op < 0.91:
            del table[0]
        elif op < 0.93:
            table.extend([random_route(rng), random_route(rng)])
        elif op < 0.95:
            table.reverse()
        elif op < 0.96:
            table.clear()
        elif op < 0.99:
            route = random_route(rng)
            present = scan_same(table, route)
            assert table.add_unique(route) is (not present)
            assert (table[-1] is route) is (not present)
        if list(table) != before or any(a is not b for a, b in zip(table, before)):
            assert table.gen > gen, step              # every edit counts (route caches trust gen)
        check(table, rng)


def test_copies_and_pickles_carry_the_routes():
    rng = random.Random(3)
    table = RouteTable(random_route(rng) for _ in range(40))
    check(table, rng)
    for other in (copy.copy(table), copy.deepcopy(table)):
        assert type(other) is RouteTable and len(other) == len(table)
        check(other, rng)
        other.append(random_route(rng))
        check(other, rng)
    plain = [Route(dst=ipaddress.ip_network("10.0.0.0/8"))]
    restored = pickle.loads(pickle.dumps(RouteTable(plain)))
    assert type(restored) is RouteTable and [str(r.dst) for r in restored] == ["10.0.0.0/8"]


def test_a_plain_list_put_on_a_netns_becomes_a_table():
    lab = Lab()
    ns = lab.network.machines["host"].root
    ns.routes = list(ns.routes)
    assert type(routes_of(ns)) is RouteTable and ns.routes is routes_of(ns)


def test_lookup_longest_prefix_then_metric_then_order():
    lab = Lab()
    for line in ["ip link add br0 type bridge", "ip link set br0 up", "ip addr add 10.0.0.1/24 dev br0",
                 "ip route add 10.9.0.0/16 via 10.0.0.2 metric 5", "ip route add 10.9.0.0/16 via 10.0.0.3 metric 3",
                 "ip route add 10.9.1.0/24 via 10.0.0.4", "ip route add default via 10.0.0.254"]:
        assert lab.run(line).returncode == 0, line
    ns = lab.network.machines["host"].root
    pick = lambda text: str(route_lookup(ns, text)[0].gateway)  # noqa: E731
    assert pick("10.9.1.7") == "10.0.0.4"
    assert pick("10.9.2.7") == "10.0.0.3"
    assert pick("8.8.8.8") == "10.0.0.254"
    assert route_lookup(ns, "10.0.0.9")[0].dst == ipaddress.ip_network("10.0.0.0/24")
    # as the kernel prints them (checked in `unshare --net`): the list order is kept among equal prefixes
    assert lab.run("ip route").stdout == (
        "default via 10.0.0.254 dev br0 \n10.0.0.0/24 dev br0 proto kernel scope link src 10.0.0.1 \n"
        "10.9.0.0/16 via 10.0.0.3 dev br0 metric 3 \n10.9.0.0/16 via 10.0.0.2 dev br0 metric 5 \n"
        "10.9.1.0/24 via 10.0.0.4 dev br0 \n")
    assert lab.run("ip route get 10.9.2.7").stdout == "10.9.2.7 via 10.0.0.3 dev br0 src 10.0.0.1 uid 0 \n    cache \n"
