"""The DNS half of the glibc resolver: res_send over the nameservers and res_search with the search list."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.dns.message import RR, Message
from course_lib.dns.resolvconf import ResolvConf
from course_lib.dns.transport import OK, REFUSED, UNREACHABLE, direct_path, exchange
from course_lib.net import trace as _trace

# h_errno values of the resolver
HOST_NOT_FOUND, TRY_AGAIN, NO_RECOVERY, NO_DATA = 1, 2, 3, 4


@dataclass
class ResolveStats:
    """What one lookup cost: queries sent (by type) and the names asked."""

    queries: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    names: list[tuple[str, str]] = field(default_factory=list)
    elapsed: float = 0.0

    def count(self, qname: str, qtype: str) -> None:
        self.queries += 1
        self.by_type[qtype] = self.by_type.get(qtype, 0) + 1
        self.names.append((qname, qtype))


@dataclass(slots=True)
class _Answer:
    """The outcome of one search step for one or two record types."""

    herrno: int = 0
    records: list[RR] = field(default_factory=list)
    rcode: str = ""
    refused_conn: bool = False


# ---- one query over the configured nameservers (res_send) -------------------------------------
def send_query(ctx: Any, conf: ResolvConf, qname: str, qtype: str,
               stats: Optional[ResolveStats] = None, rng: Any = None,
               paths: Optional[dict[str, Any]] = None) -> tuple[Optional[Message], str]:
    """Ask the nameservers in order (attempts rounds); (response, status) as glibc's res_send sees them.

    `paths` caches, for one resolver call, a direct delivery per local nameserver (transport.direct_path).
    """
    rng = rng or _rng(ctx)
    servers = conf.server_order(rng.randrange(len(conf.nameservers))) if conf.rotate else conf.nameservers
    edns = 1232 if conf.edns0 else None
    last_response: Optional[Message] = None
    reached = False
    for _ in range(conf.attempts if conf.attempts > 0 else 1):
        for server in servers:
            query = Message(rng.getrandbits(16), qname, qtype)
            query.edns = edns
            if stats is not None:
                stats.count(qname, qtype)
            path = paths.get(server, False) if paths is not None else None
            if path is False:
                path = paths[server] = direct_path(ctx, server, 53)   # type: ignore[index]
            result = path(query) if path is not None else exchange(ctx, server, 53, query, conf.timeout)
            if _trace.ACTIVE is not None:       # lab.trace(): the query and its outcome in dig's words
                _trace_query(ctx, server, qname, qtype, result)
            if stats is not None:
                stats.elapsed += result.elapsed
            status = result.status
            if status == UNREACHABLE:
                continue
            reached = True
            response = result.response
            if status != OK or response is None:
                continue
            if response.rcode in _RETRY_RCODES:
                last_response = response
                continue
            return response, OK
    if last_response is not None:
        return last_response, "failed"
    return None, REFUSED if not reached else "timeout"


_RETRY_RCODES = frozenset(("SERVFAIL", "NOTIMP", "REFUSED"))


def _querydomain(ctx: Any, conf: ResolvConf, qname: str, qtypes: tuple[str, ...],
                 stats: Optional[ResolveStats], paths: Optional[dict[str, Any]] = None, rng: Any = None) -> _Answer:
    """One name of the search, for A, AAAA or both (glibc sends both for AF_UNSPEC)."""
    outcome = _Answer()
    herrnos = []
    rng = rng or _rng(ctx)
    for qtype in qtypes:
        response, status = send_query(ctx, conf, qname, qtype, stats, rng, paths)
        if response is None:
            herrnos.append(TRY_AGAIN)
            outcome.refused_conn = outcome.refused_conn or status == REFUSED
            continue
        if status != OK:
            herrnos.append(TRY_AGAIN)
            outcome.rcode = outcome.rcode or response.rcode
            continue
        outcome.rcode = outcome.rcode or response.rcode
        if response.rcode == "NXDOMAIN":
            herrnos.append(HOST_NOT_FOUND)
        elif response.rcode != "NOERROR":
            herrnos.append(NO_RECOVERY)
        else:
            for rr in response.answer:
                if rr.rdtype == qtype:
                    outcome.records.extend(response.answer)
                    herrnos.append(0)
                    break
            else:
                herrnos.append(NO_DATA)
    outcome.herrno = 0 if 0 in herrnos else herrnos[0]
    return outcome


def res_search(ctx: Any, conf: ResolvConf, name: str, qtypes: tuple[str, ...],
               stats: Optional[ResolveStats] = None) -> tuple[Optional[str], list[RR], int]:
    """glibc's __res_context_search: (name that answered, records, h_errno)."""
    dots = name.count(".")
    trailing_dot = name.endswith(".")
    if trailing_dot:
        dots -= 1
    saved_herrno = -1
    tried_as_is = False
    searched = False
    root_on_list = False
    got_nodata = got_servfail = False
    herrno = HOST_NOT_FOUND
    paths: dict[str, Any] = {}
    rng = _rng(ctx)

    if _trace.ACTIVE is not None:
        _trace.note(_trace_node(ctx), "dns", f"{name}: {dots} dot(s) {'>=' if dots >= conf.ndots else '<'} ndots:"
                    f"{conf.ndots}, search {' '.join(conf.search) or '(none)'}")
    if dots >= conf.ndots or trailing_dot:
        result = _querydomain(ctx, conf, name.rstrip(".") + "." if name != "." else ".", qtypes, stats, paths, rng)
        if result.herrno == 0 or trailing_dot:
            return (name if result.herrno == 0 else None), result.records, result.herrno
        if result.refused_conn:
            return None, [], TRY_AGAIN
        saved_herrno = result.herrno
        tried_as_is = True

    if not trailing_dot:
        for domain in conf.search:
            domain = domain[1:] if domain.startswith(".") else domain
            searched = True
            if not domain:
                root_on_list = True
            full = f"{name}.{domain}." if domain else f"{name}."
            result = _querydomain(ctx, conf, full, qtypes, stats, paths, rng)
            if result.herrno == 0:
                return full, result.records, 0
            if result.refused_conn:
                return None, [], TRY_AGAIN
            herrno = result.herrno
            if herrno == NO_DATA:
                got_nodata = True
            elif herrno == HOST_NOT_FOUND:
                pass
            elif herrno == TRY_AGAIN and result.rcode == "SERVFAIL":
                got_servfail = True
            else:
                break

    if (dots or not searched or not conf.no_tld_query) and not (tried_as_is or root_on_list):
        full = name + "."
        result = _querydomain(ctx, conf, full, qtypes, stats, paths, rng)
        if result.herrno == 0:
            return full, result.records, 0
        if result.refused_conn:
            return None, [], TRY_AGAIN
        herrno = result.herrno

    if saved_herrno != -1:
        herrno = saved_herrno
    elif got_nodata:
        herrno = NO_DATA
    elif got_servfail:
        herrno = TRY_AGAIN
    return None, [], herrno


def _rng(ctx: Any) -> Any:
    network = getattr(getattr(ctx, "machine", None), "network", None)
    if network is not None and hasattr(network, "random"):
        return network.random()
    import random
    return random.Random(0)


def _trace_node(ctx: Any) -> str:
    from course_lib.net.l2 import node_name
    return node_name(ctx.netns)


def _trace_query(ctx: Any, server: str, qname: str, qtype: str, result: Any) -> None:
    """One hop per query for lab.trace(): what was asked of whom, and the answer (status, rcode, records)."""
    response = result.response
    if response is None or result.status != OK:
        answer = f"no answer ({result.status})"
    else:
        records = [f"{rr.rdtype} {rr.rdata}" for rr in response.answer]
        answer = f"{response.rcode}" + (": " + ", ".join(records) if records else "")
    _trace.note(_trace_node(ctx), "dns", f"query {qname} {qtype} -> {server}#53: {answer}")
