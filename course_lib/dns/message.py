"""DNS messages as the simulation moves them: a light query/response model convertible to dnspython and wire.

Queries and responses travel through the simulated datapath as `Message` objects (fast); dnspython
gives the wire format whenever real bytes are needed (message sizes, real sockets, zone files).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import dns.edns
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from course_lib.dns.wiresize import _SUFFIXES as _NAME_LENGTHS, name_length, wire_length

_new = object.__new__
RCODES = ("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED")


def absolute(name: str) -> str:
    """`name` with exactly one trailing dot ("." for the root)."""
    name = name.strip()
    return name if name.endswith(".") else name + "."


@dataclass(frozen=True, slots=True)
class RR:
    """One resource record in presentation form: absolute owner name, TTL, type and rdata text."""

    name: str
    ttl: int
    rdtype: str
    rdata: str
    rdclass: str = "IN"

    def with_name(self, name: str) -> "RR":
        return RR(name, self.ttl, self.rdtype, self.rdata, self.rdclass)

    def with_ttl(self, ttl: int) -> "RR":
        return RR(self.name, ttl, self.rdtype, self.rdata, self.rdclass)


@dataclass(init=False)
class Message:
    """A DNS query or response (one question).

    Not slotted: the defaults below stay class attributes, so the resolver's hot path builds a query or
    a response by setting only what differs (Message.query, Message.response); __init__ keeps the
    full dataclass signature (in the field order, so both share the class's attribute layout).
    """

    id: int
    qname: str
    qtype: str = "A"
    qclass: str = "IN"
    qr: bool = False
    aa: bool = False
    tc: bool = False
    rd: bool = True
    ra: bool = False
    ad: bool = False
    cd: bool = False
    rcode: str = "NOERROR"
    answer: list[RR] = field(default_factory=list)
    authority: list[RR] = field(default_factory=list)
    additional: list[RR] = field(default_factory=list)
    edns: Optional[int] = None        # EDNS0 UDP payload size, None without an OPT record
    opcode: str = "QUERY"
    cookie: Optional[str] = None      # the EDNS COOKIE option's data in hex (dig's 8-byte client cookie); "" none
    compress: bool = True             # names compressed on the wire (CoreDNS's small replies are not)

    def __init__(self, id: int, qname: str, qtype: str = "A", qclass: str = "IN", qr: bool = False,
                 aa: bool = False, tc: bool = False, rd: bool = True, ra: bool = False, ad: bool = False,
                 cd: bool = False, rcode: str = "NOERROR", answer: Optional[list[RR]] = None,
                 authority: Optional[list[RR]] = None, additional: Optional[list[RR]] = None,
                 edns: Optional[int] = None, opcode: str = "QUERY") -> None:
        self.id = id
        self.qname = qname
        self.qtype = qtype
        self.qclass = qclass
        self.qr = qr
        self.aa = aa
        self.tc = tc
        self.rd = rd
        self.ra = ra
        self.ad = ad
        self.cd = cd
        self.rcode = rcode
        self.answer = [] if answer is None else answer
        self.authority = [] if authority is None else authority
        self.additional = [] if additional is None else additional
        self.edns = edns
        self.opcode = opcode

    def __len__(self) -> int:
        """The message's size on the wire (the datapath counts it in every byte counter)."""
        if self.answer or self.authority or self.additional:
            return wire_length(self)
        known = _NAME_LENGTHS.get(self.qname)          # a query: header, question and OPT (inline: hot)
        size = 16 + (known[1] if known is not None else name_length(self.qname))
        if self.edns is not None:
            cookie = self.cookie
            size += 15 + len(cookie) // 2 if cookie else 11
        return size

    def __bool__(self) -> bool:
        return True

    # Plain attribute stores, always in the same order: CPython keeps such instances' attributes inline
    # (shared keys, no dict built), which makes these two about twice as cheap as __init__.
    @classmethod
    def query(cls, id: int, qname: str, qtype: str, edns: Optional[int] = None) -> "Message":
        """Message(id, qname, qtype, edns=edns): a recursive IN query, as the stub resolver sends it."""
        msg = _new(cls)
        msg.id = id
        msg.qname = qname
        msg.qtype = qtype
        msg.answer = []
        msg.authority = []
        msg.additional = []
        msg.qclass = "IN"       # what servers read of a query, set on it (a class default costs more to read)
        msg.rd = True
        msg.cd = False
        msg.edns = edns
        msg.opcode = "QUERY"
        return msg

    def response(self, rcode: str, answer: list[RR], authority: list[RR], ra: bool = False) -> "Message":
        """self.reply() with ra, rcode and the records set."""
        msg = _new(Message)
        msg.id = self.id
        msg.qname = self.qname
        msg.qtype = self.qtype
        msg.answer = answer
        msg.authority = authority
        msg.additional = []
        msg.qclass = self.qclass
        msg.qr = True
        msg.rd = self.rd
        msg.ra = ra
        msg.cd = self.cd
        msg.rcode = rcode
        msg.edns = None if self.edns is None else 1232
        return msg

    def reply(self) -> "Message":
        """An empty response to this query (id, question, rd and EDNS copied)."""
        return self.response("NOERROR", [], [])

    @property
    def flags_text(self) -> str:
        names = [n for n, on in (("qr", self.qr), ("aa", self.aa), ("tc", self.tc), ("rd", self.rd),
                                 ("ra", self.ra), ("ad", self.ad), ("cd", self.cd)) if on]
        return " ".join(names)

    # -- dnspython and wire -------------------------------------------------------------------
    def to_dnspython(self, records: bool = True) -> dns.message.Message:
        """The message in dnspython's form (`records` False: the header, question and OPT only)."""
        msg = dns.message.Message(id=self.id)
        flags = 0
        for name, on in (("QR", self.qr), ("AA", self.aa), ("TC", self.tc), ("RD", self.rd),
                         ("RA", self.ra), ("AD", self.ad), ("CD", self.cd)):
            if on:
                flags |= getattr(dns.flags, name)
        msg.flags = flags
        msg.set_rcode(dns.rcode.from_text(self.rcode))
        msg.question.append(dns.rrset.RRset(dns.name.from_text(self.qname),
                                            dns.rdataclass.from_text(self.qclass),
                                            dns.rdatatype.from_text(self.qtype)))
        for section, rrs in ((msg.answer, self.answer), (msg.authority, self.authority),
                             (msg.additional, self.additional)) if records else ():
            for rr in rrs:
                rrset = dns.rrset.from_text(rr.name, rr.ttl, rr.rdclass, rr.rdtype, rr.rdata)
                for existing in section:
                    if existing.name == rrset.name and existing.rdtype == rrset.rdtype:
                        existing.union_update(rrset)
                        break
                else:
                    section.append(rrset)
        if self.edns is not None:
            options = [dns.edns.CookieOption(bytes.fromhex(self.cookie[:16]), bytes.fromhex(self.cookie[16:]))] \
                if self.cookie else []
            msg.use_edns(0, payload=self.edns, options=options)
        return msg

    def to_wire(self) -> bytes:
        """The message as miekg/dns packs it: each record as written, in order, duplicates kept (dnspython's
        own to_wire merges a name's records of one type into one RRset), names compressed when `compress`."""
        import dns.renderer
        msg = self.to_dnspython(records=False)
        renderer = dns.renderer.Renderer(msg.id, msg.flags, 65535)
        if not self.compress:
            renderer.compress = None             # type: ignore[assignment]
        for rrset in msg.question:
            renderer.add_question(rrset.name, rrset.rdtype, rrset.rdclass)
        for section, records in ((dns.renderer.ANSWER, self.answer), (dns.renderer.AUTHORITY, self.authority),
                                 (dns.renderer.ADDITIONAL, self.additional)):
            for rr in records:
                renderer.add_rrset(section, dns.rrset.from_text(rr.name, rr.ttl, rr.rdclass, rr.rdtype, rr.rdata))
        if msg.opt is not None:
            renderer.add_opt(msg.opt)
        renderer.write_header()
        return renderer.get_wire()

    @classmethod
    def from_dnspython(cls, msg: dns.message.Message) -> "Message":
        q = msg.question[0] if msg.question else None
        out = cls(id=msg.id, qname=q.name.to_text() if q is not None else ".",
                  qtype=dns.rdatatype.to_text(q.rdtype) if q is not None else "A",
                  qclass=dns.rdataclass.to_text(q.rdclass) if q is not None else "IN",
                  qr=bool(msg.flags & dns.flags.QR), aa=bool(msg.flags & dns.flags.AA),
                  tc=bool(msg.flags & dns.flags.TC), rd=bool(msg.flags & dns.flags.RD),
                  ra=bool(msg.flags & dns.flags.RA), ad=bool(msg.flags & dns.flags.AD),
                  cd=bool(msg.flags & dns.flags.CD), rcode=dns.rcode.to_text(msg.rcode()),
                  edns=int(msg.payload) if msg.edns >= 0 else None)
        for option in msg.options if msg.edns >= 0 else ():
            if isinstance(option, dns.edns.CookieOption):
                out.cookie = (option.client + option.server).hex()
        for section, records in ((msg.answer, out.answer), (msg.authority, out.authority),
                                 (msg.additional, out.additional)):
            for rrset in section:
                for rdata in rrset:
                    records.append(RR(rrset.name.to_text(), rrset.ttl,
                                      dns.rdatatype.to_text(rrset.rdtype), rdata.to_text(),
                                      dns.rdataclass.to_text(rrset.rdclass)))
        return out

    @classmethod
    def from_wire(cls, wire: bytes) -> "Message":
        return cls.from_dnspython(dns.message.from_wire(wire))

    def wire_size(self) -> int:
        """The size in bytes this message has on the wire (dig's MSG SIZE)."""
        return wire_length(self)
