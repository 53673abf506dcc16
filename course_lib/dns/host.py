"""The `host` command (BIND 9.18): address, IPv6 address and mail lines, aliases, PTR, and its errors."""
from __future__ import annotations

from typing import Any, Optional

import dns.rdatatype

from course_lib.dns import bindconf, bindtools, resolver
from course_lib.dns.bindtools import NO_SERVERS
from course_lib.dns.digfmt import question_line, reverse_name, rr_line
from course_lib.dns.message import RR, Message
from course_lib.result import CommandResult
from course_lib.shell.registry import command

USAGE = ("Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n"
         "            [-R number] [-m flag] [-p port] hostname [server]\n"
         "       -a is equivalent to -v -t ANY\n"
         "       -A is like -a but omits RRSIG, NSEC, NSEC3\n"
         "       -c specifies query class for non-IN data\n"
         "       -C compares SOA records on authoritative nameservers\n"
         "       -d is equivalent to -v\n"
         "       -l lists all hosts in a domain, using AXFR\n"
         "       -m set memory debugging flag (trace|record|usage)\n"
         "       -N changes the number of dots allowed before root lookup is done\n"
         "       -p specifies the port on the server to query\n"
         "       -r disables recursive processing\n"
         "       -R specifies number of retries for UDP packets\n"
         "       -s a SERVFAIL response should stop query\n"
         "       -t specifies the query type\n"
         "       -T enables TCP/IP mode\n"
         "       -U enables UDP mode\n"
         "       -v enables verbose output\n"
         "       -V print version number and exit\n"
         "       -w specifies to wait forever for a reply\n"
         "       -W specifies how long to wait for a reply\n"
         "       -4 use IPv4 query transport only\n"
         "       -6 use IPv6 query transport only\n")
RCODE_NUMBERS = {"NOERROR": 0, "FORMERR": 1, "SERVFAIL": 2, "NXDOMAIN": 3, "NOTIMP": 4, "REFUSED": 5}
_PHRASES = {"A": "has address", "AAAA": "has IPv6 address", "MX": "mail is handled by",
            "PTR": "domain name pointer", "NS": "name server", "TXT": "descriptive text",
            "CNAME": "is an alias for", "SRV": "has SRV record", "SOA": "has SOA record"}


def _line(rr: RR) -> str:
    phrase = _PHRASES.get(rr.rdtype, f"has {rr.rdtype} record")
    owner = rr.name.rstrip(".")
    return f"{owner} {phrase} {rr.rdata}"


