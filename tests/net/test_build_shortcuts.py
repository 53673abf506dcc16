"""The build shortcuts of the model (net/link.py, links.py, port_flags.py, world.py) answer as the full
computations they skip: a bridge's remembered "no port has carrier", the dense port numbers, the bridge MTU
kept on enslaving, the MAC draws -- checked after every step of random command sequences."""
from __future__ import annotations

import random

import pytest

from course_lib import Lab
from course_lib.net.link import BRIDGE, VETH
from course_lib.net.world import Network


def _carrier_walk(bridge) -> bool:
    """Link.carrier() of a bridge as it was before the epoch shortcut: every port looked at."""
    if not bridge.admin_up:
        return False
    if not bridge.port_list:
        return not bridge.had_ports
    if bridge.bridge_opts and bridge.bridge_opts.get("stp_state"):
        from course_lib.net.stp import carrier
        return carrier(bridge)
    return any(p.admin_up and (p.kind != VETH or (p.peer is not None and p.peer.admin_up)) and p.carrier()
               for p in bridge.port_list)


def _lowest_free(bridge, port) -> int:
    taken = {p.__dict__.get("_port_no") for p in bridge.port_list if p is not port}
    number = 1
    while number in taken:
        number += 1
    return number


def _random_line(rng: random.Random, n: int) -> str:
    i = rng.randrange(n)
    ns = rng.choice(["r", f"h{i}"])
    dev = "br0" if ns == "r" and rng.random() < 0.1 else (f"p{i}" if ns == "r" else f"v{i}")
    if rng.random() < 0.6:                   # mostly ports and peers going up and down
        return f"ip -n {ns} link set {dev} {rng.choice(['up', 'up', 'down'])}"
    return rng.choice([
        f"ip -n r link set p{i} master br0", f"ip -n r link set p{i} nomaster",
        f"ip -n r link set p{i} mtu {rng.choice([1400, 1500, 9000])}",
        f"ip -n h{i} link set v{i} mtu {rng.choice([1400, 1500])}",
        f"ip -n r link del p{i}", f"ip link add v{i} netns h{i} type veth peer name p{i} netns r",
        f"ip -n h{i} link set v{i} netns r", f"ip -n r link set v{i} netns h{i}",
        f"ip -n r link set br0 type bridge stp_state {rng.choice([0, 1])}",
        "ip -n r link add br1 type bridge", f"ip -n r link set p{i} master br1", "ip -n r link del br1",
        "ip -n r link set br1 up", "ip -n r link set br0 mtu 1450",
    ])


@pytest.mark.parametrize("seed", range(12))
def test_bridge_shortcuts_match_the_full_walks(seed: int) -> None:
    rng = random.Random(seed)
    n = 6
    lab = Lab()
    lab.run("ip netns add r")
    lab.run("ip -n r link add br0 type bridge")
    for i in range(n):
        lab.run(f"ip netns add h{i}")
        lab.run(f"ip link add v{i} netns h{i} type veth peer name p{i} netns r")
        lab.run(f"ip -n r link set p{i} master br0")
    lab.run("ip -n r link set br0 up")
    network = lab.backend.network
    for _ in range(160):
        line = _random_line(rng, n)
        before = {}
        for ns in network.machines["host"].netns.values():
            for link in ns.links.values():
                if link.kind == BRIDGE:
                    before[link] = list(link.port_list)
        lab.run(line)
        for ns in network.machines["host"].netns.values():
            for link in list(ns.links.values()):
                if link.kind != BRIDGE:
                    continue
                assert link.carrier() == _carrier_walk(link), (seed, line)
                for port in link.port_list:
                    if port not in before.get(link, ()):      # just enslaved: the lowest free number
                        assert port.__dict__["_port_no"] == _lowest_free(link, port), (seed, line)
                if not link.mtu_by_user and link.port_list:
                    assert link.mtu == min(p.mtu for p in link.port_list), (seed, line)
                numbers = [p.__dict__.get("_port_no") for p in link.port_list]
                assert len(set(numbers)) == len(numbers), (seed, line)


@pytest.mark.parametrize("seed", [0, 1, 7, 42, 2024])
def test_new_mac_draws_as_randrange(seed: int) -> None:
    net = Network(seed=seed)
    rng = random.Random(seed)
    for _ in range(300):
        octets = [rng.randrange(256) for _ in range(6)]
        octets[0] = (octets[0] & 0xFC) | 0x02
        assert net.new_mac() == ":".join(f"{o:02x}" for o in octets)
    assert net.random().random() == rng.random()          # the generator is left in the same state


def test_inherit_copies_as_the_full_walk() -> None:
    """chatter.inherit's quick exit (only .default.disable_ipv6 = 0 there) copies what the walk copies."""
    from types import SimpleNamespace
    from course_lib.net import chatter
    rng = random.Random(3)
    keys = ["net.ipv4.ip_forward", "net.ipv6.conf.default.disable_ipv6", "net.ipv6.conf.default.accept_ra",
            "net.ipv6.conf.all.disable_ipv6", "net.ipv6.conf.v.disable_ipv6", "x\nnet.ipv6.conf.default.y",
            "net.ipv6.conf.defaultx", "net.ipv6.conf.default."]
    for _ in range(2000):
        sysctls = {k: rng.choice(["0", "1", "2"]) for k in keys if rng.random() < 0.5}
        expected = dict(sysctls)
        for key, value in list(expected.items()):
            if key.startswith("net.ipv6.conf.default.") and not (value == "0" and key.endswith(".disable_ipv6")):
                expected.setdefault(f"net.ipv6.conf.v.{key[22:]}", value)
        chatter.inherit(SimpleNamespace(name="v", netns=SimpleNamespace(sysctls=sysctls)))
        assert list(sysctls.items()) == list(expected.items())

