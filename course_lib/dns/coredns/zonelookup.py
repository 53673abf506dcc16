"""The file plugin's answer from one zone, as CoreDNS's plugin/file Zone.Lookup works it out.

What a real CoreDNS sends that a plain "find the name" would not: the zone's NS records in the authority
section of every answer (and of a SOA answer, which any name of the zone gets, owned by the apex), A/AAAA
of in-zone MX and SRV targets in the additional section, referrals below a delegation (NS in authority,
glue, no AA), wildcards (`*.label`, owned by the name asked), NOERROR/NODATA for an empty non-terminal,
NODATA for ANY (the zone tree has no ANY type), and CNAME chains followed up to maxChain (8) more links,
so a loop `a -> b -> a` answers ten records; a target outside the zone tree is asked of the server itself
(upstream.Lookup), whose answer records are added. A DNAME (RFC 6672) met on the way down, before a
delegation there, redirects every name below its owner: the answer is the DNAME, the CNAME synthesised from
it (owner the name asked, TTL the DNAME's, target the name with the owner's labels replaced by the DNAME's
target) and that CNAME followed as any other (plugin/file dname.go; its owner itself answers as any name).
Zone.Insert lowercases every owner but SRV's and every CNAME/MX/NS target (not a DNAME's); the apex SOA
and NS are kept apart from the tree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import dns.rdatatype
import dns.zone

from course_lib.dns.message import RR, Message

MAX_CHAIN = 8                   # plugin/file lookup.go maxChain
SUCCESS, NAME_ERROR, DELEGATION, NO_DATA = "Success", "NameError", "Delegation", "NoData"
_LOWER_TARGETS = {"CNAME", "MX", "NS"}


@dataclass
class ZoneTree:
    """A zone as CoreDNS keeps it: the apex SOA and NS apart, every other record by owner name."""

    origin: str
    soa: list[RR]
    ns: list[RR]
    names: dict[str, list[RR]] = field(default_factory=dict)      # lowercase owner -> records, in zone order

    @classmethod
    def of(cls, zone: dns.zone.Zone, origin: str) -> "ZoneTree":
        tree = cls(origin, [], [])
        for name, node in zone.nodes.items():
            owner = name.to_text()
            for rdataset in node.rdatasets:
                rdtype = dns.rdatatype.to_text(rdataset.rdtype)
                for rdata in rdataset:
                    text = rdata.to_text()
                    if rdtype in _LOWER_TARGETS:
                        text = _lower_last(text)
                    rr = RR(owner if rdtype == "SRV" else owner.lower(), rdataset.ttl, rdtype, text)
                    if rdtype == "SOA":
                        tree.soa = [RR(rr.name, rr.ttl, "SOA", _lower_soa(text))]
                    elif rdtype == "NS" and rr.name == origin:
                        tree.ns.append(rr)
                    else:
                        tree.names.setdefault(owner.lower(), []).append(rr)
        return tree

    def search(self, name: str) -> Optional[list[RR]]:
        return self.names.get(name.lower())

    def below(self, name: str) -> bool:
        """Tree.Next(name) is below `name`: some owner lies under it (an empty non-terminal)."""
        suffix = "." + name.lower()
        return any(owner.endswith(suffix) for owner in self.names)


Upstream = Callable[[str, str], list[RR]]       # (target, qtype) -> the answer records of a self-lookup


def lookup(tree: ZoneTree, qname: str, qtype: str, upstream: Upstream
           ) -> tuple[list[RR], list[RR], list[RR], str]:
    """(answer, authority, additional, result) for lowercase `qname`, as Zone.Lookup returns them."""
    if not tree.soa:
        return [], [], [], "ServerFailure"
    if qtype == "SOA":
        return list(tree.soa), list(tree.ns), [], SUCCESS
    if qtype == "NS" and qname == tree.origin:
        return list(tree.ns), [], _glue(tree, tree.ns), SUCCESS
    labels = qname.split(".")[:-1]
    depth = len(tree.origin.split(".")[:-1])
    elem: Optional[list[RR]] = None
    wild: Optional[list[RR]] = None
    for i in range(len(labels) - depth + 1):                    # the origin, then one label more each time
        parts = ".".join(labels[len(labels) - depth - i:]) + "."
        elem = tree.search(parts)
        if elem is None:
            star = tree.search("*." + parts.split(".", 1)[1]) if "." in parts[:-1] else None
            if star is not None:
                wild = star
            continue
        dnames = _of(elem, "DNAME")
        if dnames and parts != qname:                           # synthesizeCNAME: only below the owner
            synthesised = RR(qname, dnames[0].ttl, "CNAME", substitute(qname, parts, dnames[0].rdata))
            answer, authority, additional, result = _chain(tree, qtype, [synthesised], upstream)
            return dnames + answer, authority, additional, result
        nsrrs = _of(elem, "NS")
        if nsrrs and not (qtype == "DS" and parts == qname):
            return [], nsrrs, _glue(tree, nsrrs), DELEGATION
    if elem is not None:                                        # the whole name was found
        cname = _of(elem, "CNAME")
        if cname and qtype != "CNAME":
            return _chain(tree, qtype, cname, upstream)
        rrs = _of(elem, qtype)
        if not rrs:
            return [], list(tree.soa), [], NO_DATA
        return rrs, list(tree.ns), _additional(tree, rrs), SUCCESS
    if wild is not None:
        cname = [rr.with_name(qname) for rr in _of(wild, "CNAME")]
        if cname:
            return _chain(tree, qtype, cname, upstream)
        rrs = [rr.with_name(qname) for rr in _of(wild, qtype)]
        if not rrs:
            return [], list(tree.soa), [], SUCCESS
        return rrs, list(tree.ns), [], SUCCESS
    return [], list(tree.soa), [], SUCCESS if tree.below(qname) else NAME_ERROR


def substitute(qname: str, owner: str, target: str) -> str:
    """substituteDNAME: `qname`'s labels below `owner`, then the DNAME's target (RFC 6672 2.2)."""
    head = qname[:len(qname) - len(owner)]                      # "a.b." of a.b.owner.
    return head + target if target != "." else head or "."


def _chain(tree: ZoneTree, qtype: str, rrs: list[RR], upstream: Upstream
           ) -> tuple[list[RR], list[RR], list[RR], str]:
    """additionalProcessing: the CNAME chain through the zone, each link's CNAME added, then the target's
    records of the type asked; a target not in the tree is asked of the server itself."""
    rrs = list(rrs)
    target = rrs[0].rdata
    elem = tree.search(target)
    links = 0
    while elem is not None:
        cname = _of(elem, "CNAME")
        if not cname:
            rrs += _of(elem, qtype)
            return rrs, list(tree.ns), [], SUCCESS
        rrs += cname
        target = cname[0].rdata
        elem = tree.search(target)
        if elem is None:
            break
        links += 1
        if links > MAX_CHAIN:
            return rrs, list(tree.ns), [], SUCCESS
    return rrs + upstream(target, qtype), list(tree.ns), [], SUCCESS


def _additional(tree: ZoneTree, answer: list[RR]) -> list[RR]:
    """A and AAAA of the in-zone MX and SRV targets of a positive answer."""
    extra: list[RR] = []
    for rr in answer:
        if rr.rdtype not in ("MX", "SRV"):
            continue
        name = rr.rdata.split()[-1].lower()
        if name != tree.origin and not name.endswith("." + tree.origin):
            continue
        elem = tree.search(name) or []
        extra += _of(elem, "A") + _of(elem, "AAAA")
    return extra


def _glue(tree: ZoneTree, nsrrs: list[RR]) -> list[RR]:
    """A and AAAA of the NS targets below the NS owner (Zone.Glue)."""
    glue: list[RR] = []
    for rr in nsrrs:
        target = rr.rdata.lower()
        if target == rr.name.lower() or target.endswith("." + rr.name.lower()):
            elem = tree.search(target) or []
            glue += _of(elem, "A") + _of(elem, "AAAA")
    return glue


def _of(elem: list[RR], rdtype: str) -> list[RR]:
    return [rr for rr in elem if rr.rdtype == rdtype]


def _lower_last(text: str) -> str:
    head, _, last = text.rpartition(" ")
    return f"{head} {last.lower()}" if head else last.lower()


def _lower_soa(text: str) -> str:
    mname, rname, rest = text.split(" ", 2)
    return f"{mname.lower()} {rname.lower()} {rest}"


def serve(tree: ZoneTree, req: Any) -> Any:
    """The file plugin's reply to `req` (plugins_data.File): AA set but for a referral, NXDOMAIN for a
    NameError, SERVFAIL for a zone without SOA."""
    query = req.query
    answer, authority, additional, result = lookup(tree, req.qname, query.qtype, _self_lookup(req))
    response = query.reply()
    if result == "ServerFailure":
        response.rcode = "SERVFAIL"
        return response
    response.aa = result != DELEGATION
    if result == NAME_ERROR:
        response.rcode = "NXDOMAIN"
    response.answer, response.authority, response.additional = answer, authority, additional
    return response


def _self_lookup(req: Any) -> Upstream:
    """upstream.Lookup: the target asked of the server's own blocks (a plain query, no EDNS); its answer
    section. Nested self-lookups stop at MAX_CHAIN deep (a CNAME loop across two zones)."""
    def ask(target: str, qtype: str) -> list[RR]:
        server = req.server
        if server is None or _DEPTH[0] >= MAX_CHAIN:
            return []
        _DEPTH[0] += 1
        try:
            reply = server.answer(Message.query(req.query.id, target, qtype), req.client, req.port)
        finally:
            _DEPTH[0] -= 1
        return list(reply.answer) if reply is not None else []
    return ask


_DEPTH = [0]
