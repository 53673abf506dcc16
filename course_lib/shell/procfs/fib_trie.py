"""/proc/net/fib_trie and fib_triestat: the kernel's LC-trie of each IPv4 table, built as fib_trie.c builds it.

The kernel keeps a table's prefixes in a level-compressed trie: a new leaf splits the node it meets at
the first differing bit, and after every insert the nodes on the way up are doubled or halved by the
inflate/halve thresholds (50 %/25 %, the root 30 %/15 %). The printed tree shows that shape ("+--"
lines: the node's prefix, bits, full and empty children), so it is rebuilt here by replaying the inserts
and removals in their order (the route list keeps a trail of its edits once the file was read; before
that, the routes present are inserted in their order). While nobody added a policy rule, the local
table shares the main table's trie (both "Main:" and "Local:" print the merged tree); after one, each
table has its own (split where the first IPv4 rule edit stands among the route edits).
Tables print in the kernel's hash order (id & 255); a table without a route prints nothing.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from course_lib.net.route_table import routes_of

KEYLENGTH = 32
SCOPE_NAMES = {"global": "universe", "universe": "universe", "site": "site", "link": "link", "host": "host",
               "nowhere": "nowhere"}
RT_TABLE_MAIN, RT_TABLE_LOCAL = 254, 255


@dataclass(eq=False)
class Alias:
    """One route of a leaf (a fib_alias): prefix length, scope, type, table, tos, metric."""

    plen: int
    scope: str
    type: str
    table: int
    tos: int = 0
    metric: int = 0


@dataclass(eq=False)
class KeyVector:
    """A trie node (bits > 0), a leaf (bits == 0) or the trie's root holder (pos == KEYLENGTH)."""

    key: int
    pos: int
    bits: int
    children: list[Optional["KeyVector"]] = field(default_factory=list)
    empty: int = 0
    full: int = 0
    parent: Optional["KeyVector"] = None
    aliases: list[Alias] = field(default_factory=list)

    @property
    def is_trie(self) -> bool:
        return self.pos >= KEYLENGTH

    @property
    def is_tnode(self) -> bool:
        return self.bits > 0

    def child_length(self) -> int:
        return (1 << self.bits) & ~1


def _index(key: int, kv: KeyVector) -> int:
    return (key ^ kv.key) >> kv.pos


def _tnode_new(key: int, pos: int, bits: int) -> KeyVector:
    shift = pos + bits
    return KeyVector((key >> shift) << shift if shift < KEYLENGTH else 0, pos, bits, [None] * (1 << bits),
                     empty=1 << bits)


def _full(tn: KeyVector, n: Optional[KeyVector]) -> bool:
    return n is not None and n.pos + n.bits == tn.pos and n.is_tnode


def _put_child(tn: KeyVector, i: int, n: Optional[KeyVector]) -> None:
    chi = tn.children[i]
    if n is None and chi is not None:
        tn.empty += 1
    if n is not None and chi is None:
        tn.empty -= 1
    was, now = _full(tn, chi), _full(tn, n)
    if was and not now:
        tn.full -= 1
    elif now and not was:
        tn.full += 1
    tn.children[i] = n


def _put_child_root(tp: KeyVector, key: int, n: Optional[KeyVector]) -> None:
    if tp.is_trie:
        tp.children[0] = n
    else:
        _put_child(tp, _index(key, tp), n)


def _update_children(tn: KeyVector) -> None:
    for inode in reversed(tn.children):
        if inode is None:
            continue
        if inode.parent is tn:
            _update_children(inode)
        else:
            inode.parent = tn


