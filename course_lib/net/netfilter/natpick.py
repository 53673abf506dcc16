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


# __jhash_mix: for each (x, y, z, k): x -= y; x ^= rol32(y, k); y += z  (a, b, c = 0, 1, 2)
_MIX = ((0, 2, 1, 4), (1, 0, 2, 6), (2, 1, 0, 8), (0, 2, 1, 16), (1, 0, 2, 19), (2, 1, 0, 4))
# __jhash_final: for each (x, y, k): x ^= y; x -= rol32(y, k)
_FINAL = ((2, 1, 14), (0, 2, 11), (1, 0, 25), (2, 1, 16), (0, 2, 4), (1, 0, 14), (2, 1, 24))


def jhash2(words: list[int], initval: int) -> int:
    """linux/jhash.h jhash2 of 32-bit words."""
    length = len(words)
    v = [(_INITVAL + (length << 2) + initval) & _MASK] * 3
    i = 0
    while length > 3:
        v = [(v[n] + words[i + n]) & _MASK for n in range(3)]
        for x, y, z, k in _MIX:
            v[x] = ((v[x] - v[y]) & _MASK) ^ _rol(v[y], k)
            v[y] = (v[y] + v[z]) & _MASK
        length -= 3
        i += 3
    if length == 0:
        return v[2]
    for n in range(length):                 # the last 1-3 words: c, b, a
        v[n] = (v[n] + words[i + n]) & _MASK
    for x, y, k in _FINAL:
        v[x] = ((v[x] ^ v[y]) - _rol(v[y], k)) & _MASK
    return v[2]


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
    dist = (ip_hi - ip_lo + 1) & _MASK          # u32: a reversed range (A > B) wraps to almost all of IPv4
    return ipaddress.IPv4Address((ip_lo + ((j * dist) >> 32)) & _MASK)
