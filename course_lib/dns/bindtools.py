"""What dig, nslookup and host share: servers from resolv.conf or the command line, tries, search, errors."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.dns import bindconf, resolver
from course_lib.dns.message import Message
from course_lib.dns.ressend import _trace_query
from course_lib.dns.transport import OK, REFUSED, UNREACHABLE, exchange
from course_lib.dns.wirecase import spelled
from course_lib.net import trace as _trace
from course_lib.result import CommandResult


@dataclass
class Outcome:
    """The result of a tool's lookup: the final response (or None) and the diagnostic lines printed."""

    response: Optional[Message] = None
    server: str = ""
    qname: str = ""
    messages: list[str] = field(default_factory=list)
    elapsed_ms: int = 0
    port: int = 53
    tried: list[str] = field(default_factory=list)    # the names asked, search candidates included
    tcp: bool = False                                   # the answer came over TCP after a truncated one
    retries: int = 0                                    # dighost's l->retries left (a search's next name gets it)


def system_servers(ctx: Any) -> list[str]:
    """The servers BIND's tools read from resolv.conf; with none there, BIND's own ::1 and 127.0.0.1.
    Raises bindconf.ParseError when BIND's parser refuses the file."""
    conf = bindconf.load(ctx)
    return list(conf.nameservers) if conf.explicit_nameserver else ["::1", "127.0.0.1"]


def conf_error(ctx: Any, program: str) -> Optional[CommandResult]:
    """The tool's fatal error when BIND's parser refuses resolv.conf, else None."""
    try:
        bindconf.load(ctx)
    except bindconf.ParseError:
        return CommandResult("", f"{program}: {bindconf.PARSE_FAILED}\n", 1)
    return None


NO_SERVERS = ";; no servers could be reached"


def server_argument(ctx: Any, text: str) -> Optional[str]:
    """The address of a server named on the command line (an address, or a name the system resolves)."""
    return server_lookup(ctx, text)[0]


def server_lookup(ctx: Any, text: str) -> tuple[Optional[str], str]:
    """(address, "") or (None, why) for a server argument; `why` is what BIND's tools print after
    "couldn't get address for 'X': " -- "not found" for an unknown name, "failure" when resolution failed."""
    address = resolver.numeric_address(text) if text else None
    if address is not None:
        return address, ""
    if not text:
        return None, "not found"
    try:
        return resolver.getaddrinfo(ctx, text).addresses[0], ""
    except resolver.ResolveError as exc:
        return None, "not found" if exc.code in (resolver.EAI_NONAME[0], resolver.EAI_NODATA[0]) else "failure"
    except IndexError:
        return None, "not found"


def unanswered(outcome: "Outcome") -> list[str]:
    """The diagnostics of a lookup nobody answered, ending with BIND's "no servers could be reached"."""
    lines = list(outcome.messages)
    if not lines or lines[-1] != NO_SERVERS:
        lines.append(NO_SERVERS)
    return lines


def _setup_failure(ctx: Any, server: str) -> str:
    """Why a UDP socket towards `server` cannot even be set up, or "" when it can."""
    if ":" in server:
        lo = next((l for l in ctx.netns.links.values() if l.is_loopback), None)
        if server == "::1" and lo is not None and lo.admin_up:
            return ""
        return "address not available" if server == "::1" else "network unreachable"
    return ""


@dataclass(frozen=True)
class Policy:
    """How dighost treats one tool's answers."""

    check_ra: bool = False        # nslookup and host: an answer without RA goes on to the next server
    servfail_stops: bool = True   # dig (+fail); nslookup and host go on to the next server after SERVFAIL
    comments: bool = True         # print the "Got ... from" notes (host does not)
    tcp: bool = False             # +tcp, -vc, -T, and ANY queries
    retry_rest: bool = False      # host: the servers after a rejected answer get the setup-retry passes
    cookie: Optional[str] = None  # dig: the client COOKIE (hex) its EDNS queries carry
    adflag: bool = False          # dig: queries set AD (+adflag, on by default)
    ignore_tc: bool = False       # dig +ignore: a truncated UDP answer is kept, not asked again over TCP


