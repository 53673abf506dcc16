"""What dig, nslookup and host share: servers from resolv.conf or the command line, tries, search, errors."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.dns import resolver
from course_lib.dns.message import Message
from course_lib.dns.ressearch import _trace_query
from course_lib.dns.transport import OK, REFUSED, UNREACHABLE, exchange
from course_lib.net import trace as _trace


@dataclass
class Outcome:
    """The result of a tool's lookup: the final response (or None) and the diagnostic lines printed."""

    response: Optional[Message] = None
    server: str = ""
    qname: str = ""
    messages: list[str] = field(default_factory=list)
    elapsed_ms: int = 0
    port: int = 53


def system_servers(ctx: Any) -> list[str]:
    """The servers BIND's tools read from resolv.conf; with none there, BIND's own ::1 and 127.0.0.1."""
    conf = resolver.load_conf(ctx)
    return list(conf.nameservers) if conf.explicit_nameserver else ["::1", "127.0.0.1"]


NO_SERVERS = ";; no servers could be reached"


def server_argument(ctx: Any, text: str) -> Optional[str]:
    """The address of a server named on the command line (an address, or a name the system resolves)."""
    address = resolver.numeric_address(text) if text else None
    if address is None and text:
        try:
            address = resolver.getaddrinfo(ctx, text).addresses[0]
        except (resolver.ResolveError, IndexError):
            return None
    return address


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


def ask(ctx: Any, servers: list[str], qname: str, qtype: str, tries: int, timeout: float,
        edns: bool = True, rd: bool = True, fail_moves_on: bool = False, shown: str = "",
        port: int = 53, note_no_recursion: bool = False) -> Outcome:
    """Send one question the way BIND's dighost does: each server `tries` times, then the next one.

    When the first server cannot even be set up (no route, no address), dighost reports it and
    gives up for that try; only the last try walks the whole server list.
    """
    out = Outcome(qname=qname)
    rng = resolver._rng(ctx)
    tries = max(tries, 1)
    setup_line = ";; UDP setup with {s}#{p}({s}) for {n} failed: {why}."

    def send(server: str) -> str:
        """One attempt; returns "answered", "failed" (diagnostic printed) or "setup" (socket setup failed)."""
        why = _setup_failure(ctx, server)
        result = None
        if not why:
            query = Message(id=rng.randrange(65536), qname=qname, qtype=qtype, rd=rd,
                            edns=1232 if edns else None)
            result = exchange(ctx, server, port, query, timeout)
            if _trace.ACTIVE is not None:       # lab.trace(): the query and its outcome
                _trace_query(ctx, server, qname, qtype, result)
            if result.status == UNREACHABLE:
                why = "network unreachable"
        if why:
            out.messages.append(setup_line.format(s=server, p=port, n=shown or qname, why=why))
            return "setup"
        assert result is not None
        if result.status == REFUSED:
            out.messages.append(f";; communications error to {server}#{port}: connection refused")
            return "failed"
        if result.status != OK or result.response is None:
            text = "host unreachable" if result.status == "host-unreachable" else "timed out"
            out.messages.append(f";; communications error to {server}#{port}: {text}")
            return "failed"
        out.response, out.server, out.port = result.response, server, port
        out.elapsed_ms = int(result.elapsed * 1000)
        if note_no_recursion and rd and not result.response.ra and not (
                fail_moves_on and result.response.rcode == "SERVFAIL"):
            out.messages.append(f";; Got recursion not available from {server}")
        return "answered"

    if servers and _setup_failure(ctx, servers[0]) or (servers and _route_missing(ctx, servers[0])):
        for attempt in range(tries):
            for server in (servers if attempt == tries - 1 else servers[:1]):
                state = send(server)
                if state == "answered":
                    return out
                if state != "setup":
                    break
            out.messages.append(";; no servers could be reached")
        return out
    for server in servers:
        for _ in range(tries):
            state = send(server)
            if state == "setup":
                out.messages.append(";; no servers could be reached")
                continue
            if state != "answered":
                continue
            assert out.response is not None
            if fail_moves_on and out.response.rcode == "SERVFAIL":
                out.messages.append(f";; Got SERVFAIL reply from {server}")
                break           # nslookup: on to the next server, keep this answer if none is better
            return out
    return out


def _route_missing(ctx: Any, server: str) -> bool:
    """No route at all from this netns (sendto would fail with ENETUNREACH)."""
    if ":" in server:
        return False
    from course_lib.dns.transport import _parse_ip, _route_to
    dst = _parse_ip(server)
    if dst is None:
        return True
    if server.startswith("127."):
        lo = next((l for l in ctx.netns.links.values() if l.is_loopback), None)
        return lo is None or not lo.admin_up
    if any(a.ip == dst for a in ctx.netns.addresses):
        return False
    return _route_to(ctx.netns, dst) is None


def search_names(ctx: Any, name: str, use_search: bool) -> list[str]:
    """The names BIND's tools try for `name`: as-is first when it has ndots dots, then the search list."""
    if name.endswith(".") or not use_search:
        return [name if name.endswith(".") else name + "."]
    conf = resolver.load_conf(ctx)
    searched = [f"{name}.{d.strip('.')}." for d in conf.search if d.strip(".")]
    if name.count(".") >= conf.ndots:
        return [name + "."]            # tried as is; BIND does not fall back to the search list
    return searched + [name + "."]


def lookup(ctx: Any, servers: list[str], name: str, qtype: str, use_search: bool, tries: int,
           timeout: float, **kw: Any) -> Outcome:
    """Try the search names in turn, moving on after NXDOMAIN, as dig +search and nslookup do."""
    outcome = Outcome(qname=name)
    messages: list[str] = []
    for candidate in search_names(ctx, name, use_search):
        outcome = ask(ctx, servers, candidate, qtype, tries, timeout, **kw)
        messages += outcome.messages
        outcome.messages = messages
        if outcome.response is None or outcome.response.rcode != "NXDOMAIN":
            return outcome
    return outcome
