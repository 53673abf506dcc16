"""Address text to ipaddress objects, quickly for the common dotted quad: the same objects and errors as
`ipaddress.ip_address` / `ipaddress.ip_interface` (anything but a plain `a.b.c.d[/N]` goes to them)."""
from __future__ import annotations

import ipaddress
import re
from typing import Union

_OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
# what ipaddress accepts as an IPv4 address (decimal octets, no leading zeros), and a decimal prefix length
_QUAD = re.compile(rf"{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}(?:/([0-9]{{1,3}}))?")

Address = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
Interface = Union[ipaddress.IPv4Interface, ipaddress.IPv6Interface]


def _quad_int(m: "re.Match[str]") -> int:
    a, b, c, d = m.group(1, 2, 3, 4)
    return (int(a) << 24) | (int(b) << 16) | (int(c) << 8) | int(d)


def ip_address(text: str) -> Address:
    """ipaddress.ip_address(text)."""
    m = _QUAD.fullmatch(text) if type(text) is str else None
    if m is not None and m.group(5) is None:
        return ipaddress.IPv4Address(_quad_int(m))
    return ipaddress.ip_address(text)


def ip_interface(text: str) -> Interface:
    """ipaddress.ip_interface(text)."""
    m = _QUAD.fullmatch(text) if type(text) is str else None
    if m is not None:
        plen = m.group(5)
        if plen is None:
            return ipaddress.IPv4Interface((_quad_int(m), 32))
        if int(plen) <= 32:
            return ipaddress.IPv4Interface((_quad_int(m), int(plen)))
    return ipaddress.ip_interface(text)
