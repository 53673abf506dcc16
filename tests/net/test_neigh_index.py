"""Long neighbour tables are indexed (course_lib.net.neigh_index): the same entry as a walk of the list."""
from __future__ import annotations

import copy
import ipaddress

from course_lib import Lab
from course_lib.net import arp


def _walk(netns, link, ip):
    for n in netns.neighbours:
        if n.link is link and n.ip == ip:
            return n
    return None


def _check(netns, links) -> int:
    found = 0
    for i in range(1, 60):
        ip = ipaddress.IPv4Address(f"10.1.0.{i}")
        for link in links:
            expected = _walk(netns, link, ip)
            assert arp.find(netns, link, ip) is expected
            found += expected is not None
    return found


def test_index_follows_every_change_of_a_long_table():
    lab = Lab()
    lab.add_host("h")
    adds = "".join(f"ip neigh add 10.1.0.{i} lladdr 02:00:00:00:00:{i:02x} dev {'v0' if i % 3 else 'v1'} "
                   f"nud permanent\n" for i in range(1, 50))
    assert lab.host("h").run("ip link add v0 type veth peer name v1\nip link set v0 up\nip link set v1 up\n"
                             + adds).returncode == 0
    netns = lab._backend.network.machines["h"].root
    links = [netns.link_by_name("v0"), netns.link_by_name("v1")]
    assert _check(netns, links) == 49
    lab.host("h").run("ip neigh del 10.1.0.4 dev v0; ip neigh replace 10.1.0.4 lladdr 02:00:00:00:00:99 dev v1 "
                      "nud permanent; ip neigh add 10.1.0.55 lladdr 02:00:00:00:00:55 dev v0")
    assert _check(netns, links) == 50
    lab.host("h").run("ip neigh del 10.1.0.5 dev v0; ip neigh del 10.1.0.6 dev v1")
    assert _check(netns, links) == 48
    twin = copy.deepcopy(netns)
    twin_links = [twin.link_by_name("v0"), twin.link_by_name("v1")]
    twin.neighbours[:] = twin.neighbours[:20]
    assert _check(twin, twin_links) == 20 and _check(netns, links) == 48
    lab.host("h").run("ip link set v1 address 02:aa:00:00:00:01; ip link set v0 address 02:aa:00:00:00:02")
    assert _check(netns, links) == 0


def test_index_equals_a_walk_through_random_list_edits():
    """Appends go into the index (no rebuild), every other edit drops it: after each random edit of a long
    table -- appends by neigh_update/ARP learning, removes, slice assignments, inserts, replacements,
    sorts -- every lookup answers what a walk of the list answers."""
    import random

    from course_lib.net import neigh
    from course_lib.net.netns import Neighbour
    lab = Lab()
    lab.add_host("h")
    assert lab.host("h").run("ip link add v0 type veth peer name v1\nip link set v0 up\nip link set v1 up"
                             ).returncode == 0
    netns = lab._backend.network.machines["h"].root
    links = [netns.link_by_name("v0"), netns.link_by_name("v1")]
    rng = random.Random(5)

    def entry():
        return Neighbour(ip=ipaddress.IPv4Address(f"10.1.0.{rng.randrange(1, 60)}"), link=rng.choice(links),
                         mac="02:00:00:00:00:01", state="PERMANENT")
    for _ in range(20):
        netns.neighbours.append(entry())
    for step in range(600):
        op = rng.randrange(8)
        entries = netns.neighbours
        if op <= 2:
            entries.append(entry())
        elif op == 3:
            neigh.neigh_update(netns, f"10.1.0.{rng.randrange(1, 60)}", rng.choice(links), "02:00:00:00:00:02",
                               "STALE")
        elif op == 4 and len(entries) > 17:
            entries.remove(rng.choice(entries))
        elif op == 5:
            entries.insert(rng.randrange(len(entries) + 1), entry())
        elif op == 6 and entries:
            entries[rng.randrange(len(entries))] = entry()
        elif op == 7:
            entries[:] = [n for n in entries if rng.random() < 0.9] + [entry()]
        for link in links:
            for i in range(1, 60):
                ip = ipaddress.IPv4Address(f"10.1.0.{i}")
                expected = _walk(netns, link, ip)
                assert arp.find(netns, link, ip) is expected, step
                assert neigh.neigh_lookup(netns, ip, link) is expected, step
