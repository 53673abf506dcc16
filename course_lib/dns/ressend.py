"""The res_send half of the glibc resolver: one question over resolv.conf's nameservers (UDP, and TCP after
a truncated answer), and querydomain's A/AAAA pair for res_search (ressearch), with the stub's replays."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.dns.directpath import direct_path
from course_lib.dns.message import RR, Message
from course_lib.dns.resolvconf import ResolvConf
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
                 "first", "ad", "sockets", "pair", "failed", "second", "trail", "silent", "pairing")

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
        # A and AAAA together (no single-request): one send_dg per try carries both, so a try where the
        # first query heard nothing (timed out, or an error ended it) is over for the second one too
        self.silent: dict[int, float] = {}         # try -> how long the first query's try lasted
        self.pairing = False
        # the outcomes of a search's querydomain calls while each could be replayed (res_search keeps them)
        self.trail: Optional[list[tuple[Any, ...]]] = None

    def send(self, qname: str, qtype: str, tried: int = 0, reply: Optional[Message] = None
             ) -> tuple[Optional[Message], str]:
        """Ask the nameservers in order (attempts rounds); (response, status) as glibc's res_send sees them.

        `tried` 1: querydomain already made the first try (at the first server's DirectPath), which
        brought `reply` (None: the server stayed silent); the tries go on from the second server."""
        order = self.order
        start = 0
        if order is None:
            start = self.rng.randrange(len(self.conf.nameservers))
            order = self.conf.server_order(start) * self.rounds
        paths = self.paths
        silent, pairing = self.silent, self.pairing
        last_response: Optional[Message] = None
        reached = False
        if tried:
            reached = True
            if reply is not None and reply.tc:
                reply = self._over_tcp(order[0], qname, qtype)
            if reply is None:
                if not (pairing and 0 in silent):
                    self.first.wait_out(self._seconds(0))
                silent[0] = self._seconds(0)
            elif not _next_ns(reply):
                return reply, OK
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
            # sent with the first query, whose wait (or late error) ended the try: it goes out, nobody waits
            # for it (an error that came at once comes for it too)
            skip = pairing and silent.get(index, 0.0) >= 0.5
            seconds = 0 if skip else self._seconds((start + index) % len(self.conf.nameservers))
            sport = self._sport(index, server)
            if path is not None:            # a local server: its reply, or None when it stays silent
                response = path.ask(qid, qname, qtype, self.edns, self.ad, sport)
                self._sent(index, server, path.port, False)
                reached = True
                if response is None:
                    if not skip:
                        path.wait_out(seconds)
                    silent[index] = seconds
                    if self.accounting:
                        self._account(server, qname, qtype, Exchange(TIMEOUT, None, seconds))
                    continue
                if self.accounting:
                    self._account(server, qname, qtype, Exchange(OK, response, path.elapsed))
            else:
                query = _query(qid, qname, qtype, self.edns)
                if self.ad:
                    query.ad = True
                result = exchange(self.ctx, server, 53, query, seconds, sport, recverr=True)
                self._account(server, qname, qtype, result)
                status = result.status
                self._sent(index, server, result.sport, status not in (OK, TIMEOUT))
                if status != OK or result.response is None:
                    silent[index] = result.elapsed
                if status in (UNREACHABLE, NET_UNREACHABLE, REFUSED):
                    continue                # send_dg's gotsomewhere stays 0: ECONNREFUSED at the end
                reached = True
                response = result.response
                if status != OK or response is None:
                    continue
            if response.tc:                     # send_dg: a truncated answer is asked again over TCP (send_vc)
                response = self._over_tcp(server, qname, qtype)
                if response is None:
                    continue
            if _next_ns(response):
                last_response = response
                continue
            return response, OK
        if last_response is not None:
            return last_response, "failed"
        return None, REFUSED if not reached else "timeout"

    def _seconds(self, ns: int) -> int:
        """send_dg's wait for nameserver number `ns`: retrans << ns, divided by the count after the first."""
        seconds = self.conf.timeout << ns
        if ns > 0:
            seconds //= len(self.conf.nameservers)
        return max(seconds, 1)

    def _over_tcp(self, server: str, qname: str, qtype: str) -> Optional[Message]:
        """send_vc: the question again over a TCP connection to `server` (the answer, or None)."""
        from course_lib.dns.bindtools import _tcp_exchange
        query = _query(self.getrandbits(16), qname, qtype, self.edns)
        if self.ad:
            query.ad = True
        result = _tcp_exchange(self.ctx, server, 53, query, self.conf.timeout)
        return result.response if result.status == OK else None

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
        self.silent, self.pairing = {}, False
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
        status = OK
        for qtype in qtypes:
            if position and self.conf.single_request and status != OK:
                break       # send_dg sends the second only after the first's reply: no try had one (seed 342)
            if position and self.conf.single_request:
                self.pair, self.second = [], True   # A, then AAAA: on the socket left open (single-request)
                if self.conf.single_request_reopen:
                    self.sockets = {}               # ... or on a new one
            elif position:
                self.pairing = True
            position += 1
            if first is not None:           # send()'s first try, made here: the common case costs one call less
                pair = self.pair                    # the first try's socket (inline _sport/_sent: a hot path)
                response = first.ask(getrandbits(16), qname, qtype, edns, self.ad,
                                     pair[0] if pair else self.sockets.get(self.order[0]), not replay)
                if not pair:
                    pair.append(first.port)
                self.sockets[self.order[0]] = first.port
                if response is not None and not _next_ns(response) and not response.tc:
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
                    if answer:               # res_query's success: ANCOUNT > 0, whatever the records
                        records += answer    # (only a CNAME: getanswer_r's NOTFOUND, see resolver._dns_lookup)
                        code = 0
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


def _next_ns(response: Message) -> bool:
    """send_dg's next_ns: SERVFAIL, NOTIMP and REFUSED, and a referral (NOERROR with no answer, no AA, no RA
    and no additional record, the OPT record included) go on to the next nameserver."""
    if response.rcode in _RETRY_RCODES:
        return True
    return response.rcode == "NOERROR" and not response.answer and not response.aa and not response.ra \
        and not response.additional and response.edns is None
# querydomain's outcomes at a stub in directpath.PURE_HANDLERS, by (handler, name, types, EDNS, AD): h_errno,
# records, the first rcode, the bytes of its datagrams on lo and the number of queries (each answered)
_OUTCOMES: dict[tuple[Any, ...], tuple[int, tuple[RR, ...], str, int, int]] = {}


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
