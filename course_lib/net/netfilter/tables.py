"""The netfilter state of a netns: tables, built-in and user chains, rules, policies and counters.

Operations mirror what iptables asks the kernel for (append, insert, delete, replace, new/delete/rename
chain, flush, zero, policy). They raise NfError with a kind the `iptables` command turns into the real
message; a failed operation changes nothing. Chains keep a lazy per-destination index so that long
chains of `-d VIP/32` rules (kube-proxy's KUBE-SERVICES) are traversed in about constant time, while
the rule order the learner sees stays the list order.

iptables-restore works on a copy-on-write copy of a table (`Table.cow_copy`): the copy shares every chain
until it changes one, so a restore that touches a few chains of a 15,000-rule table copies only those;
the commit swaps the copy in, and a failed restore drops it, leaving the table as it was.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from course_lib.net.netfilter.rules import Rule
from course_lib.net.netfilter.targets import Target

BUILTIN_CHAINS: dict[str, tuple[str, ...]] = {
    "filter": ("INPUT", "FORWARD", "OUTPUT"),
    "nat": ("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
    "mangle": ("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
    "raw": ("PREROUTING", "OUTPUT"),
    "security": ("INPUT", "FORWARD", "OUTPUT"),
}
# The order iptables-save lists the tables in (nf_tables family order).
TABLE_ORDER = ("mangle", "security", "raw", "filter", "nat")
INDEX_MIN_RULES = 12


class NfError(Exception):
    """A refused operation; `kind` selects the iptables message, `chain` is the chain concerned."""

    def __init__(self, kind: str, chain: str = "") -> None:
        super().__init__(kind)
        self.kind = kind
        self.chain = chain


@dataclass(eq=False, slots=True)
class Chain:
    """A chain: its rules in order, and for built-in chains a policy with counters."""

    name: str
    builtin: bool = False
    policy: str = "ACCEPT"
    pkts: int = 0
    bytes: int = 0
    rules: list[Rule] = field(default_factory=list)
    counted: bool = False          # nf_tables counts the policy only once `-P` set it
    live: bool = True              # nf_tables makes a built-in chain only when a rule or policy needs it
    hook: str = ""                 # a renamed base chain still runs at this hook (iptables cannot see it)
    _index: Optional[tuple[dict[int, list[Rule]], list[Rule]]] = field(default=None, repr=False)

    def changed(self) -> None:
        self._index = None

    def copy(self) -> "Chain":
        """A chain with its own rule list (the rules themselves, and the built index, are shared)."""
        return Chain(self.name, self.builtin, self.policy, self.pkts, self.bytes, list(self.rules), self.counted,
                     self.live, self.hook, self._index)

    def candidates(self, dst: int) -> list[Rule]:
        """The rules that may match a packet to `dst`, in chain order (all rules for short chains)."""
        if len(self.rules) < INDEX_MIN_RULES:
            return self.rules
        if self._index is None:
            self._index = self._build_index()
        by_dst, generic = self._index
        return by_dst.get(dst, generic)

    def _build_index(self) -> tuple[dict[int, list[Rule]], list[Rule]]:
        keyed: dict[int, list[int]] = {}
        generic: list[int] = []
        for pos, r in enumerate(self.rules):
            if r.dmsk == 0xFFFFFFFF and "dst" not in r.inv:
                keyed.setdefault(r.dst, []).append(pos)
            else:
                generic.append(pos)
        by_dst: dict[int, list[Rule]] = {}
        for dst, positions in keyed.items():
            merged = sorted(positions + generic)
            by_dst[dst] = [self.rules[p] for p in merged]
        return by_dst, [self.rules[p] for p in generic]


@dataclass(eq=False, slots=True)
class Table:
    """One table (filter, nat, mangle, raw, security). `created` once a command changed it (nf_tables)."""

    name: str
    chains: dict[str, Chain] = field(default_factory=dict)
    created: bool = False
    _own: Optional[set[str]] = field(default=None, repr=False)    # copy-on-write: the chains this copy owns
    hidden: list = field(default_factory=list)     # base chains renamed with -E: nft keeps them, iptables hides them

    def __post_init__(self) -> None:
        if not self.chains:
            for c in BUILTIN_CHAINS[self.name]:
                self.chains[c] = Chain(c, builtin=True, live=False)

    def cow_copy(self) -> "Table":
        """A copy that shares this table's chains until it changes them (see the module docstring)."""
        return Table(self.name, dict(self.chains), self.created, set(), list(self.hidden))

    def settle(self) -> None:
        """The copy became the table (committed): it owns all its chains from now on."""
        self._own = None

    def writable(self, name: str) -> Chain:
        """The chain `name`, copied first when this copy still shares it."""
        c = self.chains.get(name)
        if c is None:
            raise NfError("nochain", name)
        own = self._own
        if own is not None and name not in own:
            c = self.chains[name] = c.copy()
            own.add(name)
        return c

    def builtin_chains(self) -> list[Chain]:
        return [c for c in self.chains.values() if c.builtin]

    def user_chains(self) -> list[Chain]:
        """User chains in the order nf_tables iptables lists them (by name)."""
        return sorted((c for c in self.chains.values() if not c.builtin), key=lambda c: c.name)

    def ordered_chains(self) -> list[Chain]:
        return self.builtin_chains() + self.user_chains()

    def chain(self, name: str) -> Chain:
        c = self.chains.get(name)
        if c is None:
            raise NfError("nochain", name)
        return c

    def references(self, name: str) -> int:
        return sum(1 for c in self.chains.values() for r in c.rules if r.jump_target() == name)

    def reference_counts(self) -> dict[str, int]:
        """How many rules jump or go to each chain (one pass over the table)."""
        counts: dict[str, int] = {}
        for c in self.chains.values():
            for r in c.rules:
                t = r.target
                if t is not None and t.is_chain:
                    counts[t.name] = counts.get(t.name, 0) + 1
        return counts

    def is_empty(self) -> bool:
        return all(not c.rules and c.policy == "ACCEPT" for c in self.chains.values()) and \
            all(c.builtin for c in self.chains.values())

    # -- rule operations ----------------------------------------------------------------------------
    def _check_target(self, rule: Rule, chain: str) -> None:
        target = rule.jump_target()
        if target is not None:
            if target not in self.chains:
                raise NfError("nochain", target)
            if self.chains[target].builtin:
                raise NfError("enoent", chain)          # a jump to a built-in chain

    def append(self, chain: str, rule: Rule) -> None:
        c = self.writable(chain)
        self._check_target(rule, chain)
        c.rules.append(rule)
        c.changed()
        c.live = self.created = True

    def insert(self, chain: str, num: int, rule: Rule) -> None:
        c = self.writable(chain)
        self._check_target(rule, chain)
        if num < 1 or num > len(c.rules) + 1:
            raise NfError("index_insert", chain)
        c.rules.insert(num - 1, rule)
        c.changed()
        c.live = self.created = True

    def replace(self, chain: str, num: int, rule: Rule) -> None:
        c = self.writable(chain)
        self._check_target(rule, chain)
        if num < 1 or num > len(c.rules):
            raise NfError("index_replace", chain)
        c.rules[num - 1] = rule
        c.changed()
        self.created = True

    def find(self, chain: str, rule: Rule) -> int:
        """The 0-based position of the first rule with the same spec, or raise badrule."""
        c = self.chain(chain)
        spec = rule.spec()
        for i, r in enumerate(c.rules):
            if r.spec() == spec:
                return i
        raise NfError("badrule", chain)

    def delete(self, chain: str, rule: Rule) -> None:
        pos = self.find(chain, rule)
        c = self.writable(chain)
        del c.rules[pos]
        c.changed()

    def delete_num(self, chain: str, num: int) -> None:
        c = self.writable(chain)
        if num < 1 or num > len(c.rules):
            raise NfError("index_delete" if c.live else "nochain", chain)      # a chain nf_tables has yet to make
        del c.rules[num - 1]
        c.changed()

    # -- chain operations ---------------------------------------------------------------------------
    def new_chain(self, name: str) -> None:
        if name in self.chains:
            raise NfError("exists", name)
        self.chains[name] = Chain(name)
        if self._own is not None:
            self._own.add(name)
        self.created = True

    def delete_chain(self, name: Optional[str]) -> None:
        if name is None:
            users = self.user_chains()
            refs = self.reference_counts()
            for c in users:
                if c.rules or refs.get(c.name):
                    raise NfError("busy", c.name)
            for c in users:
                del self.chains[c.name]
            return
        c = self.chain(name)
        if c.builtin:
            raise NfError("builtin_del", name)
        if c.rules or self.references(name):
            raise NfError("busy", name)
        del self.chains[name]

    def flush(self, name: Optional[str]) -> None:
        for n in ([name] if name else list(self.chains)):
            c = self.writable(n)
            c.rules = []
            c.changed()
        if name is None:                   # the table's flush reaches the hidden base chains too
            self.hidden = [Chain(c.name, True, c.policy, c.pkts, c.bytes, [], c.counted, c.live, c.hook)
                           for c in self.hidden]

    def zero(self, name: Optional[str], num: Optional[int] = None) -> None:
        if name is not None and self.chain(name).builtin and not self.chains[name].live and num is None:
            raise NfError("nochain", name)
        for c in [self.writable(n) for n in ([name] if name else list(self.chains))]:
            if num is not None:
                if not c.rules:
                    raise NfError("badrule", c.name)
                if num <= len(c.rules):
                    c.rules[num - 1].pkts = c.rules[num - 1].bytes = 0
                continue
            c.pkts = c.bytes = 0
            for r in c.rules:
                r.pkts = r.bytes = 0

    def set_policy(self, name: str, policy: str) -> None:
        c = self.chains.get(name)
        if policy not in ("ACCEPT", "DROP"):
            raise NfError("badpolicy", name)
        if c is None or not c.builtin:
            raise NfError("builtin", name)
        c = self.writable(name)
        c.policy = policy
        c.counted = c.live = True
        self.created = True

    def rename_chain(self, old: str, new: str) -> None:
        if new in self.chains:
            raise NfError("file_exists", new)
        c = self.chain(old)
        if c.builtin and not c.live:
            raise NfError("nochain", old)             # a built-in chain nf_tables has not made yet
        if c.builtin:
            # nf_tables renames a base chain too: it keeps its hook, and the table becomes one iptables
            # calls incompatible; the built-in name is free again (made anew by the next rule)
            moved = self.writable(old).copy()
            moved.name, moved.hook = new, old
            self.hidden = self.hidden + [moved]
            self.chains[old] = Chain(old, builtin=True, live=False)
            self.created = True
            return
        c = self.writable(old)
        self.chains = {(new if k == old else k): v for k, v in self.chains.items()}
        if self._own is not None:
            self._own.add(new)
        c.name = new
        target = Target(name=new, is_chain=True)              # targets may be shared: replace, never mutate
        for name in [n for n, o in self.chains.items() if any(r.jump_target() == old for r in o.rules)]:
            o = self.writable(name)
            o.rules = [r.retargeted(target) if r.jump_target() == old else r for r in o.rules]
            o.changed()
        self.created = True


