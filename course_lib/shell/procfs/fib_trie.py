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
from typing import Any

from course_lib.net.route_table import routes_of
from course_lib.shell.procfs.lc_trie import KEYLENGTH, Alias, Trie, _ident

SCOPE_NAMES = {"global": "universe", "universe": "universe", "site": "site", "link": "link", "host": "host",
               "nowhere": "nowhere"}
RT_TABLE_MAIN, RT_TABLE_LOCAL = 254, 255


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