DIG = Policy()


def ask(ctx: Any, servers: list[str], qname: str, qtype: str, tries: int, timeout: float,
        edns: bool = True, rd: bool = True, shown: str = "", port: int = 53, policy: Policy = DIG,
        passes: bool = True) -> Outcome:
    """Send one question the way BIND's dighost does: each server `tries` times, then the next one.

    When the first server cannot even be set up (no route, no address), dighost reports it and
    gives up for that try; only the last try walks the whole server list. An answer the policy
    rejects (SERVFAIL, or no RA for nslookup/host) sends the question on to the next server; only the
    last server's answer is kept.
    """
    out = Outcome(qname=qname)
    rng = resolver._rng(ctx)
    tries = max(tries, 1)
    setup_line = ";; Connection to {s}#{p}({s}) for {n} failed: {why}." if policy.tcp else \
        ";; UDP setup with {s}#{p}({s}) for {n} failed: {why}."

    def send(server: str, last: bool = True) -> str:
        """One attempt: "answered", "failed" (diagnostic printed) or "setup" (socket setup failed). `last`
        False: a TCP failure is not followed by 'no servers could be reached' (the caller decides)."""
        why = _setup_failure(ctx, server)
        result = None
        if not why:
            query = Message(id=rng.randrange(65536), qname=qname, qtype=qtype, rd=rd,
                            edns=1232 if edns else None, ad=policy.adflag)
            if edns and policy.cookie:
                query.cookie = policy.cookie
            result = _tcp_exchange(ctx, server, port, query, timeout) if policy.tcp else \
                exchange(ctx, server, port, query, timeout)
            if not policy.tcp and not policy.ignore_tc and result.status == OK and result.response is not None \
                    and result.response.tc:         # dighost: "Truncated, retrying in TCP mode." (same server)
                if policy.comments:             # host -v says 'Trying "NAME"' again instead
                    out.messages.append(";; Truncated, retrying in TCP mode.")
                query.id = rng.randrange(65536)
                result = _tcp_exchange(ctx, server, port, query, timeout)
                out.tcp = True
            if _trace.ACTIVE is not None:       # lab.trace(): the query and its outcome
                _trace_query(ctx, server, qname, qtype, result)
            if result.status == UNREACHABLE:
                why = "network unreachable"
        if why:
            out.messages.append(setup_line.format(s=server, p=port, n=shown or qname, why=why))
            return "setup"
        assert result is not None
        if result.status != OK or result.response is None:
            text = {REFUSED: "connection refused", "host-unreachable": "host unreachable",
                    "net-unreachable": "network unreachable"}.get(
                result.status, "timed out")
            if policy.tcp:          # dig and nslookup: 'no servers' unless the next server follows (ask's loop)
                out.messages += [f";; Connection to {server}#{port}({server}) for {shown or qname} failed: {text}."]
                if last:
                    out.messages.append(NO_SERVERS)
            else:
                out.messages.append(f";; communications error to {server}#{port}: {text}")
            return "failed"
        out.response, out.server, out.port = as_received(result.response), server, port
        out.elapsed_ms = int(result.elapsed * 1000)
        return "answered"

    def rejected(server: str, last: bool) -> bool:
        """dighost's recv_done: a SERVFAIL or RA-less answer; True when the next server gets the question."""
        response = out.response
        assert response is not None
        servfail = response.rcode == "SERVFAIL" and not policy.servfail_stops
        if not (servfail or (policy.check_ra and rd and not response.ra)):
            return False
        what = "SERVFAIL reply" if servfail else "recursion not available"
        if policy.comments:
            out.messages.append(f";; Got {what} from {server}" + ("" if last else ", trying next server"))
        if last:
            return False
        out.response = None
        return True

    if passes and servers and (_setup_failure(ctx, servers[0]) or _route_missing(ctx, servers[0])):
        for attempt in range(tries):
            walk = servers if attempt == tries - 1 else servers[:1]
            for index, server in enumerate(walk):
                state = send(server)
                if state == "answered":
                    if not rejected(server, index == len(servers) - 1):
                        return out
                    return _go_on(ctx, out, servers[index + 1:], qname, qtype, tries, timeout, edns, rd, shown,
                                  port, policy)
                if state != "setup":
                    break
            out.messages.append(NO_SERVERS)
        return out
    retries = tries                 # dighost's l->retries: one count for the lookup, not per server
    out.retries = tries
    for index, server in enumerate(servers):
        attempts = 0
        while attempts < tries:
            attempts += 1
            state = send(server, index == len(servers) - 1)
            if state == "failed" and policy.tcp and index < len(servers) - 1 and retries > 1:
                out.messages.append(NO_SERVERS)       # the same server again: dighost's 'no servers' between
            if state == "setup":
                if not passes:
                    break                 # on to the next server; "no servers" once at the end
                out.messages.append(NO_SERVERS)
                continue
            if state != "answered":       # timed out or refused: the same server while retries > 1, then the
                if retries > 1:           # next one (once each: the count stays at 1)
                    retries -= 1
                    out.retries = retries
                    continue
                break
            if rejected(server, index == len(servers) - 1):     # the next servers share the lookup's count
                following = _go_on(ctx, out, servers[index + 1:], qname, qtype, retries, timeout, edns, rd,
                                   shown, port, policy)
                if following.response is None and not policy.retry_rest and retries > 1 and \
                        following.messages[-1:] and following.messages[-1].startswith(";; UDP setup with "):
                    # the next servers could not even be set up: dighost gives up this try ('no servers')
                    # and requeues the lookup with one retry less, from the first server again
                    again = ask(ctx, servers, qname, qtype, retries - 1, timeout, edns, rd, shown, port, policy,
                                passes)
                    again.messages = following.messages + [NO_SERVERS] + again.messages
                    return again
                return following
            return out
    return out


