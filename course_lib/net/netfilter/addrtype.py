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
    for a in netns.addresses:
        if a.family != 4 or (link is not None and a.link is not link):
            continue
        if a.interface.ip == ip:
            return LOCAL
        if a.broadcast == ip or (a.interface.network.prefixlen < 31 and a.interface.network.broadcast_address == ip
                                 and a.broadcast is None):
            return BROADCAST
        if a.link.is_loopback and ip in a.interface.network:
            return LOCAL
    if link is None and ip in _LOOPBACK_NET and any(l.is_loopback and l.admin_up for l in netns.links.values()):
        return LOCAL
    return UNICAST
