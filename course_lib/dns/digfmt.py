"""BIND 9.18 text formats: master-file record lines with dig's tab columns, sections, and the dig report."""
from __future__ import annotations

import datetime
import ipaddress
from typing import Any, Optional

from course_lib.dns.message import RR, Message

DIG_VERSION = "9.18.49-1~deb12u3-Debian"
EPOCH = datetime.datetime(2024, 6, 3, 9, 0, 0)     # the model clock's zero, for dig's WHEN line
TTL_COLUMN, CLASS_COLUMN, TYPE_COLUMN, RDATA_COLUMN = 24, 32, 40, 48


def _indent(current: int, to: int) -> tuple[str, int]:
    """BIND's indent(): tabs (width 8) then spaces to reach column `to`, at least one character."""
    if to < current + 1:
        to = current + 1
    ntabs = to // 8 - current // 8
    text = ""
    if ntabs > 0:
        text = "\t" * ntabs
        current = (to // 8) * 8
    text += " " * (to - current)
    return text, to


def rr_line(rr: RR, ttl: bool = True, klass: bool = True) -> str:
    """One record as dig prints it in a section."""
    out, col = rr.name, len(rr.name)
    if ttl:
        pad, col = _indent(col, TTL_COLUMN)
        out += pad + str(rr.ttl)
        col += len(str(rr.ttl))
    if klass:
        pad, col = _indent(col, CLASS_COLUMN)
        out += pad + rr.rdclass
        col += len(rr.rdclass)
    pad, col = _indent(col, TYPE_COLUMN)
    out += pad + rr.rdtype
    col += len(rr.rdtype)
    pad, col = _indent(col, RDATA_COLUMN)
    return out + pad + rr.rdata


def question_line(msg: Message) -> str:
    out, col = msg.qname, len(msg.qname)
    pad, col = _indent(col, CLASS_COLUMN)
    out += pad + msg.qclass
    col += len(msg.qclass)
    pad, col = _indent(col, TYPE_COLUMN)
    return ";" + out + pad + msg.qtype


def when(ctx: Any) -> str:
    clock = getattr(getattr(getattr(ctx, "machine", None), "network", None), "clock", 0.0) or 0.0
    try:
        from course_lib.shell.fs import MODEL_EPOCH
        base = datetime.datetime.utcfromtimestamp(MODEL_EPOCH)
    except ImportError:
        base = EPOCH
    moment = base + datetime.timedelta(seconds=float(clock))
    return moment.strftime("%a %b %d %H:%M:%S UTC %Y")


def short_lines(msg: Message) -> list[str]:
    return [rr.rdata for rr in msg.answer]


def reverse_name(address: str) -> Optional[str]:
    """The in-addr.arpa / ip6.arpa name of an address, None when it is not one."""
    try:
        return ipaddress.ip_address(address).reverse_pointer + "."
    except ValueError:
        return None


def dig_report(ctx: Any, argv_text: str, response: Message, server: str, opts: Any,
               servers_found: Optional[int] = None) -> str:
    """The full dig output for one answered query, honouring +noall/+answer/+cmd/... switches."""
    lines: list[str] = []
    if opts.cmd:
        lines += ["", f"; <<>> DiG {DIG_VERSION} <<>> {argv_text}"]
        if servers_found is not None:
            lines.append(f"; ({servers_found} server{'s' if servers_found != 1 else ''} found)")
        lines.append(";; global options: +cmd")
    if opts.comments:
        lines.append(";; Got answer:")
        if response.qname.lower().endswith(".local.") or response.qname.lower() == "local.":
            lines += [";; WARNING: .local is reserved for Multicast DNS",
                      ";; You are currently testing what happens when an mDNS query is leaked to DNS"]
        lines.append(f";; ->>HEADER<<- opcode: {response.opcode}, status: {response.rcode}, id: {response.id}")
        counts = (f"QUERY: 1, ANSWER: {len(response.answer)}, AUTHORITY: {len(response.authority)}, "
                  f"ADDITIONAL: {len(response.additional) + (1 if response.edns is not None else 0)}")
        lines.append(f";; flags: {response.flags_text}; {counts}")
        if response.rd and not response.ra:
            lines.append(";; WARNING: recursion requested but not available")
        if response.edns is not None:
            lines += ["", ";; OPT PSEUDOSECTION:", f"; EDNS: version: 0, flags:; udp: {response.edns}"]
    if opts.question:
        if opts.comments:
            lines += [";; QUESTION SECTION:"]
        lines.append(question_line(response))
    for flag, title, records in ((opts.answer, "ANSWER", response.answer),
                                 (opts.authority, "AUTHORITY", response.authority),
                                 (opts.additional, "ADDITIONAL", response.additional)):
        if flag and records:
            if opts.comments:
                lines += ["", f";; {title} SECTION:"]
            lines += [rr_line(rr, ttl=opts.ttlid) for rr in records]
    if opts.stats:
        lines += ["", f";; Query time: {opts.query_ms} msec",
                  f";; SERVER: {server}#{getattr(opts, 'port', 53)}({server}) (UDP)",
                  f";; WHEN: {when(ctx)}",
                  f";; MSG SIZE  rcvd: {response.wire_size()}"]
    if opts.comments or opts.stats or opts.question:
        lines.append("")
    return "\n".join(lines) + "\n" if lines else ""
