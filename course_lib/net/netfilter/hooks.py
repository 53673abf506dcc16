"""Where a rule may run: the tables and hooks of its target and matches, checked through jumps as nf_tables does.

x_tables extensions declare a table (REJECT: filter, TOS/DSCP: mangle, CT: raw, the NAT targets: nat) and
a hook mask (-m mac: PREROUTING, INPUT, FORWARD; MASQUERADE: POSTROUTING ...). With iptables-nft the table
is checked when the rule is added (xt_check_target), the hooks when the table is validated: every rule
reachable from a base chain, through jumps and gotos, must accept that chain's hook. A rule, or a jump,
that breaks it is refused with EINVAL naming the chain being changed, and the table stays as it was.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from course_lib.net.netfilter.matches_mac import HOOKS as MAC_HOOKS
from course_lib.net.netfilter.tables import NfError

if TYPE_CHECKING:
    from course_lib.net.netfilter.rules import Rule
    from course_lib.net.netfilter.tables import Table

PRE, IN, FWD, OUT, POST = "PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"
TARGET_TABLE = {"TTL": "mangle", "REJECT": "filter", "DNAT": "nat", "SNAT": "nat", "MASQUERADE": "nat", "REDIRECT": "nat",
                "CT": "raw", "NOTRACK": "raw", "TOS": "mangle", "DSCP": "mangle"}
TARGET_HOOKS = {"REJECT": frozenset({IN, FWD, OUT}), "DNAT": frozenset({PRE, OUT}), "REDIRECT": frozenset({PRE, OUT}),
                "SNAT": frozenset({POST, IN}), "MASQUERADE": frozenset({POST}), "CT": frozenset({PRE, OUT}),
                "NOTRACK": frozenset({PRE, OUT})}
MATCH_HOOKS = {"mac": frozenset(MAC_HOOKS), "owner": frozenset({OUT, POST})}


def own_hooks(rule: "Rule") -> Optional[frozenset]:
    """The hooks the rule's own target and matches allow (None: any)."""
    allowed: Optional[frozenset] = None
    t = rule.target
    if t is not None and not t.is_chain:
        allowed = TARGET_HOOKS.get(t.name)
    for m in rule.matches:
        hooks = MATCH_HOOKS.get(m.name)
        if hooks is not None:
            allowed = hooks if allowed is None else allowed & hooks
    return allowed


def subtree_hooks(table: "Table", chain: str, seen: Optional[set] = None) -> Optional[frozenset]:
    """The hooks every rule reachable from `chain` allows (None: any)."""
    seen = set() if seen is None else seen
    if chain in seen:
        return None
    seen.add(chain)
    c = table.chains.get(chain)
    allowed: Optional[frozenset] = None
    for r in (c.rules if c is not None else ()):
        for hooks in (own_hooks(r), subtree_hooks(table, r.target.name, seen) if r.jump_target() else None):
            if hooks is not None:
                allowed = hooks if allowed is None else allowed & hooks
    return allowed


def reaching_hooks(table: "Table", chain: str) -> set[str]:
    """The base chains (hooks) from which `chain` is reached through jumps and gotos."""
    c = table.chains.get(chain)
    if c is not None and c.builtin:
        return {chain}
    callers: dict[str, set[str]] = {}
    for name, other in table.chains.items():
        for r in other.rules:
            target = r.jump_target()
            if target is not None:
                callers.setdefault(target, set()).add(name)
    out: set[str] = set()
    todo, seen = [chain], {chain}
    while todo:
        for caller in callers.get(todo.pop(), ()):
            if caller in seen:
                continue
            seen.add(caller)
            if table.chains[caller].builtin:
                out.add(caller)
            else:
                todo.append(caller)
    return out


def checkentry_refuses(chain: str, rule: "Rule") -> bool:
    """Checks an extension makes with the hook of the chain the rule is in (a base chain only: a user
    chain's rules are checked with no hook): physdev's output port outside bridged traffic in OUTPUT,
    addrtype's --limit-iface-in in OUTPUT/POSTROUTING and --limit-iface-out in PREROUTING/INPUT."""
    for m in rule.matches:
        if m.name == "physdev" and chain == OUT and (m.physout or m.is_out is not None) and m.is_bridged is not True:
            return True
        if m.name == "addrtype" and ((m.limit_in and chain in (OUT, POST)) or (m.limit_out and chain in (PRE, IN))):
            return True
    return False


def check_rule(table: "Table", chain: str, rule: "Rule") -> None:
    """Refuse (NfError invalid) a rule for `chain` whose target table or reachable hooks do not fit."""
    c = table.chains.get(chain)
    t = rule.target
    if c is not None and c.builtin and checkentry_refuses(chain, rule):
        raise NfError("invalid", chain)
    if t is not None and t.name == "TCPMSS" and (rule.proto != 6 or "proto" in rule.inv or (
            t.mss is None and c is not None and c.builtin and chain not in (FWD, OUT, POST))):
        raise NfError("invalid", chain)                  # tcpmss_tg4_check: TCP only; clamping needs a route
    if any(m.name == "string" and m.algo not in ("bm", "kmp") for m in rule.matches):
        raise NfError("enoent", chain)                   # no such textsearch algorithm module
    if t is not None and not t.is_chain:
        only = TARGET_TABLE.get(t.name)
        if only is not None and only != table.name:
            raise NfError("invalid", chain)
    allowed = own_hooks(rule)
    target = rule.jump_target()
    if target is not None:
        below = subtree_hooks(table, target)
        if below is not None:
            allowed = below if allowed is None else allowed & below
    if allowed is not None and not reaching_hooks(table, chain) <= allowed:
        raise NfError("invalid", chain)
