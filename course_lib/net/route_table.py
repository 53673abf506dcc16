"""A netns's routes (every table, in insertion order) with the indexes that keep route edits and lookups fast.

`RouteTable` is the list `NetNS.routes`: code that reads it sees the routes in the order they were
added (the order `ip route` keeps among routes that sort equal), and code that edits it with list
operations keeps working. Two indexes are kept beside the list:

- the identity of each route (device, table, metric, type, destination, gateway), so adding a kernel
  route checks for a duplicate in O(1);
- per (table, family), the routes by prefix length and network, so a longest-prefix lookup visits
  only the prefix lengths in use, longest first.

Each index is made from the list when first needed; appending keeps them up to date, any other edit
drops them. `gen` counts the edits (appends too), and every edit empties `lookups`, the datapath's
cache of route lookups (course_lib.net.datapath), so it never holds an answer from another route list.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, Optional

if TYPE_CHECKING:
    from course_lib.net.netns import Route

_V4_ALL = (1 << 32) - 1
_V6_ALL = (1 << 128) - 1


def route_identity(route: "Route") -> tuple:
    """What makes two kernel routes the same one (device by identity). Addresses and networks are
    keyed by (version, int[, prefix length]): equal keys exactly when the ipaddress objects are equal.
    (RouteTable.add_unique makes the same tuple inline.)"""
    dst, gateway = route.dst, route.gateway
    return (route.dev, route.table, route.metric, route.type, dst._version, dst.network_address._ip,
            dst._prefixlen, None if gateway is None else (gateway._version, gateway._ip))


def _mask(family: int, plen: int) -> int:
    mask = _MASKS.get((family, plen))
    if mask is None:
        full = _V4_ALL if family == 4 else _V6_ALL
        mask = _MASKS[family, plen] = full ^ (full >> plen)
    return mask


_MASKS: dict[tuple[int, int], int] = {}


class _Prefixes:
    """One (table, family): routes by prefix length, then by network (each bucket in list order)."""

    __slots__ = ("family", "by_len", "lengths")

    def __init__(self, family: int) -> None:
        self.family = family
        self.by_len: dict[int, dict[int, list["Route"]]] = {}
        self.lengths: list[tuple[int, int]] = []       # (prefix length, mask), longest first

    def add(self, route: "Route") -> None:
        dst = route.dst
        plen = dst._prefixlen
        nets = self.by_len.get(plen)
        if nets is None:
            nets = self.by_len[plen] = {}
            self.lengths.append((plen, _mask(self.family, plen)))
            self.lengths.sort(reverse=True)
        bucket = nets.get(dst.network_address._ip)
        if bucket is None:
            nets[dst.network_address._ip] = [route]
        else:
            bucket.append(route)

    def matching(self, ip: int) -> Iterator["Route"]:
        """Routes containing the address `ip`: longest prefix first, then by metric (list order among equals)."""
        by_len = self.by_len
        for plen, mask in self.lengths:
            bucket = by_len[plen].get(ip & mask)
            if bucket is not None:
                if len(bucket) == 1:
                    yield bucket[0]
                else:
                    yield from sorted(bucket, key=_metric)


def _metric(route: "Route") -> int:
    return route.metric


def _add_prefix(prefixes: dict[tuple[int, int], _Prefixes], route: "Route") -> None:
    family = route.dst._version
    key = (route.table, family)
    group = prefixes.get(key)
    if group is None:
        group = prefixes[key] = _Prefixes(family)
    group.add(route)



_list_append = list.append
_MAIN_LOCAL = (254, 255)                            # RT_TABLE_MAIN, RT_TABLE_LOCAL


class RouteTable(list):
    """NetNS.routes: a list of Route with an identity index and a longest-prefix index."""

    __slots__ = ("_ids", "_prefixes", "gen", "lookups", "main_made", "trail")

    def __init__(self, items: Any = ()) -> None:
        super().__init__(items)
        self._ids: Optional[dict[tuple, int]] = None
        self._prefixes: Optional[dict[tuple[int, int], _Prefixes]] = None
        self.gen = 0                                    # edits so far (each append and other edit)
        self.lookups: dict[Any, Any] = {}               # the datapath's lookup answers (emptied by every edit)
        # the kernel made the IPv4 main table (fib_new_table; the local table, made by the first address,
        # is an alias of main): it stays, even emptied; /proc/net/route is empty (no title) before
        self.main_made = any(r.table in _MAIN_LOCAL and r.family == 4 for r in self)
        # the edits in order while someone follows them (/proc/net/fib_trie replays them): None = nobody
        self.trail: Optional[list[tuple[str, Any]]] = None

    # ---- the indexes (each made on first need) ------------------------------------------------
    def _index_ids(self) -> dict[tuple, int]:
        ids: dict[tuple, int] = {}
        for route in self:
            key = route_identity(route)
            ids[key] = ids.get(key, 0) + 1
        self._ids = ids
        return ids

    def _index_prefixes(self) -> dict[tuple[int, int], _Prefixes]:
        """The longest-prefix index of the whole list: what _add_prefix of each route in turn makes (buckets in
        list order, prefix lengths in first-seen order), each group's lengths sorted once at the end."""
        prefixes: dict[tuple[int, int], _Prefixes] = {}
        for route in self:
            dst = route.dst
            family = dst._version
            group = prefixes.get((route.table, family))
            if group is None:
                group = prefixes[route.table, family] = _Prefixes(family)
            plen = dst._prefixlen
            nets = group.by_len.get(plen)
            if nets is None:
                nets = group.by_len[plen] = {}
            ip = dst.network_address._ip
            bucket = nets.get(ip)
            if bucket is None:
                nets[ip] = [route]
            else:
                bucket.append(route)
        for group in prefixes.values():
            group.lengths = sorted(((plen, _mask(group.family, plen)) for plen in group.by_len), reverse=True)
        self._prefixes = prefixes
        return prefixes

    def has_same(self, route: "Route") -> bool:
        """Whether a route with the same identity (route_identity) is in the table."""
        ids = self._ids
        if ids is None:
            ids = self._index_ids()
        return route_identity(route) in ids

    def add_unique(self, route: "Route") -> bool:
        """Append `route` unless one with the same identity is there (has_same, then append, with the
        identity worked out once); whether it was added."""
        ids = self._ids
        if ids is None:
            ids = self._index_ids()
        dst, gateway = route.dst, route.gateway           # route_identity(route), inline
        key = (route.dev, route.table, route.metric, route.type, dst._version, dst.network_address._ip,
               dst._prefixlen, None if gateway is None else (gateway._version, gateway._ip))
        if key in ids:
            return False
        if not self.main_made:
            self._note_main(route)
        _list_append(self, route)
        self.gen += 1
        self.lookups.clear()
        if self.trail is not None:
            self.trail.append(("add", route))
        ids[key] = 1
        prefixes = self._prefixes
        if prefixes is not None:                    # _add_prefix(prefixes, route), inline: the identity has the parts
            group = prefixes.get((key[1], key[4]))
            if group is None:
                _add_prefix(prefixes, route)
            else:
                plen = key[6]
                nets = group.by_len.get(plen)
                if nets is None:
                    group.add(route)
                else:
                    bucket = nets.get(key[5])
                    if bucket is None:
                        nets[key[5]] = [route]
                    else:
                        bucket.append(route)
        return True

    def matching(self, table: int, family: int, ip: int) -> Iterator["Route"]:
        """The routes of `table` whose destination contains `ip` (an int of `family`), in lookup order:
        longest prefix first, lower metric first, then the order they were added."""
        prefixes = self._prefixes
        if prefixes is None:
            prefixes = self._index_prefixes()
        group = prefixes.get((table, family))
        return group.matching(ip) if group is not None else iter(())

    def first_of_type(self, table: int, family: int, ip: int, rtype: str) -> Optional["Route"]:
        """The first route (in list order) of type `rtype` among those of `table` with the longest prefix
        containing `ip` -- what a walk of the list keeping the first longest match answers."""
        prefixes = self._prefixes
        if prefixes is None:
            prefixes = self._index_prefixes()
        group = prefixes.get((table, family))
        if group is None:
            return None
        by_len = group.by_len
        for plen, mask in group.lengths:
            bucket = by_len[plen].get(ip & mask)
            if bucket is not None:
                for route in bucket:
                    if route.type == rtype:
                        return route
        return None

    def with_dst(self, table: int, dst: Any) -> list["Route"]:
        """The routes of `table` to exactly the network `dst`, in the order they were added."""
        prefixes = self._prefixes
        if prefixes is None:
            prefixes = self._index_prefixes()
        group = prefixes.get((table, dst.version))
        nets = group.by_len.get(dst._prefixlen) if group is not None else None
        return list(nets.get(dst.network_address._ip, ())) if nets is not None else []

    # ---- list edits ---------------------------------------------------------------------------
    def _note_main(self, route: "Route") -> None:
        if route.table in _MAIN_LOCAL and route.family == 4:
            self.main_made = True

    def append(self, route: "Route") -> None:
        if not self.main_made:
            self._note_main(route)
        _list_append(self, route)
        self.gen += 1
        self.lookups.clear()
        if self.trail is not None:
            self.trail.append(("add", route))
        ids = self._ids
        if ids is not None:
            key = route_identity(route)
            ids[key] = ids.get(key, 0) + 1
        if self._prefixes is not None:
            _add_prefix(self._prefixes, route)

    def _edit(name: str):  # noqa: N805 - builds the methods below
        base = getattr(list, name)

        def edit(self, *args: Any, **kwargs: Any) -> Any:
            self._ids = self._prefixes = None
            self.gen += 1
            self.lookups.clear()
            if self.trail is not None:
                self.trail.append(("del", args[0]) if name == "remove" else (name, None))
            return base(self, *args, **kwargs)
        edit.__name__ = name
        return edit

    extend = _edit("extend")
    insert = _edit("insert")
    remove = _edit("remove")
    pop = _edit("pop")
    clear = _edit("clear")
    sort = _edit("sort")
    reverse = _edit("reverse")
    __setitem__ = _edit("__setitem__")
    __delitem__ = _edit("__delitem__")
    __iadd__ = _edit("__iadd__")
    __imul__ = _edit("__imul__")
    del _edit

    def __reduce_ex__(self, protocol: Any) -> tuple:
        """Copies and pickles carry the routes; the indexes are rebuilt when needed."""
        return (type(self), (list(self),))


def routes_of(netns: Any) -> RouteTable:
    """netns.routes as a RouteTable (a plain list put there by hand becomes one, same routes, same order)."""
    routes = netns.routes
    if type(routes) is not RouteTable:
        routes = netns.routes = RouteTable(routes)
    return routes
