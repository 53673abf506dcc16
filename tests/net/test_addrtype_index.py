"""-m addrtype's address index gives the answers of a scan of the addresses in list order (random address sets)."""
from __future__ import annotations

import ipaddress
import random
from types import SimpleNamespace

from course_lib.net.netfilter import addrtype as A


def _scan(ns: SimpleNamespace, ip: ipaddress.IPv4Address) -> int:
    for a in ns.addresses:
        t = A._type_by(a, ip)
        if t:
            return t
    if ip in A._LOOPBACK_NET and any(l.is_loopback and l.admin_up for l in ns.links.values()):
        return A.LOCAL
    return A.UNICAST


def _address(link: SimpleNamespace, iface: str, brd: object) -> SimpleNamespace:
    return SimpleNamespace(link=link, interface=ipaddress.IPv4Interface(iface), broadcast=brd, family=4)


def test_index_matches_scan() -> None:
    rng = random.Random(1)
    for _ in range(300):
        lo, eth = SimpleNamespace(is_loopback=True, admin_up=True), SimpleNamespace(is_loopback=False, admin_up=True)
        ns = SimpleNamespace(links={1: lo, 2: eth}, addresses=[])
        for _ in range(rng.randint(0, 8)):
            brd = rng.choice([None, None, ipaddress.IPv4Address(f"10.0.{rng.randint(0, 3)}.255")])
            ns.addresses.append(_address(rng.choice([lo, eth]), f"10.0.{rng.randint(0, 3)}."
                                         f"{rng.choice([0, 1, 2, 3, 255])}/{rng.choice([8, 16, 24, 30, 31, 32])}", brd))
        for _ in range(30):
            ip = ipaddress.IPv4Address(f"10.{rng.choice([0, 0, 1, 255])}.{rng.randint(0, 3)}.{rng.choice([0, 1, 3, 255])}")
            assert A.addr_type(ns, ip) == _scan(ns, ip)
        if ns.addresses:
            ns.addresses.pop(rng.randrange(len(ns.addresses)))
            ip = ipaddress.IPv4Address(f"10.0.{rng.randint(0, 3)}.{rng.choice([0, 1, 255])}")
            assert A.addr_type(ns, ip) == _scan(ns, ip)
