"""nslookup's texts (BIND 9.18): answer lines, the -debug sections, `set all`, and its usage."""
from __future__ import annotations

from typing import Any

from course_lib.dns.message import RR, Message

# nslookup.c's rtypetext: what precedes the data of a record in a section
_LABELS = {"A": "internet address", "NS": "nameserver", "CNAME": "canonical name", "PTR": "name",
           "HINFO": "hinfo", "MX": "mail exchanger", "TXT": "text", "SRV": "service", "NAPTR": "naptr",
           "DNAME": "dname", "RP": "rp", "AFSDB": "afsdb", "LOC": "loc", "KX": "kx", "CERT": "cert"}
_TYPE_NUMBERS = {"DS": 43, "RRSIG": 46, "NSEC": 47, "DNSKEY": 48, "CAA": 257, "SSHFP": 44, "TLSA": 52,
                 "HTTPS": 65, "SVCB": 64, "OPT": 41, "SPF": 99, "URI": 256}

USAGE = ("Usage:\n"
         "   nslookup [-opt ...]             # interactive mode using default server\n"
         "   nslookup [-opt ...] - server    # interactive mode using 'server'\n"
         "   nslookup [-opt ...] host        # just look up 'host' using default server\n"
         "   nslookup [-opt ...] host server # just look up 'host' using 'server'\n")


def owner(rr: RR) -> str:
    return rr.name.rstrip(".") or "."


def rdata_text(rr: RR) -> str:
    """printrdata(): the type's label, then the data as dig prints it."""
    if rr.rdtype == "AAAA":
        return f"has AAAA address {rr.rdata}"
    label = _LABELS.get(rr.rdtype)
    if label is None:
        return f"rdata_{_TYPE_NUMBERS.get(rr.rdtype, 0)} = {rr.rdata}"
    return f"{label} = {rr.rdata}"


def soa_lines(rr: RR) -> list[str]:
    mname, rname, serial, refresh, retry, expire, minimum = rr.rdata.split()
    return [f"\torigin = {mname.rstrip('.')}", f"\tmail addr = {rname.rstrip('.')}", f"\tserial = {serial}",
            f"\trefresh = {refresh}", f"\tretry = {retry}", f"\texpire = {expire}", f"\tminimum = {minimum}"]


def section_lines(records: list[RR], answer: bool) -> list[str]:
    """printsection(): addresses as Name/Address in the answer section, SOA spelled out, others one line."""
    lines: list[str] = []
    for rr in records:
        if answer and rr.rdtype in ("A", "AAAA"):
            lines += [f"Name:\t{owner(rr)}", f"Address: {rr.rdata}"]
        elif rr.rdtype == "SOA":
            lines += [owner(rr)] + soa_lines(rr)
        else:
            lines.append(f"{owner(rr)}\t{rdata_text(rr)}")
    return lines


def format_rr(rr: RR) -> str:
    return "\n".join(section_lines([rr], True))


def debug_block(response: Message) -> list[str]:
    """-debug: every section of the reply, each record with its TTL."""
    lines = ["------------", "    QUESTIONS:",
             f"\t{response.qname.rstrip('.') or '.'}, type = {response.qtype}, class = {response.qclass}"]
    for title, records in (("ANSWERS", response.answer), ("AUTHORITY RECORDS", response.authority),
                           ("ADDITIONAL RECORDS", response.additional)):
        lines.append(f"    {title}:")
        for rr in records:
            lines.append(f"    ->  {owner(rr)}")
            lines += soa_lines(rr) if rr.rdtype == "SOA" else [f"\t{rdata_text(rr)}"]
            lines.append(f"\tttl = {rr.ttl}")
    return lines + ["------------"]


def server_lines(servers: list[str], shown: list[str], port: int) -> list[str]:
    """show_settings(): the default server(s)."""
    out = []
    for address, name in zip(servers, shown):
        out += [f"Default server: {name}", f"Address: {address}#{port}"]
    return out


def settings_lines(st: Any, search: list[str]) -> list[str]:
    """`set all`."""
    return ["", "Set options:",
            f"  {'vc' if st.vc else 'novc'}\t\t\t{'debug' if st.debug else 'nodebug'}\t\tnod2",
            f"  {'search' if st.search else 'nosearch'}\t\t{'recurse' if st.recurse else 'norecurse'}",
            f"  timeout = {st.timeout_set}\t\tretry = {st.tries}\tport = {st.port}\tndots = {st.ndots}",
            f"  querytype = {st.qtype:<8}\tclass = IN",
            f"  srchlist = {'/'.join(search)}"]