@command("host")
def host(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    qtype = None
    timeout: Optional[int] = None
    tries = 2
    tcp = servfail_stops = verbose = listing = False
    recurse = True
    ndots, port = None, 53
    positional: list[str] = []
    args = argv[1:]
    i = 0
    while i < len(args):
        token = args[i]
        if token.startswith("-") and len(token) > 1:
            flag = token[1]
            if flag in "tWRcNmp":
                value = token[2:]
                if not value:
                    i += 1
                    if i >= len(args):
                        return CommandResult("", f"host: option requires an argument -- {flag}\n{USAGE}", 1)
                    value = args[i]
                if flag == "t":
                    try:
                        dns.rdatatype.from_text(value)
                    except Exception:
                        return CommandResult("", f"host: invalid type: {value}\n\n", 2)
                    qtype = value.upper()
                    tcp = tcp or qtype == "ANY"            # host -t ANY asks over TCP (-a does not)
                elif flag == "W" and value.isdigit():
                    timeout = max(int(value), 1)
                elif flag == "R" and value.isdigit():
                    tries = max(int(value), 1) + 1
                elif flag == "N" and value.isdigit():
                    ndots = int(value)
                elif flag == "p" and value.isdigit():
                    port = int(value)
            elif flag == "a":
                qtype, verbose = "ANY", True
            elif flag in "vd":
                verbose = True
            elif flag in "TsU":
                tcp = flag == "T" or (tcp and flag != "U")
                servfail_stops = servfail_stops or flag == "s"
            elif flag == "l":
                qtype, tcp, listing = "AXFR", True, True
            elif flag == "r":
                recurse = False                            # host -r: RD off
            elif flag in "CiVw46A":
                pass
            else:
                return CommandResult("", f"host: illegal option -- {flag}\n{USAGE}", 1)
        else:
            positional.append(token)
        i += 1
    if not positional:
        return CommandResult("", USAGE, 1)
    name = positional[0]
    out: list[str] = []
    failed = bindtools.conf_error(ctx, "host")
    if failed:
        return failed
    conf_timeout = bindconf.load(ctx).timeout
    if timeout is None:                 # -W, else resolv.conf's timeout (its attempts are not host's tries)
        timeout = max(conf_timeout if conf_timeout is not None else 5, 1)
    servers = bindtools.system_servers(ctx)
    using: list[str] = []
    if len(positional) > 1:
        address, why = bindtools.server_lookup(ctx, positional[1])
        if address is None:
            return CommandResult("", f"host: couldn't get address for '{positional[1]}': {why}\n", 1)
        servers = [address]
        using = ["Using domain server:", f"Name: {positional[1]}", f"Address: {address}#{port}", "Aliases: ", ""]
    reverse = reverse_name(name) if resolver.numeric_address(name) else None
    ip6 = reverse is not None and ":" in name       # get_reverse: an ip6.arpa name without the root's dot
    if reverse:
        name, qtypes, search = reverse, ["PTR"], False       # host asks for the PTR whatever -t says
    else:
        qtypes, search = ([qtype] if qtype else ["A", "AAAA", "MX"]), True
    rc = 0
    current_name = name
    # host checks RA like nslookup (an RA-less answer goes on to the next server) but prints no notes
    policy = bindtools.Policy(check_ra=True, servfail_stops=servfail_stops, comments=False, tcp=tcp,
                              retry_rest=True)
    for index, current in enumerate(qtypes):
        asked_name = current_name
        steps: list[list[str]] = []     # -v: the messages of each search-list NXDOMAIN before the last
        outcome = bindtools.lookup(ctx, servers, current_name, current, search and index == 0, tries,
                                   timeout, edns=False, rd=recurse, shown=name.rstrip(".") if index or ip6 else name,
                                   policy=policy, port=port,
                                   ndots=ndots, on_search=(lambda step: steps.append(list(step.messages)))
                                   if verbose else None)
        response = outcome.response
        if response is None:
            lines = bindtools.unanswered(outcome)
            if verbose:                 # a restart tries the name again, up to the final 'no servers'
                trying = f'Trying "{(outcome.tried or [current_name])[-1].rstrip(".")}"'
                out.append(trying)
                for n, message in enumerate(lines, 1):
                    out += [message, trying] if message == NO_SERVERS and n < len(lines) else [message]
            else:
                out += lines
            return CommandResult("\n".join(out) + "\n", "", 1)
        if verbose:                     # each name tried, its messages; a restart at the next server tries it again
            for messages, tried in zip(steps + [outcome.messages], outcome.tried or [current_name]):
                trying = f'Trying "{tried.rstrip(".")}"'
                out.append(trying)
                for message in messages:
                    out += [message, trying] if message == NO_SERVERS else [message]
            out += [trying] * outcome.tcp
        else:
            out += outcome.messages
        if index == 0:
            out += using            # "Using domain server" comes with the first reply
        if listing and not (response.rcode == "NOERROR" and response.answer[:1]
                            and response.answer[0].rdtype == "SOA"):
            out.append("; Transfer failed.")       # host -l: no zone transfer came back
            break
        current_name = bindtools.chase(response)
        received = f"Received {response.wire_size()} bytes from {outcome.server}#{outcome.port} in " \
                   f"{outcome.elapsed_ms} ms"
        if response.rcode != "NOERROR":
            # NXDOMAIN names the lookup's text (as typed; a reverse name absolute), other codes and a
            # chased alias the name asked
            typed = response.rcode == "NXDOMAIN" and index == 0 and \
                not any(rr.rdtype == "CNAME" for rr in response.answer)
            shown = (reverse.rstrip(".") + "." if reverse else positional[0]) if typed else response.qname.rstrip(".")
            out.append(f"Host {shown} not found: {RCODE_NUMBERS.get(response.rcode, 2)}({response.rcode})")
            if verbose:
                out += [received] * bindtools.stats_times(ctx, response.rcode, asked_name, outcome.tried, ndots,
                                                          search and index == 0)
            rc = 1
            if index == 0:
                break           # the follow-up AAAA and MX queries come only after an answer to A
            continue
        if verbose:
            out += _verbose_block(response) + [received]
            continue
        # every query's answer in its order: a follow-up asks the chased name, so its answer repeats aliases
        # only where the chain went on past the first answer (a CNAME loop: each of A, AAAA, MX shows it)
        out += [_line(rr) for rr in response.answer]
        if not response.answer and qtype:
            out.append(f"{response.qname.rstrip('.')} has no {current} record")
    return CommandResult("\n".join(out) + "\n" if out else "", "", rc)


def _verbose_block(response: Message) -> list[str]:
    """host -v: the reply's header and sections as dig prints them (no EDNS, no recursion warning)."""
    counts = (f"QUERY: 1, ANSWER: {len(response.answer)}, AUTHORITY: {len(response.authority)}, "
              f"ADDITIONAL: {len(response.additional)}")
    lines = [f";; ->>HEADER<<- opcode: {response.opcode}, status: {response.rcode}, id: {response.id}",
             f";; flags: {response.flags_text}; {counts}", "", ";; QUESTION SECTION:", question_line(response), ""]
    for title, records in (("ANSWER", response.answer), ("AUTHORITY", response.authority),
                           ("ADDITIONAL", response.additional)):
        if records:
            lines += [f";; {title} SECTION:"] + [rr_line(rr) for rr in records] + [""]
    return lines
