"""Policy routing rules of a netns (`ip rule`): the model, its edits and the rule walk of a FIB lookup.

A netns's `rules` is None while nobody changed the kernel's default rules (0 local, 32766 main,
32767 default for IPv4; 0 local, 32766 main for IPv6), so the lookup keeps its fast path (the
kernel's fib_has_custom_rules); the first successful edit makes it a `RuleSet` for good (a list of
rules per family, in the kernel's order: by preference, then the order they were added), and the
local table then shows as its own (`table local` in `ip route get`), as after the kernel's fib_unmerge. The walk (fib_rules_lookup) matches a `Flow` against each rule and
calls back into the per-table lookup of routing.py.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Optional

from course_lib.result import CommandError

if TYPE_CHECKING:
    from course_lib.net.netns import NetNS

RT_TABLE_DEFAULT, RT_TABLE_MAIN, RT_TABLE_LOCAL = 253, 254, 255
ACTIONS = ("lookup", "goto", "nop", "blackhole", "unreachable", "prohibit")
# what fib_rules_lookup returns for the error actions (strerror texts, as routing.py gives them)
ACTION_ERRORS = {"blackhole": "Invalid argument", "unreachable": "Network is unreachable",
                 "prohibit": "Permission denied"}
NO_SUCH_RULE = CommandError("RTNETLINK answers: No such file or directory", 2)
RULE_EXISTS = CommandError("RTNETLINK answers: File exists", 2)


@dataclass(eq=False)
class Rule:
    """One policy rule, with the selectors and the action `ip rule add` gives it."""

    family: int
    pref: int
    action: str = "lookup"                 # one of ACTIONS
    table: int = 0
    src: Optional[ipaddress.IPv4Interface | ipaddress.IPv6Interface] = None   # host bits kept, as given
    dst: Optional[ipaddress.IPv4Interface | ipaddress.IPv6Interface] = None
    iif: Optional[str] = None              # device names: a rule keeps its name when the device goes
    oif: Optional[str] = None
    fwmark: int = 0
    fwmask: int = 0
    tos: int = 0
    invert: bool = False                   # `not`
    ipproto: Optional[int] = None
    sport: Optional[tuple[int, int]] = None
    dport: Optional[tuple[int, int]] = None
    suppress_prefixlength: int = -1
    suppress_ifgroup: int = -1
    goto: Optional[int] = None             # the target preference of a goto
    realms: Optional[str] = None
    uidrange: Optional[tuple[int, int]] = None
    l3mdev: bool = False
    proto: str = "unspec"                  # "kernel" for the default rules

    def key(self) -> tuple:
        """What rule_exists/fib_nl_delrule compare (the preference aside)."""
        return (self.action, self.table, self.src, self.dst, self.iif, self.oif, self.fwmark, self.fwmask,
                self.tos, self.invert, self.ipproto, self.sport, self.dport, self.suppress_prefixlength,
                self.suppress_ifgroup, self.goto, self.realms, self.uidrange, self.l3mdev)


def default_rules(family: int) -> list[Rule]:
    rules = [Rule(family, 0, table=RT_TABLE_LOCAL, proto="kernel"),
             Rule(family, 32766, table=RT_TABLE_MAIN, proto="kernel")]
    if family == 4:
        rules.append(Rule(family, 32767, table=RT_TABLE_DEFAULT, proto="kernel"))
    return rules


_DEFAULTS = {4: default_rules(4), 6: default_rules(6)}


@dataclass(eq=False)
class RuleSet:
    """The rules of a netns that are not just the defaults (per family), and the tables it made."""

    by_family: dict[int, list[Rule]] = field(default_factory=lambda: {4: default_rules(4), 6: default_rules(6)})
    made_tables: set[int] = field(default_factory=set)   # tables `table 0` allocated (fib_empty_table)
    ipv4_split: bool = False     # an IPv4 rule was added or deleted once: fib_unmerge split local from main


def rules_of(netns: "NetNS", family: int) -> list[Rule]:
    """The rules of `family` in lookup order (read only; the defaults when nobody changed them)."""
    rs = netns.rules
    return rs.by_family[family] if rs is not None else _DEFAULTS[family]


def _editable(netns: "NetNS") -> RuleSet:
    """The netns's RuleSet, made on the first edit (the route cache is dropped: lookups change)."""
    lookups = getattr(netns.routes, "lookups", None)
    if lookups:
        lookups.clear()
    if netns.rules is None:
        netns.rules = RuleSet()
    return netns.rules


def _split(netns: "NetNS", ruleset: RuleSet) -> None:
    """fib_unmerge, once: note it, and in the route list's trail when someone follows its edits."""
    if not ruleset.ipv4_split:
        ruleset.ipv4_split = True
        trail = getattr(netns.routes, "trail", None)
        if trail is not None:
            trail.append(("unmerge", None))


def default_pref(rules: list[Rule]) -> int:
    """fib_default_rule_pref: the second rule's preference minus one, if it is not 0; else 0."""
    if len(rules) >= 2 and rules[1].pref:
        return rules[1].pref - 1
    return 0


