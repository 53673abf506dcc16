"""The kernel's level-compressed trie of one IPv4 table (fib_trie.c): inserts, removals, inflate and halve.

A new leaf splits the node it meets at the first differing bit; after every insert or removal the nodes on the
way up are doubled or halved by the inflate/halve thresholds (50 %/25 %, the root 30 %/15 %), so the shape
depends on the order of the edits. /proc/net/fib_trie (procfs/fib_trie.py) prints it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional

KEYLENGTH = 32


def _ident(key: int, a: Alias) -> tuple:
    return (key, a.plen, a.table, a.type, a.tos, a.metric)


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
