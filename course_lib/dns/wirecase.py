"""How names come out of a reply on the wire: compression is case-insensitive, so a name (or its tail)
that was written before, first of all the question's, is read back spelled as it was written there.

`dig WWW.Example.ORG` shows `WWW.Example.ORG.` in its answer, and glibc's getent shows the CNAME target
www.example.org of `WEB.Example.ORG` as `www.Example.ORG`. Names in SRV data are not compressed.
"""
from __future__ import annotations

from course_lib.dns.message import RR

# record types whose data holds names a sender compresses (RFC 3597's well-known types): token indexes
COMPRESSED = {"CNAME": (0,), "NS": (0,), "PTR": (0,), "DNAME": (0,), "MX": (1,), "SOA": (0, 1)}


def spelled(qname: str, sections: list[list[RR]]) -> list[list[RR]]:
    """The sections with every name spelled as a client decodes it; the same lists when nothing changes."""
    if qname == qname.lower() and all(rr.name == rr.name.lower() and rr.rdata == rr.rdata.lower()
                                      for records in sections for rr in records):
        return sections
    written: dict[str, str] = {}

    def spell(name: str) -> str:
        labels = name.split(".")
        for i in range(len(labels) - 1):
            known = written.get(".".join(labels[i:]).lower())
            if known is not None:
                name = ".".join(labels[:i] + [known]) if i else known
                break
        labels = name.split(".")
        for i in range(len(labels) - 1):
            written.setdefault(".".join(labels[i:]).lower(), ".".join(labels[i:]))
        return name

    spell(qname)
    out = []
    for records in sections:
        section = []
        for rr in records:
            owner, rdata = spell(rr.name), rr.rdata
            if rr.rdtype in COMPRESSED:
                tokens = rdata.split(" ")
                for index in COMPRESSED[rr.rdtype]:
                    if index < len(tokens) and tokens[index].endswith("."):
                        tokens[index] = spell(tokens[index])
                rdata = " ".join(tokens)
            section.append(rr if owner == rr.name and rdata == rr.rdata else
                           RR(owner, rr.ttl, rr.rdtype, rdata, rr.rdclass))
        out.append(section)
    return out
