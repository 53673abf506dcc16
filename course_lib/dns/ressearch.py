"""The search half of the glibc resolver: res_search's walk of the search list (ndots, the domains, the name
as it is), each name asked through ressend's querydomain; a search at a stub answering from the question
alone is replayed."""
from __future__ import annotations

from typing import Any, Optional

from course_lib.dns.message import RR
from course_lib.dns.resolvconf import ResolvConf
from course_lib.dns.ressend import (HOST_NOT_FOUND, NO_DATA, NO_RECOVERY, TRY_AGAIN, ResolveStats,  # noqa: F401
                                    _OUTCOMES, _Sender, _rng, _trace_node, _trace_query, send_query)
from course_lib.net import trace as _trace


def _search_suffixes(conf: ResolvConf) -> tuple[str, ...]:
    """What res_search appends to a name for each search domain: ".DOMAIN." ("." for the root); a leading
    dot of a domain is dropped. Worked out once per parsed file."""
    suffixes = conf.__dict__.get("_search_suffixes")
    if suffixes is None:
        domains = [domain[1:] if domain[:1] == "." else domain for domain in conf.search]
        suffixes = conf.__dict__["_search_suffixes"] = tuple(f".{d}." if d else "." for d in domains)
    return suffixes


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


