"""arp.owns_v4 answers as the netns's IPv4 address index does (the sender address of a request: test_arp_policy)."""
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