class Trie:
    """One table's trie; `insert(key, alias)` as fib_table_insert, `walk()` as the seq file's iterator."""

    def __init__(self) -> None:
        self.root = KeyVector(0, KEYLENGTH, 0, [None])

    # ---- resizing (inflate, halve, collapse) -----------------------------------------------------
    def _replace(self, old: KeyVector, tn: KeyVector) -> KeyVector:
        tp = old.parent
        assert tp is not None
        tn.parent = tp
        _put_child_root(tp, tn.key, tn)
        _update_children(tn)
        for i in reversed(range(tn.child_length())):
            inode = tn.children[i]
            if _full(tn, inode):
                tn = self._resize(inode)        # type: ignore[arg-type]
        return tp

    def _inflate(self, old: KeyVector) -> KeyVector:
        tn = _tnode_new(old.key, old.pos - 1, old.bits + 1)
        m = 1 << tn.pos
        for i in reversed(range(old.child_length())):
            inode = old.children[i]
            if inode is None:
                continue
            if not _full(old, inode):
                _put_child(tn, _index(inode.key, tn), inode)
                continue
            if inode.bits == 1:
                _put_child(tn, 2 * i + 1, inode.children[1])
                _put_child(tn, 2 * i, inode.children[0])
                continue
            node1 = _tnode_new(inode.key | m, inode.pos, inode.bits - 1)
            node0 = _tnode_new(inode.key, inode.pos, inode.bits - 1)
            half = inode.child_length() // 2
            for j in reversed(range(half)):
                _put_child(node1, j, inode.children[j + half])
                _put_child(node0, j, inode.children[j])
            node1.parent = node0.parent = tn
            _put_child(tn, 2 * i + 1, node1)
            _put_child(tn, 2 * i, node0)
        return self._replace(old, tn)

    def _halve(self, old: KeyVector) -> KeyVector:
        tn = _tnode_new(old.key, old.pos + 1, old.bits - 1)
        for i in reversed(range(0, old.child_length(), 2)):
            node1, node0 = old.children[i + 1], old.children[i]
            if node1 is None or node0 is None:
                _put_child(tn, i // 2, node1 or node0)
                continue
            inode = _tnode_new(node0.key, old.pos, 1)
            _put_child(inode, 1, node1)
            _put_child(inode, 0, node0)
            inode.parent = tn
            _put_child(tn, i // 2, inode)
        return self._replace(old, tn)

    def _collapse(self, old: KeyVector) -> KeyVector:
        n = next((c for c in reversed(old.children) if c is not None), None)
        tp = old.parent
        assert tp is not None
        _put_child_root(tp, old.key, n)
        if n is not None:
            n.parent = tp
        return tp

    @staticmethod
    def _should_inflate(tp: KeyVector, tn: KeyVector) -> bool:
        length = tn.child_length()
        threshold = length * (30 if tp.is_trie else 50)
        used = length - tn.empty + tn.full
        return used > 1 and tn.pos > 0 and 50 * used >= threshold

    @staticmethod
    def _should_halve(tp: KeyVector, tn: KeyVector) -> bool:
        length = tn.child_length()
        threshold = length * (15 if tp.is_trie else 25)
        used = length - tn.empty
        return used > 1 and tn.bits > 1 and 100 * used < threshold

    def _resize(self, tn: KeyVector) -> KeyVector:
        tp = tn.parent
        assert tp is not None
        cindex = _index(tn.key, tp) if not tp.is_trie else 0
        work = 10
        while self._should_inflate(tp, tn) and work:
            tp = self._inflate(tn)
            work -= 1
            tn = tp.children[cindex]            # type: ignore[assignment]
        tp = tn.parent                          # type: ignore[assignment]
        if work != 10:
            return tp
        while self._should_halve(tp, tn) and work:
            tp = self._halve(tn)
            work -= 1
            tn = tp.children[cindex]            # type: ignore[assignment]
        if tn.child_length() - tn.empty < 2:
            return self._collapse(tn)
        return tn.parent                        # type: ignore[return-value]

    # ---- insert -----------------------------------------------------------------------------------
    def _find(self, key: int) -> tuple[Optional[KeyVector], KeyVector]:
        """fib_find_node: (the leaf with this key or None, the last node on the way)."""
        n: Optional[KeyVector] = self.root
        index = 0
        pn = self.root
        while True:
            pn = n                              # type: ignore[assignment]
            n = pn.children[index]
            if n is None:
                break
            index = (key ^ n.key) >> n.pos
            if index >= (1 << n.bits):
                n = None
                break
            if not n.is_tnode:
                break
        return n, pn

    def insert(self, key: int, alias: Alias) -> None:
        leaf, tp = self._find(key)
        if leaf is not None:
            leaf.aliases.append(alias)
            leaf.aliases.sort(key=_alias_order)
            return
        leaf = KeyVector(key, 0, 0, aliases=[alias])
        n = tp.children[_index(key, tp) if not tp.is_trie else 0]
        if n is not None:
            tn = _tnode_new(key, (key ^ n.key).bit_length() - 1, 1)
            tn.parent = tp
            _put_child(tn, _index(key, tn) ^ 1, n)
            _put_child_root(tp, key, tn)
            n.parent = tn
            tp = tn
        leaf.parent = tp
        _put_child_root(tp, key, leaf)
        while not tp.is_trie:                   # trie_rebalance
            tp = self._resize(tp)

    def remove(self, key: int, ident: tuple) -> None:
        """fib_remove_alias: drop the leaf's alias; an emptied leaf goes and the way up is rebalanced."""
        leaf, _ = self._find(key)
        if leaf is None:
            return
        leaf.aliases = [a for a in leaf.aliases if _ident(key, a) != ident]
        if leaf.aliases:
            return
        tp = leaf.parent
        assert tp is not None
        _put_child_root(tp, key, None)
        while not tp.is_trie:
            tp = self._resize(tp)

    def flush_external(self, keep_table: int) -> None:
        """fib_table_flush_external: drop the aliases of other tables, walking the trie in reverse and
        resizing each node once its children are done."""
        pn, cindex = self.root, 1
        while True:
            if not cindex:
                if pn.is_trie:
                    break
                pkey = pn.key
                pn = self._resize(pn)
                cindex = _index(pkey, pn) if not pn.is_trie else 0
                continue
            cindex -= 1
            n = pn.children[cindex]
            if n is None:
                continue
            if n.is_tnode:
                pn, cindex = n, 1 << n.bits
                continue
            n.aliases = [a for a in n.aliases if a.table == keep_table]
            if not n.aliases:
                _put_child_root(pn, n.key, None)

    def leaves(self) -> Iterator[KeyVector]:
        """The leaves in key order."""
        return (n for n, _ in self.walk() if not n.is_tnode)

    # ---- the seq file's walk ---------------------------------------------------------------------
    def walk(self) -> Iterator[tuple[KeyVector, int]]:
        """(node, depth) in fib_trie_get_next's order: depth-first, children by index."""
        first = self.root.children[0]
        if first is None:
            return
        yield first, (1 if first.is_tnode else 0)
        if not first.is_tnode:
            return
        yield from self._below(first, 1)

    def _below(self, tn: KeyVector, depth: int) -> Iterator[tuple[KeyVector, int]]:
        for n in tn.children:
            if n is None:
                continue
            if n.is_tnode:
                yield n, depth + 1
                yield from self._below(n, depth + 1)
            else:
                yield n, depth


def _alias_order(a: Alias) -> tuple[int, int, int, int]:
    """fa_list's order in a leaf: longer prefixes first, then the higher table id, higher tos, lower metric."""
    return (-a.plen, -a.table, -a.tos, a.metric)


def _ip(key: int) -> str:
    return ".".join(str((key >> s) & 255) for s in (24, 16, 8, 0))


def _scope(name: Any) -> str:
    if isinstance(name, int):
        return {0: "universe", 200: "site", 253: "link", 254: "host", 255: "nowhere"}.get(name, f"scope={name}")
    return SCOPE_NAMES.get(str(name), f"scope={name}")


def trie_text(trie: Trie, title: str) -> str:
    """The table's part of /proc/net/fib_trie (nothing for an empty trie)."""
    out: list[str] = []
    for n, depth in trie.walk():
        if n.parent is trie.root or (n.parent is not None and n.parent.is_trie):
            out.append(title)
        if n.is_tnode:
            out.append("   " * (depth - 1) + f"  +-- {_ip(n.key)}/{KEYLENGTH - n.pos - n.bits} {n.bits} "
                       f"{n.full} {n.empty}\n")
            continue
        out.append("   " * depth + f"  |-- {_ip(n.key)}\n")
        for a in n.aliases:
            tos = f" tos={a.tos}" if a.tos else ""
            out.append("   " * (depth + 1) + f"  /{a.plen} {_scope(a.scope)} {a.type.upper()}{tos}\n")
    return "".join(out)


def _title(table: int) -> str:
    return {RT_TABLE_LOCAL: "Local:\n", RT_TABLE_MAIN: "Main:\n"}.get(table, f"Id {table}:\n")


def _ident(key: int, a: Alias) -> tuple:
    return (key, a.plen, a.table, a.type, a.tos, a.metric)


@dataclass(eq=False)
class FibState:
    """A netns's tries as the last read left them (the kernel's tries carry their history: a removed
    route leaves the nodes its inserts resized), and whether local still shares main's."""

    merged: bool = True
    tries: dict[int, Trie] = field(default_factory=dict)
    entries: dict[int, dict[tuple, Alias]] = field(default_factory=dict)
    routes_id: int = 0          # id() of the route list whose trail this state follows (no reference:
                                # the list's routes lead back to the netns, this state's weak key)


_STATES: "weakref.WeakKeyDictionary[Any, FibState]" = weakref.WeakKeyDictionary()


def _trie_id(table: int, merged: bool) -> int:
    return RT_TABLE_MAIN if merged and table == RT_TABLE_LOCAL else table


def _alias(r: Any) -> tuple[int, Alias]:
    return int(r.dst.network_address), Alias(r.dst.prefixlen, r.scope, r.type, r.table, getattr(r, "tos", 0) or 0,
                                             r.metric)


def _wanted(netns: Any, merged: bool) -> dict[int, dict[tuple, Alias]]:
    """The aliases each trie holds now, in the order the routes were added."""
    wanted: dict[int, dict[tuple, Alias]] = {}
    for r in netns.routes:
        if r.family != 4 or not _in_fib(r):
            continue
        key, alias = _alias(r)
        wanted.setdefault(_trie_id(r.table, merged), {})[_ident(key, alias)] = alias
    return wanted


def _replay(state: FibState, trail: list[tuple[str, Any]]) -> None:
    """The route edits since the last read, in their order (an insert that inflated a node and a removal
    that did not halve it leave the kernel's trie as these steps leave it)."""
    for what, route in trail:
        if what == "unmerge" and state.merged:          # an IPv4 rule was added or deleted here
            _unmerge(state)
        if what not in ("add", "del") or route.family != 4:
            continue
        key, alias = _alias(route)
        tid, ident = _trie_id(route.table, state.merged), _ident(key, alias)
        have = state.entries.setdefault(tid, {})
        if what == "add" and ident not in have and _in_fib(route):
            state.tries.setdefault(tid, Trie()).insert(key, alias)
            have[ident] = alias
        elif what == "del" and ident in have:
            state.tries[tid].remove(key, ident)
            del have[ident]


def _unmerge(state: FibState) -> None:
    """fib_unmerge: local gets a trie of its own (its aliases inserted in key order), and main's trie
    drops them (fib_table_flush_external)."""
    main = state.tries.get(RT_TABLE_MAIN)
    state.merged = False
    if main is None:
        return
    local, main_entries = Trie(), state.entries.pop(RT_TABLE_MAIN, {})
    local_entries = {}
    for leaf in list(main.leaves()):
        for a in leaf.aliases:
            if a.table == RT_TABLE_LOCAL:
                local.insert(leaf.key, a)
                local_entries[_ident(leaf.key, a)] = a
    main.flush_external(RT_TABLE_MAIN)
    state.tries[RT_TABLE_LOCAL] = local
    state.entries[RT_TABLE_LOCAL] = local_entries
    state.entries[RT_TABLE_MAIN] = {i: a for i, a in main_entries.items() if a.table == RT_TABLE_MAIN}


def _ipv4_rules_edited(netns: Any) -> bool:
    """Whether an IPv4 rule was ever added or deleted (fib4_rule_configure/delete call fib_unmerge; an
    IPv6 rule does not)."""
    return bool(getattr(getattr(netns, "rules", None), "ipv4_split", False))


def table_tries(netns: Any) -> list[tuple[int, Trie]]:
    """The netns's IPv4 tables as (id, trie), in the kernel's fib_table_hash order (id & 255); while no
    policy rule was ever added the local table shares main's trie. Each call brings the kept tries up
    to date: the route edits since the last call in their order (the route list's trail), then whatever
    else changed (a device that went down, a replaced route): removals first, then additions."""
    state = _STATES.get(netns)
    if state is None:
        state = _STATES[netns] = FibState()
    routes = routes_of(netns)
    if state.routes_id == id(routes) and routes.trail is not None:
        _replay(state, routes.trail)
    if state.merged and _ipv4_rules_edited(netns):
        _unmerge(state)
    wanted = _wanted(netns, state.merged)
    for tid in list(state.entries) + [t for t in wanted if t not in state.entries]:   # tables as made
        trie = state.tries.setdefault(tid, Trie())
        have, want = state.entries.get(tid, {}), wanted.get(tid, {})
        for ident in sorted(set(have) - set(want)):
            trie.remove(ident[0], ident)
        for ident, alias in want.items():
            if ident not in have:
                trie.insert(ident[0], alias)
        state.entries[tid] = dict(want)
    state.routes_id, routes.trail = id(routes), []
    tables = set(state.tries)
    if state.merged and RT_TABLE_MAIN in tables:
        tables.add(RT_TABLE_LOCAL)
    made = {t: i for i, t in enumerate(state.tries)}           # a bucket lists its newest table first
    order = sorted(tables, key=lambda t: (t & 255, -made.get(t, len(made))))
    return [(t, state.tries[_trie_id(t, state.merged)]) for t in order]


def _in_fib(route: Any) -> bool:
    """A route the kernel keeps in its FIB: a nexthop on a device that is down is flushed (local routes,
    whose nexthop has scope nowhere, stay)."""
    dev = route.dev
    return dev is None or dev.admin_up or route.type == "local"


def proc_net_fib_trie(netns: Any) -> str:
    """/proc/net/fib_trie: every table's tree, titled Main:, Local: or Id N:."""
    return "".join(trie_text(trie, _title(table)) for table, trie in table_tries(netns))


LEAF_SIZE, TNODE_SIZE, ALIAS_SIZE, POINTER_SIZE = 48, 40, 56, 8     # this kernel's struct sizes (x86-64)


def _stats_text(trie: Trie) -> str:
    """trie_collect_stats + trie_show_stats: depths, leaves, prefixes, nodes by size, pointers, memory."""
    leaves = totdepth = maxdepth = prefixes = tnodes = nulls = 0
    sizes: dict[int, int] = {}
    for n, depth in trie.walk():
        if n.is_tnode:
            tnodes += 1
            sizes[n.bits] = sizes.get(n.bits, 0) + 1
            nulls += n.empty
        else:
            leaves += 1
            totdepth += depth
            maxdepth = max(maxdepth, depth)
            prefixes += len(n.aliases)
    avdepth = totdepth * 100 // leaves if leaves else 0
    pointers = sum((1 << bits) * count for bits, count in sizes.items())
    size = LEAF_SIZE * leaves + ALIAS_SIZE * prefixes + TNODE_SIZE * tnodes + POINTER_SIZE * pointers
    nodes = "".join(f"  {bits}: {sizes[bits]}" for bits in sorted(sizes))
    return (f"\tAver depth:     {avdepth // 100}.{avdepth % 100:02d}\n\tMax depth:      {maxdepth}\n"
            f"\tLeaves:         {leaves}\n\tPrefixes:       {prefixes}\n\tInternal nodes: {tnodes}\n"
            f"\t{nodes}\n\tPointers: {pointers}\nNull ptrs: {nulls}\nTotal size: {(size + 1023) // 1024}  kB\n")


def proc_net_fib_triestat(netns: Any) -> str:
    """/proc/net/fib_triestat: the struct sizes, then every table's statistics (empty tables too)."""
    head = f"Basic info: size of leaf: {LEAF_SIZE} bytes, size of tnode: {TNODE_SIZE} bytes.\n"
    return head + "".join(_title(table) + _stats_text(trie) for table, trie in table_tries(netns))
