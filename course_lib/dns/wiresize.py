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
        compressed = msg.compress if compress is None else compress
        if not additional and len(answer) + len(authority) == 1:        # the common shape: one record
            key: tuple[Any, ...] = (msg.qname, compressed, id(answer[0]) if answer else -id(authority[0]))
        else:
            key = (msg.qname, compressed, len(answer), len(authority), *map(id, answer), *map(id, authority),
                   *map(id, additional))
        known = _RECORDS.get(key)
        if known is None:
            size = _records_length(msg.qname, compressed, answer, authority, additional)
            if len(_RECORDS) > 4096:
                _RECORDS.clear()
            # the entry holds the (immutable) records, so no other object can take their ids meanwhile
            _RECORDS[key] = (size, (*answer, *authority, *additional))
        else:
            size = known[0]
    else:                                   # a query, or an answer without records
        size = 16 + _suffixes(msg.qname)[1]
    if msg.edns is not None and opt:
        size += 11
        cookie = msg.cookie
        if cookie:
            size += 4 + len(cookie) // 2
    return size


# the length without OPT of the messages seen lately, by their question name, compression and records
# (the records' ids: a resolver gets the same answers again and again)
_RECORDS: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}


def _records_length(qname: str, compressed: bool, answer: list[Any], authority: list[Any],
                    additional: list[Any]) -> int:
    """The length of a message with records, up to the end of its last record."""
    qsuffixes, qfull = _suffixes(qname)
    size = 16 + qfull
    if not compressed:
        for section in (answer, authority, additional):
            for rr in section:
                size = _rdata(rr, size + _suffixes(rr.name)[1] + 10, None)
    else:
        # records owned by the question's name (most answers) point at it; the table of the names
        # written so far is made only when a record writes another name
        qkey = qsuffixes[0][0] if qsuffixes else None
        table: Optional[dict[str, int]] = None
        for section in (answer, authority, additional):
            for rr in section:
                suffixes = _suffixes(rr.name)[0]
                if suffixes and suffixes[0][0] == qkey:
                    size += 12
                else:
                    if table is None:
                        table = _question_table(qsuffixes)
                    size = _written(suffixes, size, table) + 10
                fixed = _FIXED.get(rr.rdtype)
                if fixed is not None:
                    size += fixed
                    continue
                if table is None:
                    table = _question_table(qsuffixes)
                size = _rdata(rr, size, table)
    return size


_SUFFIXES: dict[str, tuple[tuple[tuple[str, int], ...], int]] = {}


def _suffixes(name: str) -> tuple[tuple[tuple[str, int], ...], int]:
    """The name's suffixes from the longest, each with its first label's wire length (1 + length), and the
    uncompressed wire length; lowercase, as compression matches names whatever their case (escapes
    decoded by dnspython). Worked out once per name."""
    found = _SUFFIXES.get(name)
    if found is None:
        text = name.rstrip(".") if not name.endswith("\\.") else name
        if not text:
            found = ((), 1)
        else:
            labels = text.lower().split(".")
            if "\\" in text:
                import dns.name
                try:
                    labels = [label.decode("latin-1").lower() for label in dns.name.from_text(text).labels if label]
                except Exception:       # a bad escape: no parser takes it; count the text as written
                    pass
            suffixes = tuple((".".join(labels[i:]), len(labels[i]) + 1) for i in range(len(labels)))
            found = (suffixes, sum(length for _, length in suffixes) + 1)
        if len(_SUFFIXES) > 8192:
            _SUFFIXES.clear()
        _SUFFIXES[name] = found
    return found


def name_length(name: str) -> int:
    """The uncompressed wire length of a name."""
    return _suffixes(name)[1]


def _question_table(qsuffixes: tuple[tuple[str, int], ...]) -> dict[str, int]:
    """The compression table after the question's name (written at offset 12)."""
    table, offset = {}, 12
    for suffix, length in qsuffixes:
        table[suffix] = offset
        offset += length
    return table


def _written(suffixes: tuple[tuple[str, int], ...], offset: int, table: dict[str, int]) -> int:
    """The offset after writing a name (its suffixes) at `offset`, compressing against and filling `table`."""
    for suffix, length in suffixes:
        if suffix in table:
            return offset + 2
        if offset < 0x3FFF:              # a pointer holds 14 bits
            table[suffix] = offset
        offset += length
    return offset + 1


def _name(name: str, offset: int, table: Optional[dict[str, int]]) -> int:
    """The offset after writing `name` at `offset`, compressed when there is a `table`."""
    suffixes, full = _suffixes(name)
    return offset + full if table is None else _written(suffixes, offset, table)


def _rdata(rr: Any, offset: int, table: Optional[dict[str, int]]) -> int:
    """The offset after the record's rdata (written at `offset`)."""
    rdtype = rr.rdtype
    fixed = _FIXED.get(rdtype)
    if fixed is not None:
        return offset + fixed
    if rdtype in _COMPRESSIBLE:
        return _name(rr.rdata, offset, table)
    if rdtype == "MX":
        return _name(rr.rdata.split()[-1] if rr.rdata.split() else ".", offset + 2, table)
    if rdtype == "SOA":
        words = rr.rdata.split()
        if len(words) >= 2:
            return _name(words[1], _name(words[0], offset, table), table) + 20
        return offset + len(rr.rdata)
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
