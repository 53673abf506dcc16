"""The `dig` command (BIND 9.18): @server, types, -x, +short, +search, +noall/+answer... and its report."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dns.rdataclass
import dns.rdatatype

from course_lib.dns import bindtools, resolver
from course_lib.dns.digfmt import dig_report, reverse_name, rr_line
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
    recurse: bool = True
    edns: bool = True
    tries: int = 3
    timeout: int = 5
    query_ms: int = 0
    port: int = 53


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
    elif name in ("search", "defname"):
        opts.search = value_on
    elif name == "ttlid":
        opts.ttlid = value_on
    elif name in ("recurse", "rec"):
        opts.recurse = value_on
    elif name == "edns":
        opts.edns = value_on
    elif name in ("tries", "retry", "time", "timeout") and not value.isdigit():
        raise ValueError(f"invalid {name} '{value}': not a valid number\ndig: Couldn't parse {name}\n")
    elif name in ("tries", "retry", "time", "timeout"):
        number = int(value)
        if name == "tries":
            opts.tries = max(number, 1)
        elif name == "retry":
            opts.tries = number + 1
        else:
            opts.timeout = max(number, 1)
    elif name in ("cookie", "nsid", "identify", "besteffort", "fail", "ignore", "multiline", "onesoa",
                  "tcp", "vc", "dnssec", "adflag", "cdflag", "aaonly", "trace", "showsearch", "crypto",
                  "rrcomments", "ttlunits", "class", "qr", "keepopen", "idnout", "header-only", "ednsopt"):
        pass
    else:
        return False
    return True


@command("dig")
def dig(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    opts = DigOptions()
    port = 53
    server = None
    name = None
    qtype = None
    warnings = ""
    args = argv[1:]
    i = 0
    while i < len(args):
        token = args[i]
        if token.startswith("@"):
            server = token[1:]
        elif token.startswith("+"):
            try:
                known = _plus_option(opts, token[1:])
            except ValueError as exc:
                return CommandResult("", str(exc), 10)
            if not known:
                return CommandResult("", f"Invalid option: {token}\n{USAGE}", 1)
        elif token in ("-h", "--help"):
            return CommandResult(USAGE, "", 0)
        elif token in ("-t", "-c", "-x", "-p", "-q", "-b", "-k", "-y") or (
                token[:2] in ("-t", "-c", "-x", "-p", "-q") and len(token) > 2):
            flag, value = token[:2], token[2:]
            if not value:
                i += 1
                if i >= len(args):
                    return CommandResult("", f"Invalid option: {token}\n{USAGE}", 1)
                value = args[i]
            if flag == "-t":
                if is_type(value):
                    qtype = value.upper()
                else:
                    warnings += f";; Warning, ignoring invalid type {value}\n"
            elif flag == "-x":
                reverse = reverse_name(value) or _partial_reverse(value)
                if reverse is None:      # dig reverses the labels of whatever it is given
                    reverse = ".".join(reversed(value.rstrip(".").split("."))) + ".in-addr.arpa."
                name, qtype = reverse, qtype or "PTR"
            elif flag == "-q":
                name = value
            elif flag == "-p":
                if not value.isdigit() or not 0 < int(value) < 65536:
                    why = "out of range" if value.isdigit() else "not a valid number"
                    return CommandResult("", f"invalid port number '{value}': {why}\n"
                                             "dig: Couldn't parse port number\n", 1)
                port = int(value)
        elif token in ("-4", "-6", "-m", "-r", "-u", "-v", "-i"):
            if token == "-v":
                return CommandResult("", f"DiG {bindtools_version()}\n", 0)
        elif token.startswith("-"):
            return CommandResult("", f"Invalid option: {token}\n{USAGE}", 1)
        elif is_type(token) and (name is not None or qtype is None):
            qtype = token.upper()
        elif is_class(token):
            pass
        elif name is None:
            name = token
        i += 1
    if name is None:
        name, qtype = ".", "NS"
    qtype = qtype or "A"
    servers_found = None
    if server is not None:
        address = resolver.numeric_address(server) if server else None
        if address is None:
            try:
                if not server:
                    raise resolver.ResolveError(resolver.EAI_NONAME[1], resolver.EAI_NONAME[0])
                address = resolver.getaddrinfo(ctx, server).addresses[0]
            except resolver.ResolveError as exc:
                why = "not found" if exc.code in (resolver.EAI_NONAME[0], resolver.EAI_NODATA[0]) else "failure"
                return CommandResult("", f"dig: couldn't get address for '{server}': {why}\n", 1)
        servers = [address]
        servers_found = 1
    else:
        servers = bindtools.system_servers(ctx)
    shown = name
    outcome = bindtools.lookup(ctx, servers, name, qtype, opts.search, opts.tries, opts.timeout,
                               edns=opts.edns, rd=opts.recurse, shown=shown, port=port)
    out = warnings + "".join(m + "\n" for m in outcome.messages)
    argv_text = " ".join(argv[1:])
    if outcome.response is None:
        if any("timed out" in m or "connection refused" in m for m in outcome.messages):
            if opts.short or not opts.cmd:
                out += ";; no servers could be reached\n"
            else:
                out += f"\n; <<>> DiG {bindtools_version()} <<>> {argv_text}\n"
                if servers_found is not None:
                    out += f"; ({servers_found} server found)\n"
                out += ";; global options: +cmd\n;; no servers could be reached\n"
        return CommandResult(out, "", 9)
    response = outcome.response
    if opts.short:
        out += "".join(rr.rdata + "\n" for rr in response.answer)
        return CommandResult(out, "", 0)
    opts.query_ms = outcome.elapsed_ms
    opts.port = outcome.port
    out += dig_report(ctx, argv_text, response, outcome.server, opts, servers_found)
    return CommandResult(out, "", 0)


def bindtools_version() -> str:
    from course_lib.dns.digfmt import DIG_VERSION
    return DIG_VERSION


def _partial_reverse(value: str) -> str | None:
    """dig -x accepts partial IPv4 addresses (1.2.3 -> 3.2.1.in-addr.arpa.)."""
    parts = value.split(".")
    if 1 <= len(parts) < 4 and all(p.isdigit() and int(p) < 256 for p in parts):
        return ".".join(reversed(parts)) + ".in-addr.arpa."
    return None


__all__ = ["dig", "rr_line"]