@dataclass(eq=False, slots=True)
class Netfilter:
    """The netfilter tables of one netns (made lazily: `netfilter_of(netns)`)."""

    tables: dict[str, Table] = field(default_factory=dict)
    conntrack_on: bool = False    # some rule needs conntrack (-m conntrack/state, NAT targets): see recompute()

    def recompute(self) -> None:
        """Turn conntrack on when a rule needs it, as the kernel's nf_ct_netns_get does."""
        for t in self.tables.values():
            for c in t.chains.values():
                for r in c.rules:
                    if needs_conntrack(r):
                        self.conntrack_on = True
                        return
        self.conntrack_on = False

    @property
    def active(self) -> bool:
        """Some table was created: the hooks (and conntrack) run."""
        for t in self.tables.values():
            if t.created:
                return True
        return False

    def table(self, name: str) -> Table:
        t = self.tables.get(name)
        if t is None:
            t = self.tables[name] = Table(name)
        return t

    def created_tables(self) -> Iterator[Table]:
        for name in TABLE_ORDER:
            t = self.tables.get(name)
            if t is not None and t.created:
                yield t


def needs_conntrack(rule: Rule) -> bool:
    """-m conntrack/state, a NAT target or CT with a zone (xt_ct_tg_check) turn conntrack on in the netns."""
    from course_lib.net.netfilter.matches import ConntrackMatch
    from course_lib.net.netfilter.targets import Ct, Nat
    t = rule.target
    return isinstance(t, Nat) or (isinstance(t, Ct) and t.zone != 0) or (t is not None and t.name == "CONNMARK") or \
        any(isinstance(m, ConntrackMatch) or m.name in ("connmark", "connlimit") for m in rule.matches)


def netfilter_of(netns: Any) -> Netfilter:
    nf = netns.netfilter
    if nf is None:
        nf = netns.netfilter = Netfilter()
    return nf