def add_rule(netns: "NetNS", rule: Rule, pref_given: bool, used_tables: Callable[[], set[int]],
             exclusive: bool = True) -> None:
    """fib_nl_newrule: pick the preference, check the goto and (NLM_F_EXCL, as `ip rule add` asks)
    duplicates, insert after equal prefs. Nothing changes when it fails."""
    rules = rules_of(netns, rule.family)
    if not pref_given:
        rule.pref = default_pref(rules)
    _check_goto(rule, rule.pref)
    if exclusive and any(r.pref == rule.pref and r.key() == rule.key() for r in rules):
        raise RULE_EXISTS
    ruleset = _editable(netns)
    if rule.action == "lookup" and rule.table == 0:
        # fib_empty_table: the lowest table id that is not in use (and make it)
        taken = used_tables() | ruleset.made_tables
        rule.table = next(t for t in range(1, 1 << 32) if t not in taken)
        ruleset.made_tables.add(rule.table)
    rules = ruleset.by_family[rule.family]
    at = len(rules)
    for i, r in enumerate(rules):
        if r.pref > rule.pref:
            at = i
            break
    rules.insert(at, rule)
    if rule.family == 4:
        _split(netns, ruleset)


def _selected(rule: Rule, want: Rule, given: set[str]) -> bool:
    """fib_nl_delrule/rule_find: every attribute the request gives must equal the rule's."""
    for name in given:
        if getattr(rule, name) != getattr(want, name):
            return False
    return True


def _check_goto(rule: Rule, pref: int) -> None:
    """fib_nl2rule's goto checks, for a new rule and a rule to delete alike."""
    if rule.action == "goto":
        if rule.goto is None:
            raise CommandError("Error: Missing goto target for action goto.", 2)
        if rule.goto <= pref:
            raise CommandError("Error: Backward goto not supported.", 2)


def delete_rule(netns: "NetNS", want: Rule, given: set[str]) -> None:
    """Delete the first rule matching the attributes of `want` named in `given` (ENOENT if none); the request is
    checked first as fib_nl2rule parses it (a goto at or before its preference, or the default one)."""
    _check_goto(want, want.pref if "pref" in given else default_pref(rules_of(netns, want.family)))
    for i, rule in enumerate(rules_of(netns, want.family)):
        if _selected(rule, want, given):
            ruleset = _editable(netns)
            del ruleset.by_family[want.family][i]
            if want.family == 4:
                _split(netns, ruleset)
            return
    raise NO_SUCH_RULE


def flush_rules(netns: "NetNS", family: int, chosen: list[Rule]) -> None:
    """`ip rule flush`: the chosen rules but those of preference 0 (iproute2 skips them)."""
    gone = [vars(r) for r in chosen if r.pref]
    if gone:            # (equal, not identical: `chosen` may be the shared defaults, copied by _editable)
        ruleset = _editable(netns)
        rules = ruleset.by_family[family]
        rules[:] = [r for r in rules if not (r.pref and vars(r) in gone)]
        if family == 4:
            _split(netns, ruleset)


# -- the lookup --------------------------------------------------------------------------------------
@dataclass
class Flow:
    """What a rule can match of a lookup (flowi4): source, input/output device names, mark, TOS, L4."""

    src: Any = None                        # an ipaddress address or None (0.0.0.0)
    iif: Optional[str] = None              # "lo" for locally generated packets
    oif: Optional[str] = None
    mark: int = 0
    tos: int = 0
    proto: Optional[int] = None
    sport: Optional[int] = None
    dport: Optional[int] = None


def _in_range(value: Optional[int], span: Optional[tuple[int, int]]) -> bool:
    return span is None or (value is not None and span[0] <= value <= span[1])


def _addr_in(addr: Any, iface: Any) -> bool:
    """(addr ^ rule address) & mask == 0; no address (None) is 0.0.0.0."""
    value = int(addr) if addr is not None and addr.version == iface.version else 0
    net = iface.network
    return not ((value ^ int(iface.ip)) & int(net.netmask))


def rule_matches(rule: Rule, dst: Any, flow: Flow) -> bool:
    """fib_rule_match (with `not` applied)."""
    ok = ((rule.iif is None or rule.iif == flow.iif)
          and (rule.oif is None or rule.oif == flow.oif)
          and not ((rule.fwmark ^ flow.mark) & rule.fwmask)
          and (rule.src is None or _addr_in(flow.src, rule.src))
          and (rule.dst is None or _addr_in(dst, rule.dst))
          and (not rule.tos or rule.tos == flow.tos)
          and (rule.ipproto is None or rule.ipproto == flow.proto)
          and _in_range(flow.sport, rule.sport) and _in_range(flow.dport, rule.dport)
          and (rule.uidrange is None or rule.uidrange[0] <= 0 <= rule.uidrange[1])
          and not rule.l3mdev)
    return ok != rule.invert


def walk(rules: list[Rule], dst: Any, flow: Flow, lookup_table: Callable[[int], Any]) -> tuple[Any, Optional[str]]:
    """fib_rules_lookup: (route, None), (None, strerror) or (None, None) when no rule gave a route.
    `lookup_table(table)` is (route, err) or None when the table has no answer (go on to the next rule)."""
    i, n = 0, len(rules)
    while i < n:
        rule = rules[i]
        i += 1
        if not rule_matches(rule, dst, flow):
            continue
        action = rule.action
        if action == "goto":
            target = next((j for j in range(i, n) if rules[j].pref >= rule.goto), None)
            if target is None or rules[target].pref != rule.goto:
                continue                    # an unresolved goto is skipped
            i = target
            continue
        if action == "nop":
            continue
        if action != "lookup":
            return None, ACTION_ERRORS[action]
        found = lookup_table(rule.table)
        if found is None:
            continue
        route, err = found
        if route is not None and rule.suppress_prefixlength >= 0 \
                and route.dst.prefixlen <= rule.suppress_prefixlength:
            continue
        return found
    return None, None
