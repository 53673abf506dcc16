"""A UDP reply cut to the client's buffer as CoreDNS's server does it (miekg/dns Msg.Truncate via Request.Scrub).

The size is the client's: 512 bytes without EDNS, its EDNS UDP size (at least 512) with it, 65535 over TCP.
A reply that fits uncompressed is sent uncompressed; one that does not is compressed and keeps, section by
section (answer, authority, additional), the records that still fit with its OPT record; TC is set when
any record was left out, which sends dig, host, nslookup and glibc on to TCP.
"""
from __future__ import annotations

from typing import Any

from course_lib.dns.wiresize import wire_length

MIN_SIZE, MAX_SIZE = 512, 65535


def client_size(query: Any, tcp: bool) -> int:
    """request.Size(): what the client can take."""
    if tcp:
        return MAX_SIZE
    return max(MIN_SIZE, query.edns) if query.edns is not None else MIN_SIZE


def truncate(reply: Any, size: int) -> None:
    """Msg.Truncate(size): leave `reply` uncompressed when it fits so, else compress it and keep the records
    that fit (the OPT record's bytes reserved); TC when any record had to go."""
    if wire_length(reply, compress=False) <= size:
        reply.compress = False
        return
    reply.compress = True
    if wire_length(reply, compress=True) <= size:
        return
    budget = size - (wire_length(reply, compress=True) - wire_length(reply, compress=True, opt=False))
    sections = (reply.answer, reply.authority, reply.additional)
    kept = [list(records) for records in sections]
    full = False
    for index, records in enumerate(kept):
        if full:
            records.clear()
            continue
        count = _fitting(reply, kept, index, budget)
        full = count < len(records)
        del records[count:]
    if any(len(k) < len(s) for k, s in zip(kept, sections)):
        reply.tc = True
    reply.answer, reply.authority, reply.additional = kept


def _fitting(reply: Any, kept: list[list[Any]], index: int, budget: int) -> int:
    """How many of section `index`'s records fit in `budget` after the earlier sections (the greedy prefix)."""
    records = kept[index]
    low, high = 0, len(records)
    while low < high:                       # the length grows with each record: a binary search of the prefix
        middle = (low + high + 1) // 2
        probe = [*kept[:index], records[:middle], *([[]] * (2 - index))]
        if _length(reply, probe) <= budget:
            low = middle
        else:
            high = middle - 1
    return low


def _length(reply: Any, sections: list[list[Any]]) -> int:
    saved = reply.answer, reply.authority, reply.additional
    reply.answer, reply.authority, reply.additional = sections
    try:
        return wire_length(reply, compress=True, opt=False)
    finally:
        reply.answer, reply.authority, reply.additional = saved
