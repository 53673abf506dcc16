"""Which address of a NAT range (--to-destination A-B, --to-source A-B) a new flow gets: the kernel's choice.

nf_nat_core's find_best_ips_proto hashes the flow's source address (the 16-byte nf_inet_addr, jhash2) with
its destination address and zone as the initial value (0 with --persistent), and scales the hash to the
range: the same client and server always get the same address, flows spread over the range. A source
address already in an SNAT range is kept (get_unique_tuple).
"""
from __future__ import annotations

import ipaddress
from typing import Any

_MASK = 0xFFFFFFFF
_INITVAL = 0xDEADBEEF


def _rol(x: int, k: int) -> int:
    return ((x << k) | (x >> (32 - k))) & _MASK


def jhash2(words: list[int], initval: int) -> int:
    """linux/jhash.h jhash2 of 32-bit words."""
    length = len(words)
    a = b = c = (_INITVAL + (length << 2) + initval) & _MASK
    i = 0
    while length > 3:
        a, b, c = (a + words[i]) & _MASK, (b + words[i + 1]) & _MASK, (c + words[i + 2]) & _MASK
        a = ((a - c) & _MASK) ^ _rol(c, 4)
        c = (c + b) & _MASK
        b = ((b - a) & _MASK) ^ _rol(a, 6)
        a = (a + c) & _MASK
        c = ((c - b) & _MASK) ^ _rol(b, 8)
        b = (b + a) & _MASK
        a = ((a - c) & _MASK) ^ _rol(c, 16)
        c = (c + b) & _MASK
        b = ((b - a) & _MASK) ^ _rol(a, 19)
        a = (a + c) & _MASK
        c = ((c - b) & _MASK) ^ _rol(b, 4)
        b = (b + a) & _MASK
        length -= 3
        i += 3
    if length == 0:
        return c
    if length >= 3:
        c = (c + words[i + 2]) & _MASK
    if length >= 2:
        b = (b + words[i + 1]) & _MASK
    a = (a + words[i]) & _MASK
    for x, y, k in (("c", "b", 14), ("a", "c", 11), ("b", "a", 25), ("c", "b", 16), ("a", "c", 4), ("b", "a", 14),
                    ("c", "b", 24)):       # __jhash_final: x ^= y; x -= rol32(y, k)
        v = {"a": a, "b": b, "c": c}
        v[x] = ((v[x] ^ v[y]) - _rol(v[y], k)) & _MASK
        a, b, c = v["a"], v["b"], v["c"]
    return c


def _raw(ip: Any) -> int:
    """An IPv4 address as the kernel's u32 holds it (network order bytes read on a little-endian CPU)."""
    return int.from_bytes(ipaddress.IPv4Address(ip).packed, "little")


def range_address(ip_lo: int, ip_hi: int, src: Any, dst: Any, source_nat: bool, persistent: bool,
                  zone: int = 0) -> ipaddress.IPv4Address:
    """The address of [ip_lo, ip_hi] a new flow from `src` to `dst` is NATed to."""
    if ip_lo == ip_hi:
        return ipaddress.IPv4Address(ip_lo)
    if source_nat and ip_lo <= int(ipaddress.IPv4Address(src)) <= ip_hi:
        return ipaddress.IPv4Address(src)
    j = jhash2([_raw(src), 0, 0, 0], 0 if persistent else (_raw(dst) ^ zone))
    return ipaddress.IPv4Address(ip_lo + ((j * (ip_hi - ip_lo + 1)) >> 32))
