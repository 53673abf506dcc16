"""The `dig` command (BIND 9.18): @server, types, -x, +short, +search, +noall/+answer... and its report.

Options before the first name are global; a name (or -x, -q) starts a lookup that copies them, and
the options, type and @server after it are that lookup's own, so one command line can ask several
questions (`dig a.example A b.example MX`). The command line is printed once, before the first answer.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Optional

import dns.rdataclass
import dns.rdatatype

from course_lib.dns import bindconf, bindtools, resolver
from course_lib.dns.digfmt import DIG_VERSION, dig_report, reverse_name, rr_line, short_line
from course_lib.result import CommandResult
from course_lib.shell.registry import command

USAGE = ("Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n"
         "            {global-d-opt} host [@local-server] {local-d-opt}\n"
         "            [ host [@local-server] {local-d-opt} [...]]\n\n"
         "Use \"dig -h\" (or \"dig -h | more\") for complete list of options\n")

_SECTIONS = ("cmd", "comments", "question", "answer", "authority", "additional", "stats")


@dataclass
class DigOptions:
    cmd: bool = True
    comments: bool = True
    question: bool = True
    answer: bool = True
    authority: bool = True
    additional: bool = True
    stats: bool = True
    short: bool = False
    search: bool = False
    ttlid: bool = True
    klass: bool = True
    ttlunits: bool = False
    identify: bool = False
    multiline: bool = False
    showsearch: bool = False
    recurse: bool = True
    edns: bool = True
    cookie: Optional[str] = ""      # +cookie: "" a client cookie drawn per lookup, None +nocookie, or +cookie=HEX
    adflag: bool = True
    tcp: bool = False
    tcp_set: bool = False
    ignore_tc: bool = False
    servfail_stops: bool = True
    tries: Optional[int] = None     # +tries/+retry; else resolv.conf's attempts, else 3
    timeout: Optional[int] = None   # +time; else resolv.conf's timeout, else 5
    ndots: Optional[int] = None     # +ndots=D: instead of resolv.conf's
    query_ms: int = 0
    port: int = 53


@dataclass
class Query:
    """One lookup of the command line: its name, type, server and options."""

    name: str
    opts: DigOptions
    qtype: Optional[str] = None
    server: Optional[str] = None
    port: int = 53
    greeting: bool = False    # the command line was captured for printing (printcmd when the lookup began)
    server_first: bool = False   # @server came before any name: '; (N server found)' joins the greeting
    ip6_reverse: bool = False    # -x IPv6: its diagnostics name the ip6.arpa name without the root's dot


def is_type(token: str) -> bool:
    try:
        dns.rdatatype.from_text(token)
        return not token.isdigit()
    except Exception:
        return False


def is_class(token: str) -> bool:
    if token.upper() not in ("IN", "CH", "HS", "ANY", "NONE"):
        return False
    return dns.rdataclass.from_text(token) is not None


def _plus_option(opts: DigOptions, text: str) -> bool:
    """Apply one +option; False when dig does not know it."""
    negate = text.startswith("no")
    name = text[2:] if negate else text
    name, _, value = name.partition("=")
    value_on = not negate
    if name in _SECTIONS:
        setattr(opts, name, value_on)
    elif name == "all":
        for section in _SECTIONS:
            setattr(opts, section, value_on)
    elif name == "short":
        opts.short = value_on
        if value_on:                    # dig.c: +short shows the answer section only (a later +noall hides it)
            opts.answer = True
    elif name in ("search", "defname"):
        opts.search = value_on
    elif name in ("ttlid", "ttlunits", "identify", "multiline", "showsearch"):
        setattr(opts, name, value_on)
    elif name == "multi":
        opts.multiline = value_on
    elif name == "class":
        opts.klass = value_on
    elif name in ("recurse", "rec"):
        opts.recurse = value_on
    elif name == "edns":
        opts.edns = value_on
    elif name == "cookie":
        if negate or not value:
            opts.cookie = None if negate else ""
        elif len(value) % 2 or any(c not in "0123456789abcdefABCDEF" for c in value):
            raise _Exit(CommandResult("", "dig: isc_hex_decodestring: bad hex encoding\n", 1))
        elif len(value) > 80:
            raise ValueError("dig: COOKIE data too large\n")
        else:
            opts.cookie = value.lower()         # sent as given, whatever its length
    elif name == "adflag":
        opts.adflag = value_on
    elif name in ("tcp", "vc"):
        opts.tcp, opts.tcp_set = value_on, True
    elif name == "fail":
        opts.servfail_stops = value_on
    elif name == "ndots" and (negate or "=" not in text):
        return False
    elif name in ("tries", "retry", "time", "timeout", "ndots") and not value.isdigit():
        raise ValueError(f"invalid {name} '{value}': not a valid number\ndig: Couldn't parse {name}\n")
    elif name in ("tries", "retry", "time", "timeout", "ndots"):
        number = int(value)
        if name == "ndots":
            opts.ndots = number
        elif name == "tries":
            opts.tries = max(number, 1)
        elif name == "retry":
            opts.tries = number + 1
        else:
            opts.timeout = max(number, 1)
    elif name == "ignore":
        opts.ignore_tc = value_on
    elif name in ("nsid", "besteffort", "onesoa", "dnssec",
                  "cdflag", "aaonly", "trace", "crypto", "rrcomments", "qr", "keepopen",
                  "idnout", "header-only", "ednsopt"):
        pass
    else:
        return False
    return True


@command("dig")
def dig(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    try:
        queries, warnings = _parse(argv[1:])
    except _Exit as done:
        return done.result
    failed = bindtools.conf_error(ctx, "dig")
    if failed:
        return failed
    out, rc = warnings, 0
    for index, query in enumerate(queries):
        try:
            text, code = _run(ctx, query, " ".join(argv[1:]) if index == 0 else None)
        except _Exit as fatal:               # dig's fatal(): what was printed stays, the program ends
            return CommandResult(out, fatal.result.stderr, fatal.result.returncode)
        out += text
        rc = max(rc, code)
    return CommandResult(out, "", rc)


class _Exit(Exception):
    def __init__(self, result: CommandResult) -> None:
        super().__init__()
        self.result = result


def _parse(args: list[str]) -> tuple[list[Query], str]:
    """The lookups of a command line (dig's parse_args), and its warnings."""
    default = Query("", DigOptions())
    queries: list[Query] = []
    current = default
    warnings = ""
    globals_: list[str] = []
    typed: set[int] = set()             # the lookups whose type was given (rdtypeset)
    open_type_class = True              # after -t or -c a bare word is always a name

    def set_type(query: Query, rdtype: str) -> str:
        """A type for `query`: a second one replaces the first with a warning; ANY asks over TCP (tcp_mode),
        which the lookup keeps whatever type comes after."""
        query.qtype = rdtype
        if rdtype == "ANY" and not query.opts.tcp_set:
            query.opts.tcp = True
        if id(query) in typed:
            return ";; Warning, extra type option\n"
        typed.add(id(query))
        return ""

    def new(name: str) -> Query:
        query = Query(name, copy.copy(default.opts), default.qtype, default.server, default.port,
                      server_first=default.server is not None)
        query.greeting = not queries and default.opts.cmd and not default.opts.short
        queries.append(query)
        if id(default) in typed:        # clone_lookup copies rdtypeset
            typed.add(id(query))
        return query

    i = 0
    while i < len(args):
        token = args[i]
        if token.startswith("@"):
            current.server = token[1:]
        elif token.startswith("+"):
            try:
                known = _plus_option(current.opts, token[1:])
                if token[1:].lstrip("no") in ("short", "cmd"):      # dig's short_form and printcmd are global
                    globals_.append(token[1:])
            except ValueError as exc:
                raise _Exit(CommandResult("", str(exc), 10))
            if not known:
                raise _Exit(CommandResult("", f"Invalid option: {token}\n{USAGE}", 1))
        elif token in ("-h", "--help"):
            raise _Exit(CommandResult(USAGE, "", 0))
        elif token in ("-t", "-c", "-x", "-p", "-q", "-b", "-k", "-y") or (
                token[:2] in ("-t", "-c", "-x", "-p", "-q") and len(token) > 2):
            flag, value = token[:2], token[2:]
            if not value:
                i += 1
                if i >= len(args):
                    raise _Exit(CommandResult("", f"Invalid option: {token}\n{USAGE}", 1))
                value = args[i]
            if flag in ("-t", "-c"):
                open_type_class = False
            if flag == "-t":
                if is_type(value):
                    warnings += set_type(current, value.upper())
                else:
                    warnings += f";; Warning, ignoring invalid type {value}\n"
            elif flag == "-x":
                reverse = reverse_name(value) or _partial_reverse(value)
                if reverse is None:      # dig reverses the labels of whatever it is given
                    reverse = ".".join(reversed(value.rstrip(".").split("."))) + ".in-addr.arpa."
                current = new(reverse)
                current.ip6_reverse = ":" in value       # (an in-addr.arpa name keeps it, as get_reverse builds it)
                current.qtype = current.qtype if current.qtype not in (None, "A") else "PTR"
            elif flag == "-q":
                current = new(value)
            elif flag == "-p":
                if not value.isdigit() or not 0 < int(value) < 65536:
                    why = "out of range" if value.isdigit() else "not a valid number"
                    raise _Exit(CommandResult("", f"invalid port number '{value}': {why}\n"
                                                  "dig: Couldn't parse port number\n", 1))
                current.port = int(value)
        elif token in ("-4", "-6", "-m", "-r", "-u", "-v", "-i"):
            if token == "-v":
                raise _Exit(CommandResult("", f"DiG {DIG_VERSION}\n", 0))
        elif token.startswith("-"):
            raise _Exit(CommandResult("", f"Invalid option: {token}\n{USAGE}", 1))
        elif token.lower().startswith("ixfr=") and token[5:].isdigit():
            current.qtype = "IXFR"          # an incremental transfer from that serial
        elif open_type_class and is_type(token):     # a word that is a type is one, whatever came before
            warnings += set_type(current, token.upper())
        elif open_type_class and is_class(token):
            pass
        else:
            current = new(token)
        i += 1
    if not queries:
        query = new(".")
        query.opts = default.opts
        query.qtype = "NS"              # no name: the root's NS, whatever type was given
    for query in queries:
        for option in globals_:         # short_form and printcmd are global; the sections stay per lookup
            answer = query.opts.answer
            _plus_option(query.opts, option)
            query.opts.answer = answer
    return queries, warnings


def _run(ctx: Any, query: Query, cmdline: Optional[str]) -> tuple[str, int]:
    """One lookup: its diagnostics and report, and dig's exit status for it."""
    opts = query.opts
    qtype = query.qtype or "A"
    servers_found = None
    if query.server is not None:
        server = query.server
        address = resolver.numeric_address(server) if server else None
        if address is None:
            try:
                if not server:
                    raise resolver.ResolveError(resolver.EAI_NONAME[1], resolver.EAI_NONAME[0])
                address = resolver.getaddrinfo(ctx, server).addresses[0]
            except resolver.ResolveError as exc:
                why = "not found" if exc.code in (resolver.EAI_NONAME[0], resolver.EAI_NODATA[0]) else "failure"
                raise _Exit(CommandResult("", f"dig: couldn't get address for '{server}': {why}\n", 1))
        servers = [address]
        servers_found = 1 if query.server_first else None
    else:
        servers = bindtools.system_servers(ctx)
    if opts.cookie == "":           # dighost's compute_cookie: 8 random bytes of the process
        opts.cookie = f"{resolver._rng(ctx).getrandbits(64):016x}"
    policy = bindtools.Policy(servfail_stops=opts.servfail_stops, comments=opts.comments and not opts.short,
                              tcp=opts.tcp or (qtype in ("ANY", "AXFR", "IXFR") and not opts.tcp_set),
                              cookie=opts.cookie, adflag=opts.adflag, ignore_tc=opts.ignore_tc)
    shown: list[str] = []

    def show_search(step: Any) -> None:           # +showsearch: every search-list reply, command line and all
        assert step.response is not None
        text = "".join(m + "\n" for m in step.messages)
        if not opts.short:
            opts.query_ms, opts.port = step.elapsed_ms, step.port
            text += dig_report(ctx, cmdline, step.response, step.server, opts, servers_found, tcp=policy.tcp)
        shown.append(text)

    conf = bindconf.load(ctx)
    tries = opts.tries if opts.tries is not None else max(conf.attempts if conf.attempts is not None else 3, 1)
    timeout = opts.timeout if opts.timeout is not None else max(conf.timeout if conf.timeout is not None else 5, 1)
    outcome = bindtools.lookup(ctx, servers, query.name, qtype, opts.search, tries, timeout,
                               ndots=opts.ndots, edns=opts.edns, rd=opts.recurse, shown=query.name.rstrip(".") if query.ip6_reverse else query.name, port=query.port,
                               policy=policy, on_search=show_search if opts.showsearch else None)
    out = "".join(shown) + "".join(m + "\n" for m in outcome.messages)
    if outcome.response is None:
        if policy.tcp:
            return out, 9
        if any("timed out" in m or "connection refused" in m or
               (m.startswith(";; communications error") and m.endswith("network unreachable"))
               for m in outcome.messages):
            if not query.greeting or cmdline is None:      # +short/+nocmd given before the name
                out += ";; no servers could be reached\n"
            else:
                out += f"\n; <<>> DiG {DIG_VERSION} <<>> {cmdline}\n"
                if servers_found is not None:
                    out += f"; ({servers_found} server found)\n"
                out += ";; global options: +cmd\n;; no servers could be reached\n"
        return out, 9
    response = outcome.response
    if qtype in ("AXFR", "IXFR"):
        return out + _transfer(ctx, cmdline, response, outcome, opts, query.greeting), 0
    if opts.short:
        tail = f" from server {outcome.server} in {outcome.elapsed_ms} ms." if opts.identify else ""
        return out + "".join(short_line(rr) + tail + "\n" for rr in response.answer if opts.answer), 0
    opts.query_ms = outcome.elapsed_ms
    opts.port = outcome.port
    report = dig_report(ctx, cmdline, response, outcome.server, opts, servers_found, tcp=policy.tcp or outcome.tcp)
    if opts.search and opts.stats:             # the stats twice, once or not at all (bindtools.stats_times)
        stats = report[report.rindex(";; Query time:"):]
        times = bindtools.stats_times(ctx, response.rcode, query.name, outcome.tried, opts.ndots, True)
        report = report[:len(report) - len(stats)] + stats * times
    return out + report, 0


def _transfer(ctx: Any, cmdline: Optional[str], response: Any, outcome: Any, opts: DigOptions,
              greeting: bool) -> str:
    """dig AXFR: the records as they come, then the XFR size -- or '; Transfer failed.' when the reply
    is no transfer (a refusal, or no SOA opening and closing the answer)."""
    from course_lib.dns.digfmt import when
    out = f"\n; <<>> DiG {DIG_VERSION} <<>> {cmdline}\n;; global options: +cmd\n" if greeting and cmdline else ""
    records = response.answer + response.authority
    done = (response.rcode == "NOERROR" and len(response.answer) > 1 and response.answer[0].rdtype == "SOA"
            and response.answer[-1].rdtype == "SOA")
    if opts.short:
        return "".join(short_line(rr) + "\n" for rr in response.answer) if done else "; Transfer failed.\n"
    out += "".join(rr_line(rr, ttl=opts.ttlid) + "\n" for rr in records)
    if not done:
        return out + "; Transfer failed.\n"
    return out + (f";; Query time: {outcome.elapsed_ms} msec\n;; SERVER: {outcome.server}#{outcome.port}"
                  f"({outcome.server}) (TCP)\n;; WHEN: {when(ctx)}\n;; XFR size: {len(response.answer)} records "
                  f"(messages 1, bytes {response.wire_size() + 2})\n\n")


def bindtools_version() -> str:
    return DIG_VERSION


def _partial_reverse(value: str) -> str | None:
    """dig -x accepts partial IPv4 addresses (1.2.3 -> 3.2.1.in-addr.arpa.)."""
    parts = value.split(".")
    if 1 <= len(parts) < 4 and all(p.isdigit() and int(p) < 256 for p in parts):
        return ".".join(reversed(parts)) + ".in-addr.arpa."
    return None


__all__ = ["dig", "rr_line"]
