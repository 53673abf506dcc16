"""The size of a DNS message on the wire, worked out from its fields without building the bytes.

Every UDP datagram the simulated datapath moves counts IP + UDP headers plus this size (ip -s link,
netstat -s, iptables -v and conntrack byte counters), and dig's MSG SIZE, host's "Received N bytes" and
CoreDNS's log print it. RFC 1035 layout: a 12-byte header; the question (name, type, class); each
record's owner name, 10 fixed bytes and its rdata; an EDNS0 OPT record (11 bytes) and its options
(4 bytes each plus data: dig's 8-byte client COOKIE). Names are compressed (RFC 1035 4.1.4) as BIND,
dnsmasq and systemd-resolved compress them -- a suffix already written becomes a 2-byte pointer, in the
owner names and in the rdata names of the RFC 1035 types (NS, CNAME, PTR, MX, SOA), never in SRV --
unless the message says `compress = False` (CoreDNS sends replies under 1480 bytes uncompressed).
Checked against dnspython's renderer (tests/dns/test_wiresize.py).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

_COMPRESSIBLE = frozenset(("NS", "CNAME", "PTR", "MB", "MD", "MF", "MG", "MR"))
_FIXED = {"A": 4, "AAAA": 16}


def wire_length(msg: Any, compress: Optional[bool] = None, opt: bool = True) -> int:
    """len(msg.to_wire()): the header, question, the three sections and the OPT record (`opt` False: without
    it; `compress` True or False: as if the message said so)."""
    answer, authority, additional = msg.answer, msg.authority, msg.additional
    if answer or authority or additional:
        table: Optional[dict[str, int]] = {} if (msg.compress if compress is None else compress) else None
        size = _name(msg.qname, 12, table) + 4
        for section in (answer, authority, additional):
            for rr in section:
                size = _rdata(rr, _name(rr.name, size, table) + 10, table)
    else:                                   # a query, or an answer without records
        size = 16 + _suffixes(msg.qname)[1]
    if msg.edns is not None and opt:
        size += 11
        cookie = msg.cookie
        if cookie:
            size += 4 + len(cookie) // 2
    return size


@lru_cache(maxsize=4096)
def _suffixes(name: str) -> tuple[tuple[tuple[str, int], ...], int]:
    """The name's suffixes from the longest, each with its first label's wire length (1 + length), and the
    uncompressed wire length; lowercase, as compression matches names whatever their case (escapes
    decoded by dnspython)."""
    text = name.rstrip(".") if not name.endswith("\\.") else name
    if not text:
        return (), 1
    if "\\" not in text:
        labels = text.lower().split(".")
    else:
        import dns.name
        labels = [label.decode("latin-1").lower() for label in dns.name.from_text(text).labels if label]
    suffixes = tuple((".".join(labels[i:]), len(labels[i]) + 1) for i in range(len(labels)))
    return suffixes, sum(length for _, length in suffixes) + 1


def _name(name: str, offset: int, table: Optional[dict[str, int]]) -> int:
    """The offset after writing `name` at `offset`, compressing against (and filling) `table`."""
    suffixes, full = _suffixes(name)
    if table is None:
        return offset + full
    for suffix, length in suffixes:
        if suffix in table:
            return offset + 2
        if offset < 0x3FFF:              # a pointer holds 14 bits
            table[suffix] = offset
        offset += length
    return offset + 1


def _rdata(rr: Any, offset: int, table: Optional[dict[str, int]]) -> int:
    """The offset after the record's rdata (written at `offset`)."""
    rdtype = rr.rdtype
    fixed = _FIXED.get(rdtype)
    if fixed is not None:
        return offset + fixed
    if rdtype in _COMPRESSIBLE:
        return _name(rr.rdata, offset, table)
    if rdtype == "MX":
        return _name(rr.rdata.split()[-1], offset + 2, table)
    if rdtype == "SOA":
        mname, rname = rr.rdata.split()[:2]
        return _name(rname, _name(mname, offset, table), table) + 20
    return offset + _other_length(rdtype, rr.rdclass, rr.rdata)


@lru_cache(maxsize=1024)
def _other_length(rdtype: str, rdclass: str, rdata: str) -> int:
    """Any other type's rdata length, from dnspython (names in it uncompressed, as for SRV)."""
    import dns.name
    import dns.rdata
    import dns.rdataclass
    import dns.rdatatype
    try:
        rd = dns.rdata.from_text(dns.rdataclass.from_text(rdclass), dns.rdatatype.from_text(rdtype), rdata,
                                 origin=dns.name.root)
        return len(rd.to_wire(origin=dns.name.root))
    except Exception:
        return len(rdata)
