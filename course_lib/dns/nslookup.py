"""The `nslookup` command (BIND 9.18): the search list, A then AAAA, and nslookup's answer texts."""
from __future__ import annotations

from typing import Any

import dns.rdatatype

from course_lib.dns import bindtools, resolver
from course_lib.dns.busybox_nslookup import busybox_nslookup, uses_busybox_nslookup
from course_lib.dns.digfmt import reverse_name
from course_lib.dns.message import RR, Message
from course_lib.result import CommandResult
from course_lib.shell.registry import command

_LABELS = {"MX": "mail exchanger", "NS": "nameserver", "PTR": "name", "TXT": "text",
           "SRV": "service", "CNAME": "canonical name", "HINFO": "hinfo", "CAA": "caa"}


def format_rr(rr: RR) -> str:
    owner = rr.name.rstrip(".") or "."
    if rr.rdtype in ("A", "AAAA"):
        return f"Name:\t{owner}\nAddress: {rr.rdata}"
    if rr.rdtype == "SOA":
        mname, rname, serial, refresh, retry, expire, minimum = rr.rdata.split()
        return (f"{owner}\n\torigin = {mname.rstrip('.')}\n\tmail addr = {rname.rstrip('.')}\n"
                f"\tserial = {serial}\n\trefresh = {refresh}\n\tretry = {retry}\n\texpire = {expire}\n"
                f"\tminimum = {minimum}")
    return f"{owner}\t{_LABELS.get(rr.rdtype, rr.rdtype.lower())} = {rr.rdata}"


def _answer_block(response: Message, qtype: str, skip_cname: bool) -> list[str]:
    lines = [format_rr(rr) for rr in response.answer if not (skip_cname and rr.rdtype == "CNAME")]
    if not any(rr.rdtype == qtype or qtype == "ANY" for rr in response.answer):
        lines.append(f"*** Can't find {response.qname.rstrip('.')}: No answer")
    return lines


@command("nslookup")
def nslookup(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    if uses_busybox_nslookup(ctx):
        return busybox_nslookup(ctx, argv)
    out: list[str] = []
    qtype = "A"
    explicit_type = False
    timeout, tries, use_search = 5, 3, True
    positional: list[str] = []
    for token in argv[1:]:
        if token.startswith("-") and len(token) > 1:
            key, _, value = token[1:].partition("=")
            key = key.lower()
            if key in ("type", "query", "querytype", "q", "ty") and "=" in token:
                if _valid_type(value):
                    qtype, explicit_type = value.upper(), True
                else:
                    out.append(f"unknown query type: {value}")
            elif key in ("timeout", "t") and value.isdigit():
                timeout = max(int(value), 1)
            elif key in ("retry", "ret") and value.isdigit():
                tries = max(int(value), 1)
            elif key in ("search", "nosearch"):
                use_search = key == "search"
            elif key in ("debug", "nodebug", "d2", "nod2", "recurse", "norecurse", "vc", "novc",
                         "fail", "nofail", "port", "class", "domain", "srchlist", "ndots"):
                pass
            else:
                out.append(f"*** Invalid option: {token[1:]}")
        else:
            positional.append(token)
    if not positional:
        return CommandResult("\n" if not stdin.strip() else "", "", 1)
    name = positional[0]
    servers = bindtools.system_servers(ctx)
    if len(positional) > 1:
        address = bindtools.server_argument(ctx, positional[1])
        if address is None:
            return CommandResult("", f";; couldn't get address for '{positional[1]}': not found\n", 1)
        servers = [address]
    reverse = reverse_name(name) if resolver.numeric_address(name) and not explicit_type else None
    if reverse:
        return _reverse(ctx, out, servers, reverse, tries, timeout)
    qtypes = [qtype] if explicit_type else ["A", "AAAA"]
    rc = 0
    header_done = False
    printed_nonauth = False
    printed_cname = False
    found_any = False
    final_name = name
    for index, current in enumerate(qtypes):
        lookup_name = final_name if index else name
        outcome = bindtools.lookup(ctx, servers, lookup_name, current, use_search and index == 0, tries,
                                   timeout, fail_moves_on=True, shown=name, note_no_recursion=True)
        response = outcome.response
        if response is None:
            out += bindtools.unanswered(outcome) + [""]
            return CommandResult("\n".join(out) + "\n", "", 1)
        out += outcome.messages
        if not header_done:
            out += [f"Server:\t\t{outcome.server}", f"Address:\t{outcome.server}#53", ""]
            header_done = True
        final_name = response.qname
        if response.rcode != "NOERROR":
            out.append(f"** server can't find {response.qname.rstrip('.')}: {response.rcode}")
            rc = 1
            break
        if not response.aa and not printed_nonauth:
            out.append("Non-authoritative answer:")
            printed_nonauth = True
        block = _answer_block(response, current, printed_cname)
        if not explicit_type:       # A then AAAA: "No answer" only when neither had an address
            found_any = found_any or any(rr.rdtype == current for rr in response.answer)
            block = [line for line in block if not line.startswith("*** Can't find")]
            if index == len(qtypes) - 1 and not found_any:
                block.append(f"*** Can't find {name.rstrip('.')}: No answer")
        printed_cname = printed_cname or any(rr.rdtype == "CNAME" for rr in response.answer)
        out += block
        if current not in ("A", "AAAA") and not response.aa:
            out += ["", "Authoritative answers can be found from:"]
            out += [format_rr(rr) for rr in response.authority]
    out.append("")
    return CommandResult("\n".join(out) + "\n", "", rc)


def _reverse(ctx: Any, out: list[str], servers: list[str], reverse: str, tries: int, timeout: int
             ) -> CommandResult:
    outcome = bindtools.ask(ctx, servers, reverse, "PTR", tries, timeout, fail_moves_on=True, shown=reverse,
                            note_no_recursion=True)
    response = outcome.response
    if response is None:
        out += bindtools.unanswered(outcome) + [""]
        return CommandResult("\n".join(out) + "\n", "", 1)
    out += outcome.messages
    if response.rcode != "NOERROR":
        out += [f"** server can't find {reverse.rstrip('.')}: {response.rcode}", ""]
        return CommandResult("\n".join(out) + "\n", "", 1)
    out += [format_rr(rr) for rr in response.answer]
    if not response.aa:
        out += ["", "Authoritative answers can be found from:"]
        out += [format_rr(rr) for rr in response.authority]
    out.append("")
    return CommandResult("\n".join(out) + "\n", "", 0)


def _valid_type(text: str) -> bool:
    if not text:
        return False
    try:
        dns.rdatatype.from_text(text)
        return True
    except Exception:
        return False
