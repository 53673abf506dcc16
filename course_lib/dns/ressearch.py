"""The DNS half of the glibc resolver: res_send over the nameservers and res_search with the search list."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.dns.message import RR, Message
from course_lib.dns.resolvconf import ResolvConf
from course_lib.dns.directpath import direct_path
from course_lib.dns.transport import NET_UNREACHABLE, OK, REFUSED, TIMEOUT, UNREACHABLE, Exchange, exchange
from course_lib.dns.wirecase import spelled
from course_lib.net import trace as _trace

_query = Message.query

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


# ---- one query over the configured nameservers (res_send) -------------------------------------
class _Sender:
    """res_send for one resolver call: resolv.conf's settings and a delivery per nameserver, looked up once.

    A delivery (directpath.direct_path) is kept only for the duration of one resolver call.
    """

    __slots__ = ("ctx", "conf", "stats", "rng", "getrandbits", "edns", "order", "rounds", "paths", "accounting",
                 "first", "ad", "sockets", "pair", "failed", "second", "trail")

    def __init__(self, ctx: Any, conf: ResolvConf, stats: Optional[ResolveStats], rng: Any = None,
                 paths: Optional[dict[str, Any]] = None) -> None:
        self.ctx, self.conf, self.stats = ctx, conf, stats
        self.rng = rng = rng or _rng(ctx)
        self.getrandbits = rng.getrandbits
        self.edns, self.rounds, self.order = _plan(conf)
        self.ad = conf.trust_ad
        self.paths = {} if paths is None else paths
        self.accounting = stats is not None or _trace.ACTIVE is not None
        self.first: Any = False         # querydomain's first try: unknown yet (False), a DirectPath or None
        # send_dg's sockets for one res_send call: the open one per nameserver (closed by an error), and the
        # source port of each try of the pair's first query, which the second query (A and AAAA go out
        # together) sends from too: one conntrack flow for both, as on the kernel
        self.sockets: dict[str, int] = {}
        self.pair: list[Optional[int]] = []
        # single-request: the second query goes only where the first got an answer (tries that failed
        # with an error fail for both; send_dg sends the second after the first's reply)
        self.failed: set[int] = set()
        self.second = False
        # the outcomes of a search's querydomain calls while each could be replayed (res_search keeps them)
        self.trail: Optional[list[tuple[Any, ...]]] = None

    def send(self, qname: str, qtype: str, tried: int = 0, reply: Optional[Message] = None
             ) -> tuple[Optional[Message], str]:
        """Ask the nameservers in order (attempts rounds); (response, status) as glibc's res_send sees them.

        `tried` 1: querydomain already made the first try (at the first server's DirectPath), which
        brought `reply` (None: the server stayed silent); the tries go on from the second server."""
        order = self.order
        if order is None:
            order = self.conf.server_order(self.rng.randrange(len(self.conf.nameservers))) * self.rounds
        paths = self.paths
        last_response: Optional[Message] = None
        reached = False
        if tried:
            reached = True
            if reply is None:
                self.first.wait_out(self.conf.timeout)
            else:
                last_response = reply
            order = order[tried:]
        for index, server in enumerate(order, tried):
            qid = self.getrandbits(16)
            path = paths.get(server, False)
            if path is False:
                path = paths[server] = direct_path(self.ctx, server, 53)
            if self.second and index in self.failed:
                continue                    # single-request: the first query's error ended this try
            sport = self._sport(index, server)
            if path is not None:            # a local server: its reply, or None when it stays silent
                response = path.ask(qid, qname, qtype, self.edns, self.ad, sport)
                self._sent(index, server, path.port, False)
                reached = True
                if response is None:
                    path.wait_out(self.conf.timeout)
                    if self.accounting:
                        self._account(server, qname, qtype, Exchange(TIMEOUT, None, self.conf.timeout))
                    continue
                if self.accounting:
                    self._account(server, qname, qtype, Exchange(OK, response, path.elapsed))
            else:
                query = _query(qid, qname, qtype, self.edns)
                if self.ad:
                    query.ad = True
                result = exchange(self.ctx, server, 53, query, self.conf.timeout, sport)
                self._account(server, qname, qtype, result)
                status = result.status
                self._sent(index, server, result.sport, status not in (OK, TIMEOUT))
                if status in (UNREACHABLE, NET_UNREACHABLE, REFUSED):
                    continue                # send_dg's gotsomewhere stays 0: ECONNREFUSED at the end
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

    def _sport(self, index: int, server: str) -> Optional[int]:
        """The source port of try `index` (to `server`): the pair's first query's, or the server's open socket."""
        pair = self.pair
        if index < len(pair) and pair[index] is not None:
            return pair[index]
        return self.sockets.get(server)

    def _sent(self, index: int, server: str, port: Optional[int], error: bool) -> None:
        """Note the socket try `index` used; an error (refused, unreachable) closes it (__res_iclose)."""
        pair = self.pair
        while len(pair) <= index:
            pair.append(None)
        if pair[index] is None:
            pair[index] = port
        if error or port is None:
            self.sockets.pop(server, None)
            if not self.second:
                self.failed.add(index)
        else:
            self.sockets[server] = port

    def _first_path(self) -> Any:
        """The first server's DirectPath when querydomain may make the first try itself (the order is fixed
        and nothing is counted or traced), else None."""
        if self.order is None or self.accounting:
            return None
        server = self.order[0]
        path = self.paths.get(server, False)
        if path is False:
            path = self.paths[server] = direct_path(self.ctx, server, 53)
        return path

    def close(self) -> None:
        """The end of the resolver call: the direct deliveries' datagrams go to lo's counters."""
        for path in self.paths.values():
            if path is not None:
                path.flush()

    def _account(self, server: str, qname: str, qtype: str, result: Exchange) -> None:
        """Count the query in the stats and show it in lab.trace() (the query and its outcome in dig's words)."""
        if _trace.ACTIVE is not None:
            _trace_query(self.ctx, server, qname, qtype, result)
        if self.stats is not None:
            self.stats.count(qname, qtype)
            self.stats.elapsed += result.elapsed

    def querydomain(self, qname: str, qtypes: tuple[str, ...]) -> tuple[int, list[RR], str, bool]:
        """One name of the search, for A, AAAA or both (glibc sends both for AF_UNSPEC).

        (h_errno, records, the first response's rcode, whether a nameserver refused the connection).
        """
        herrno = -1
        records: list[RR] = []
        first_rcode = ""
        refused = False
        first = self.first
        if first is False:
            first = self.first = self._first_path()
        getrandbits, edns = self.getrandbits, self.edns
        self.sockets, self.pair, self.second = {}, [], False      # a new res_send call: new sockets
        if self.failed:
            self.failed = set()
        # the first server's stub answers from the question alone: the same name asked again goes as before
        replay = first is not None and first.pure and not self.conf.single_request
        if replay:
            key = (first.handler, qname, qtypes, edns, self.ad)
            known = _OUTCOMES.get(key)
            if known is not None:
                port = self._replay(first, 1, known[4], known[3])
                self.pair.append(port)
                self.sockets[self.order[0]] = port
                if self.trail is not None:
                    self.trail.append(known)
                return known[0], [*known[1]], known[2], False
            octets = first.octets
        position = 0
        for qtype in qtypes:
            if position and self.conf.single_request:
                self.pair, self.second = [], True   # A, then AAAA: on the socket left open (single-request)
                if self.conf.single_request_reopen:
                    self.sockets = {}               # ... or on a new one
            position += 1
            if first is not None:           # send()'s first try, made here: the common case costs one call less
                pair = self.pair                    # the first try's socket (inline _sport/_sent: a hot path)
                response = first.ask(getrandbits(16), qname, qtype, edns, self.ad,
                                     pair[0] if pair else self.sockets.get(self.order[0]), not replay)
                if not pair:
                    pair.append(first.port)
                self.sockets[self.order[0]] = first.port
                if response is not None and response.rcode not in _RETRY_RCODES:
                    status = OK
                else:
                    replay = False
                    response, status = self.send(qname, qtype, 1, response)
            else:
                response, status = self.send(qname, qtype)
            if response is None:
                code = TRY_AGAIN
                if status == REFUSED:
                    refused = True
            else:
                rcode = response.rcode
                if not first_rcode:
                    first_rcode = rcode
                if status != OK:
                    code = TRY_AGAIN
                elif rcode == "NOERROR":
                    code = NO_DATA
                    answer = response.answer
                    # names read back spelled as first written (wirecase); getanswer_r names the chain
                    # by the names it expects (the question, then each CNAME target), whatever the owners say
                    answer = spelled(response.qname, [answer])[0] if response.compress else \
                        _expected_owners(response.qname, answer)
                    for rr in answer:
                        if rr.rdtype == qtype:
                            records += answer
                            code = 0
                            break
                elif rcode == "NXDOMAIN":
                    code = HOST_NOT_FOUND
                else:
                    code = NO_RECOVERY
            if herrno == -1 or code == 0:
                herrno = code            # the first type's h_errno, unless any type answered
        if replay:
            if len(_OUTCOMES) > 4096:
                _OUTCOMES.clear()
            known = _OUTCOMES[key] = (herrno, tuple(records), first_rcode, first.octets - octets, len(qtypes))
            if self.trail is not None:
                self.trail.append(known)
        else:
            self.trail = None
        return herrno, records, first_rcode, refused

    def _replay(self, first: Any, sockets: int, queries: int, octets: int) -> int:
        """What `sockets` new sockets sending `queries` queries to the stub, each answered, leave: the ports
        taken, each query's id drawn, lo's datagrams and bytes, the model time of each round trip. The last port."""
        for _ in range(sockets):
            port = first._source_port(None)
        first.port = port
        getrandbits, network, elapsed = self.getrandbits, first.network, first.elapsed
        for _ in range(queries):
            getrandbits(16)
            network.clock += elapsed
        first.packets += 2 * queries
        first.octets += octets
        return port


def _expected_owners(qname: str, answer: list[RR]) -> list[RR]:
    """The answer with each record of the CNAME chain owned by the name glibc expects there (compared
    case-insensitively, as __ns_samebinaryname does): the question's spelling, then each target's."""
    expected, out = qname, []
    for rr in answer:
        if rr.name != expected and rr.name.lower() == expected.lower():
            rr = rr.with_name(expected)
        if rr.rdtype == "CNAME" and rr.name == expected:
            expected = rr.rdata
        out.append(rr)
    return out


def _search_suffixes(conf: ResolvConf) -> tuple[str, ...]:
    """What res_search appends to a name for each search domain: ".DOMAIN." ("." for the root); a leading
    dot of a domain is dropped. Worked out once per parsed file."""
    suffixes = conf.__dict__.get("_search_suffixes")
    if suffixes is None:
        domains = [domain[1:] if domain[:1] == "." else domain for domain in conf.search]
        suffixes = conf.__dict__["_search_suffixes"] = tuple(f".{d}." if d else "." for d in domains)
    return suffixes


def _plan(conf: ResolvConf) -> tuple[Optional[int], int, Optional[list[str]]]:
    """res_send's settings from resolv.conf: the EDNS0 payload size (RESOLV_EDNS_BUFFER_SIZE, 1200), the rounds over the nameservers, and
    the servers in the order they are tried (None with rotate: rotated per query). Worked out once per
    parsed file (the resolver parses each content once)."""
    plan = conf.__dict__.get("_send_plan")
    if plan is None:
        rounds = conf.attempts if conf.attempts > 0 else 1
        plan = conf.__dict__["_send_plan"] = (1200 if conf.edns0 else None, rounds,
                                              None if conf.rotate else conf.nameservers * rounds)
    return plan


def send_query(ctx: Any, conf: ResolvConf, qname: str, qtype: str,
               stats: Optional[ResolveStats] = None, rng: Any = None,
               paths: Optional[dict[str, Any]] = None) -> tuple[Optional[Message], str]:
    """Ask the nameservers in order (attempts rounds); (response, status) as glibc's res_send sees them.

    `paths` caches, for one resolver call, a direct delivery per local nameserver (directpath.direct_path).
    """
    sender = _Sender(ctx, conf, stats, rng, paths)
    try:
        return sender.send(qname, qtype)
    finally:
        sender.close()


_RETRY_RCODES = frozenset(("SERVFAIL", "NOTIMP", "REFUSED"))
# querydomain's outcomes at a stub in directpath.PURE_HANDLERS, by (handler, name, types, EDNS, AD): h_errno,
# records, the first rcode, the bytes of its datagrams on lo and the number of queries (each answered)
_OUTCOMES: dict[tuple[Any, ...], tuple[int, tuple[RR, ...], str, int, int]] = {}
# res_search's results at such a stub, by (handler, name, types, id of the ResolvConf): the ResolvConf, the
# result, and the sockets, queries and bytes of its querydomain calls
_SEARCHES: dict[tuple[Any, ...], tuple[Any, ...]] = {}


def res_search(ctx: Any, conf: ResolvConf, name: str, qtypes: tuple[str, ...],
               stats: Optional[ResolveStats] = None) -> tuple[Optional[str], list[RR], int]:
    """glibc's __res_context_search: (name that answered, records, h_errno)."""
    sender = _Sender(ctx, conf, stats)
    try:
        first = sender.first = sender._first_path()
        if first is not None and first.pure and not conf.single_request:
            # at a stub answering from the question alone, the same search goes as before (_OUTCOMES)
            key = (first.handler, name, qtypes, id(conf))
            known = _SEARCHES.get(key)
            if known is not None and known[0] is conf:
                sender._replay(first, *known[2:])
                return known[1][0], [*known[1][1]], known[1][2]
            sender.trail = []
        found = _search(ctx, conf, name, qtypes, sender.querydomain)
        trail = sender.trail
        if trail:
            if len(_SEARCHES) > 1024:
                _SEARCHES.clear()
            # the entry holds conf, so no other object takes its id meanwhile
            _SEARCHES[key] = (conf, (found[0], tuple(found[1]), found[2]), len(trail),
                              sum(outcome[4] for outcome in trail), sum(outcome[3] for outcome in trail))
        return found
    finally:
        sender.close()


def _search(ctx: Any, conf: ResolvConf, name: str, qtypes: tuple[str, ...], querydomain: Any
            ) -> tuple[Optional[str], list[RR], int]:
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

    if _trace.ACTIVE is not None:
        _trace.note(_trace_node(ctx), "dns", f"{name}: {dots} dot(s) {'>=' if dots >= conf.ndots else '<'} ndots:"
                    f"{conf.ndots}, search {' '.join(conf.search) or '(none)'}")
    if dots >= conf.ndots or trailing_dot:
        herrno, records, _, _ = querydomain(name.rstrip(".") + "." if name != "." else ".", qtypes)
        if herrno == 0 or trailing_dot:
            return (name if herrno == 0 else None), records, herrno
        saved_herrno = herrno           # (ECONNREFUSED ends only the search list's walk, below)
        tried_as_is = True

    if not trailing_dot:
        for suffix in _search_suffixes(conf):
            searched = True
            if suffix == ".":
                root_on_list = True
            full = name + suffix
            herrno, records, rcode, refused = querydomain(full, qtypes)
            if herrno == 0:
                return full, records, 0
            if refused:                 # no server reached (errno ECONNREFUSED): TRY_AGAIN at once
                return None, [], TRY_AGAIN
            if herrno == NO_DATA:
                got_nodata = True
            elif herrno == HOST_NOT_FOUND:
                pass
            elif herrno == TRY_AGAIN and rcode == "SERVFAIL":
                got_servfail = True
            else:
                break

    if (dots or not searched or not conf.no_tld_query) and not (tried_as_is or root_on_list):
        full = name + "."
        herrno, records, _, refused = querydomain(full, qtypes)
        if herrno == 0:
            return full, records, 0

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
