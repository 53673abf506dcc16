"""BIND 9.18 text formats: master-file record lines with dig's tab columns, sections, and the dig report."""
from __future__ import annotations

import datetime
import ipaddress
from typing import Any, Optional

from course_lib.dns.message import RR, Message
from course_lib.net.wallclock import epoch_of

DIG_VERSION = "9.18.49-1~deb12u3-Debian"
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


MULTILINE_COLUMNS = (24, 24, 24, 32)      # dig +multiline's style: TTL, class, type, data


def rr_line(rr: RR, ttl: bool = True, klass: bool = True, ttlunits: bool = False, multiline: bool = False) -> str:
    """One record as dig prints it in a section: the fields after the name take the columns in turn
    (TTL 24, class 32, type 40, data 48; +multiline 24, 24, 24, 32 and SOA spread over lines); a field
    left out (+nottlid, +noclass) moves the rest left."""
    fields = ([ttl_text(rr.ttl, ttlunits)] if ttl else []) + ([rr.rdclass] if klass else []) + [rr.rdtype]
    columns = MULTILINE_COLUMNS if multiline else (TTL_COLUMN, CLASS_COLUMN, TYPE_COLUMN, RDATA_COLUMN)
    rdata = _multiline_soa(rr.rdata) if multiline and rr.rdtype == "SOA" else rr.rdata
    out, col = rr.name, len(rr.name)
    for text, column in zip(fields + [rdata], columns):
        pad, col = _indent(col, column)
        out += pad + text
        col += len(text)
    return out


def _multiline_soa(rdata: str) -> str:
    """The SOA's numbers one a line, with BIND's comments (serial, refresh (2 hours), ...)."""
    mname, rname, *numbers = rdata.split()
    lines = [f"{mname} {rname} ("]
    for label, number in zip(("serial", "refresh", "retry", "expire", "minimum"), numbers):
        comment = label if label == "serial" else f"{label} ({_duration_words(int(number))})"
        lines.append(f"\t\t\t\t{number:<10} ; {comment}")
    return "\n".join(lines + ["\t\t\t\t)"])


def _duration_words(seconds: int) -> str:
    """dns_ttl_totext(verbose): 2 hours, 1 minute, 1 day 12 hours."""
    parts = []
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {unit}{'s' if count != 1 else ''}")
    return " ".join(parts) or "0 seconds"


def ttl_text(ttl: int, units: bool = False) -> str:
    """A TTL in seconds, or with +ttlunits as BIND's dns_ttl_totext writes it (1h, 1d2h, 30s)."""
    if not units:
        return str(ttl)
    parts = []
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if ttl >= size or (unit == "s" and not parts):
            parts.append(f"{ttl // size}{unit}")
            ttl %= size
        if not ttl:
            break
    return "".join(parts)


def short_line(rr: RR) -> str:
    return rr.rdata


def question_line(msg: Message, multiline: bool = False) -> str:
    out, col = msg.qname, len(msg.qname)
    pad, col = _indent(col, MULTILINE_COLUMNS[1] if multiline else CLASS_COLUMN)
    out += pad + msg.qclass
    col += len(msg.qclass)
    pad, col = _indent(col, MULTILINE_COLUMNS[2] if multiline else TYPE_COLUMN)
    return ";" + out + pad + msg.qtype


def when(ctx: Any) -> str:
    clock = getattr(getattr(getattr(ctx, "machine", None), "network", None), "clock", 0.0) or 0.0
    network = getattr(getattr(ctx, "machine", None), "network", None)
    moment = datetime.datetime.fromtimestamp(epoch_of(network) + float(clock), datetime.timezone.utc)
    return moment.strftime("%a %b %d %H:%M:%S UTC %Y")


def short_lines(msg: Message) -> list[str]:
    return [rr.rdata for rr in msg.answer]


def reverse_name(address: str) -> Optional[str]:
    """The in-addr.arpa / ip6.arpa name of an address, None when it is not one."""
    try:
        return ipaddress.ip_address(address).reverse_pointer + "."
    except ValueError:
        return None


def dig_report(ctx: Any, argv_text: Optional[str], response: Message, server: str, opts: Any,
               servers_found: Optional[int] = None, tcp: bool = False) -> str:
    """The full dig output for one answered query, honouring +noall/+answer/+cmd/... switches.
    Each section ends with a blank line when comments are on; the command line comes with the first
    lookup only (argv_text None for the others)."""
    lines: list[str] = []
    if opts.cmd and argv_text is not None:
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
        lines.append("")
        if response.edns is not None:
            lines += [";; OPT PSEUDOSECTION:", f"; EDNS: version: 0, flags:; udp: {response.edns}"]
            if response.cookie:
                lines.append(f"; COOKIE: {response.cookie}{_cookie_note(response.cookie, getattr(opts, 'cookie', ''))}")
    if opts.question:
        lines += [";; QUESTION SECTION:"] if opts.comments else []
        lines.append(question_line(response, getattr(opts, "multiline", False)))
        lines += [""] if opts.comments else []
    for flag, title, records in ((opts.answer, "ANSWER", response.answer),
                                 (opts.authority, "AUTHORITY", response.authority),
                                 (opts.additional, "ADDITIONAL", response.additional)):
        if flag and records:
            lines += [f";; {title} SECTION:"] if opts.comments else []
            lines += [rr_line(rr, ttl=opts.ttlid, klass=getattr(opts, "klass", True),
                              ttlunits=getattr(opts, "ttlunits", False), multiline=getattr(opts, "multiline", False))
                      for rr in records]
            lines += [""] if opts.comments else []
    if opts.stats:
        lines += [f";; Query time: {opts.query_ms} msec",
                  f";; SERVER: {server}#{getattr(opts, 'port', 53)}({server}) ({'TCP' if tcp else 'UDP'})",
                  f";; WHEN: {when(ctx)}",
                  f";; MSG SIZE  rcvd: {response.wire_size()}", ""]
    return "\n".join(lines) + "\n" if lines else ""


def _cookie_note(cookie: str, sent: Optional[str]) -> str:
    """dighost's process_cookie verdict: our cookie came back alone (echoed), with a server cookie (good),
    or not at all (bad)."""
    if sent and cookie.startswith(sent.lower()):
        return " (good)" if len(cookie) >= 32 else " (echoed)"
    return " (bad)"