def chase(response: Message) -> str:
    """The name a follow-up query asks for: the question's name along the answer's CNAME chain."""
    name = response.qname
    for _ in response.answer:
        target = next((rr.rdata for rr in response.answer
                       if rr.rdtype == "CNAME" and rr.name.lower() == name.lower()), None)
        if target is None:
            break
        name = target
    return name


def as_received(response: Message) -> Message:
    """The reply with its names spelled as a client decodes them (wirecase; an uncompressed reply as sent)."""
    if not response.compress:
        return response
    sections = [response.answer, response.authority, response.additional]
    decoded = spelled(response.qname, sections)
    if decoded is sections:
        return response
    copy = Message(response.id, response.qname, response.qtype)
    copy.__dict__.update(response.__dict__)
    copy.answer, copy.authority, copy.additional = decoded
    return copy


def _go_on(ctx: Any, out: Outcome, rest: list[str], qname: str, qtype: str, tries: int, timeout: float,
           edns: bool, rd: bool, shown: str, port: int, policy: Policy) -> Outcome:
    """The rest of the server list after a rejected answer: each server in turn (nslookup), or with the
    setup-retry passes (host)."""
    following = ask(ctx, rest, qname, qtype, tries, timeout, edns, rd, shown, port, policy,
                    passes=policy.retry_rest)
    following.messages = out.messages + following.messages
    return following


def _tcp_exchange(ctx: Any, server: str, port: int, query: Message, timeout: float) -> Any:
    """One query over TCP (length-prefixed, as RFC 1035 4.2.2) through the datapath.
    The machine's stub and the offline internet's resolvers serve TCP as they serve UDP."""
    from course_lib.dns import internet
    from course_lib.dns.transport import Exchange
    if getattr(ctx, "backend", "sim") == "real" or ":" in server or (
            port == 53 and (server == internet.STUB[0] or internet.is_public_resolver(server))):
        return exchange(ctx, server, port, query, timeout)
    from course_lib.http import transport as tcp_transport
    conn = tcp_transport.request(ctx.netns, server, port, query, timeout)
    status = {"ok": OK, "refused": REFUSED, "timeout": "timeout"}.get(conn.status, "host-unreachable")
    if conn.error in ("network-unreachable",):
        status = UNREACHABLE
    reply = conn.response if isinstance(conn.response, Message) else None
    return Exchange(status if reply is not None or status != OK else "timeout", reply, conn.elapsed)


