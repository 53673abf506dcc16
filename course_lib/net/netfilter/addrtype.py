"""The kernel's address type of an IPv4 address in a netns (LOCAL, BROADCAST, ...), for -m addrtype."""
from __future__ import annotations

import ipaddress
from typing import Any, Optional

UNICAST, LOCAL, BROADCAST, MULTICAST = 1, 2, 3, 5
_LOOPBACK_NET = ipaddress.IPv4Network("127.0.0.0/8")


def addr_type(netns: Any, ip: ipaddress.IPv4Address, link: Optional[Any] = None) -> int:
    """The RTN_* type index of `ip` as the local table of `netns` gives it (per `link` when limited)."""
    if ip.is_multicast:
        return MULTICAST
    if int(ip) == 0xFFFFFFFF or int(ip) >> 24 == 0:
        return BROADCAST
    if link is None:                       # the common case: an index of the addresses (thousands of VIPs)
        found = _indexed(netns, int(ip))
        if found is not None:
            return found
    else:
        for a in netns.addresses:
            if a.family != 4 or a.link is not link:
                continue
            t = _type_by(a, ip)
            if t:
                return t
    if link is None and ip in _LOOPBACK_NET and any(l.is_loopback and l.admin_up for l in netns.links.values()):
        return LOCAL
    return UNICAST


def _type_by(a: Any, ip: ipaddress.IPv4Address) -> int:
    """LOCAL or BROADCAST when address `a` makes `ip` so, else 0."""
    if a.interface.ip == ip:
        return LOCAL
    if a.broadcast == ip or (a.interface.network.prefixlen < 31 and a.interface.network.broadcast_address == ip
                             and a.broadcast is None):
        return BROADCAST
    if a.link.is_loopback and ip in a.interface.network:
        return LOCAL
    return 0


def _edge(a: Any) -> tuple:
    return (id(a), id(a.link), a.interface._ip, a.interface._prefixlen, a.broadcast)


def _indexed(netns: Any, ip: int) -> Optional[int]:
    """The first address (in list order) that makes `ip` local or broadcast, through an index kept per netns.
    The index is rebuilt when the address list changes: another list, length, or first/last address (the
    kernel-side code only appends and removes addresses; the datapath's route cache is stamped the same way)."""
    addresses = netns.addresses
    stamp = (id(addresses), len(addresses), _edge(addresses[0]) if addresses else None,
             _edge(addresses[-1]) if addresses else None)
    cache = netns.__dict__.get("_addrtype_index")
    if cache is None or cache[0] != stamp:
        exact: dict[int, tuple[int, int]] = {}
        loopnets: list[tuple[int, Any]] = []
        for pos, a in enumerate(a for a in addresses if a.family == 4):
            exact.setdefault(int(a.interface.ip), (pos, LOCAL))
            net = a.interface.network
            if a.broadcast is not None:
                exact.setdefault(int(a.broadcast), (pos, BROADCAST))
            elif net.prefixlen < 31:
                exact.setdefault(int(net.broadcast_address), (pos, BROADCAST))
            if a.link.is_loopback:
                loopnets.append((pos, net))
        cache = netns.__dict__["_addrtype_index"] = (stamp, exact, loopnets)
    hit = cache[1].get(ip)
    addr = ipaddress.IPv4Address(ip)
    for pos, net in cache[2]:
        if hit is not None and pos >= hit[0]:
            break
        if addr in net:
            return LOCAL
    return hit[1] if hit is not None else None
