"""What dig, nslookup and host share: servers from resolv.conf or the command line, tries, search, errors."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.dns import resolver
from course_lib.dns.message import Message
from course_lib.dns.transport import OK, REFUSED, TIMEOUT, UNREACHABLE, exchange


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
    return list(resolver.load_conf(ctx).nameservers)


def ask(ctx: Any, servers: list[str], qname: str, qtype: str, tries: int, timeout: float,
        edns: bool = True, rd: bool = True, fail_moves_on: bool = False, shown: str = "",
        port: int = 53) -> Outcome:
    """Send one question the way BIND's dighost does: each server `tries` times, then the next one."""
    out = Outcome(qname=qname)
    rng = resolver._rng(ctx)
    for server in servers:
        for _ in range(max(tries, 1)):
            query = Message(id=rng.randrange(65536), qname=qname, qtype=qtype, rd=rd,
                            edns=1232 if edns else None)
            result = exchange(ctx, server, port, query, timeout)
            if result.status == UNREACHABLE:
                out.messages.append(f";; UDP setup with {server}#{port}({server}) for {shown or qname}"
                                    " failed: network unreachable.")
                out.messages.append(";; no servers could be reached")
                continue
            if result.status == TIMEOUT or (result.status == OK and result.response is None):
                out.messages.append(f";; communications error to {server}#{port}: timed out")
                continue
            if result.status == REFUSED:
                out.messages.append(f";; communications error to {server}#{port}: connection refused")
                continue
            response = result.response
            assert response is not None
            out.response, out.server, out.port = response, server, port
            out.elapsed_ms = int(result.elapsed * 1000)
            if fail_moves_on and response.rcode == "SERVFAIL":
                out.messages.append(f";; Got SERVFAIL reply from {server}")
                break           # nslookup: on to the next server, keep this answer if none is better
            return out
    return out


def search_names(ctx: Any, name: str, use_search: bool) -> list[str]:
    """The names BIND's tools try for `name`: as-is first when it has ndots dots, then the search list."""
    if name.endswith(".") or not use_search:
        return [name if name.endswith(".") else name + "."]
    conf = resolver.load_conf(ctx)
    searched = [f"{name}.{d.strip('.')}." for d in conf.search if d.strip(".")]
    if name.count(".") >= conf.ndots:
        return [name + "."] + searched
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