def _route_missing(ctx: Any, server: str) -> bool:
    """No route at all from this netns (sendto would fail with ENETUNREACH)."""
    if ":" in server:
        return False
    from course_lib.dns.directpath import parse_ip
    from course_lib.dns.transport import _route_to
    dst = parse_ip(server)
    if dst is None:
        return True
    if server.startswith("127."):
        lo = next((l for l in ctx.netns.links.values() if l.is_loopback), None)
        return lo is None or not lo.admin_up
    if any(a.ip == dst for a in ctx.netns.addresses):
        return False
    return _route_to(ctx.netns, dst) is None


def search_names(ctx: Any, name: str, use_search: bool, ndots: Optional[int] = None) -> list[str]:
    """The names BIND's tools try for `name`: as-is first when it has ndots dots, then the search list."""
    if name.endswith(".") or not use_search:
        return [name if name.endswith(".") else name + "."]
    conf = bindconf.load(ctx)
    searched = [f"{name}.{d.strip('.')}." for d in conf.search if d.strip(".")]
    if name.count(".") >= (conf.ndots if ndots is None else ndots):
        return [name + "."]            # tried as is; BIND does not fall back to the search list
    return searched + [name + "."]


def stats_times(ctx: Any, rcode: str, name: str, tried: list[str], ndots: Optional[int], search: bool) -> int:
    """How often dig prints a reply's stats (host -v its 'Received' line), as dighost's recv_done does:
    while searching, an NXDOMAIN is printed with them; then any reply gets them (again) when NOERROR or
    asked with no search origin. So the name as is, asked first (absolute, or ndots dots), twice on
    NXDOMAIN; as is after the search list once; a search-list name's REFUSED or SERVFAIL not at all."""
    final = (tried or [name])[-1]
    if final.rstrip(".") != name.rstrip("."):                   # a search-list name
        return 1 if rcode in ("NXDOMAIN", "NOERROR") else 0
    if not search or rcode != "NXDOMAIN":
        return 1
    return 2 if name.endswith(".") or name.count(".") >= (bindconf.load(ctx).ndots if ndots is None else ndots) \
        else 1


def lookup(ctx: Any, servers: list[str], name: str, qtype: str, use_search: bool, tries: int,
           timeout: float, ndots: Optional[int] = None, on_search: Optional[Any] = None, **kw: Any) -> Outcome:
    """Try the search names in turn, moving on after NXDOMAIN, as dig +search and nslookup do.
    `on_search` (dig +showsearch, nslookup -debug) gets each NXDOMAIN outcome that is not the last, with
    its own diagnostics, to print it then."""
    outcome = Outcome(qname=name)
    messages: list[str] = []
    tried: list[str] = []
    candidates = search_names(ctx, name, use_search, ndots)
    for index, candidate in enumerate(candidates):
        outcome = ask(ctx, servers, candidate, qtype, tries, timeout, **kw)
        tries = outcome.retries or tries    # next_origin clones the lookup with the retries it has left
        if NO_SERVERS in outcome.messages:
            kw["passes"] = False        # the setup-retry passes come once: later names just go on
        tried.append(candidate)
        if outcome.response is None or outcome.response.rcode != "NXDOMAIN":
            outcome.messages, outcome.tried = messages + outcome.messages, tried
            return outcome
        if on_search is not None and index < len(candidates) - 1:
            on_search(outcome)
        else:
            messages += outcome.messages
        outcome.messages, outcome.tried = list(messages), tried
    return outcome
