"""What iptables-restore remembers between runs: rule lines it parsed, and whole table blocks it applied.

kube-proxy writes the same rules on every node, and the same `*nat ... COMMIT` block to every node of a
cluster. Two caches, shared by every netns, save the parser that work; the result is the one the full
path gives (the caches never change what a restore does, only how fast):

- `_PARSED`: an `-A` line that parsed and applied once. Seen again, it skips the parser and the kernel's
  static checks (they depend only on the table, the chain and the rule, all fixed by the line): the
  rule's header is copied, its stateless matches and its target are shared; counters stay per rule.
- `_BLOCKS`: a table block made only of `:CHAIN` lines and such `-A` lines, as a plan (declare these
  chains, append these rules). Replayed, it checks what the lines would have checked (the chains exist,
  the targets are user chains); when a check fails the block takes the line-by-line path, which gives
  the real error.
"""
from __future__ import annotations

from typing import Optional

from course_lib.net.netfilter.matches import StatisticMatch
from course_lib.net.netfilter.matches_limit import LimitMatch
from course_lib.net.netfilter.rules import Rule
from course_lib.net.netfilter.tables import BUILTIN_CHAINS, Table
from course_lib.shell.iptables_args import IptCmd

_PARSED: dict[str, dict[str, IptCmd]] = {}          # table -> line -> parsed command
_PARSED_MAX = 200000
Plan = list[tuple]                                    # ("decl", chain, policy) | ("rules", chain, rules, targets)
_BLOCKS: dict[tuple[str, str], Plan] = {}             # (table, block text) -> plan
_BLOCKS_MAX = 64


def _stateful(m: object) -> bool:
    """Matches with per-rule state (limit, statistic nth) are never shared between rules."""
    return isinstance(m, LimitMatch) or (isinstance(m, StatisticMatch) and m.mode == "nth")


def remember_append(table: str, line: str, cmd: IptCmd) -> bool:
    """Keep a successfully applied `-A` line for next time; False when it cannot be replayed from its text."""
    if cmd.command != "A" or cmd.verbose or cmd.counters is not None or cmd.deferred is not None or \
            cmd.more_src or cmd.more_dst or any(_stateful(m) for m in cmd.rule.matches):
        return False
    parsed = _PARSED.setdefault(table, {})
    if len(parsed) >= _PARSED_MAX:
        parsed.clear()
    parsed[line] = cmd
    return True


def copy_rule(r: Rule) -> Rule:
    """A fresh rule (zero counters) with the template's header, matches and target."""
    return Rule(r.src, r.smsk, r.dst, r.dmsk, r.iniface, r.outiface, r.proto, r.inv, r.matches, r.target, r.goto)


def declare(work: Table, chain: str, policy: str) -> bool:
    """A `:CHAIN POLICY` line: make the chain, or flush a user chain, or set a built-in chain's policy.
    False when the line fails (an unknown policy for a built-in chain); a user chain's policy is ignored."""
    work.created = True
    c = work.chains.get(chain)
    if c is None:
        work.new_chain(chain)
    elif not c.builtin:
        c = work.writable(chain)
        c.rules = []
        c.changed()
    if policy != "-" and c is not None and c.builtin:
        if policy not in ("ACCEPT", "DROP"):
            return False
        c = work.writable(chain)
        c.policy = policy
        c.counted = c.live = True
    return True


class FastAppender:
    """Appends lines seen before to the working table without parsing them (None: take the full path),
    and records the block as a plan while every line of it could be replayed."""

    __slots__ = ("work", "parsed", "name", "chain", "plan")

    def __init__(self, work: Table) -> None:
        self.work, self.parsed = work, _PARSED.setdefault(work.name, {})
        self.name, self.chain = "", None
        self.plan: Optional[Plan] = []

    def reset(self) -> None:
        """Another kind of line came: the chain may be gone or renamed."""
        self.name, self.chain = "", None

    def declared(self, chain: str, policy: str) -> None:
        self.reset()
        if self.plan is not None:
            self.plan.append(("decl", chain, policy))

    def other(self, replayable_append: Optional[IptCmd] = None) -> None:
        """A line that took the full path: an `-A` the plan can still replay, or anything else."""
        self.reset()
        if self.plan is not None:
            if replayable_append is None:
                self.plan = None
            else:
                self._plan_rule(replayable_append)

    def _plan_rule(self, tmpl: IptCmd) -> None:
        plan = self.plan
        assert plan is not None
        target = tmpl.rule.target
        if not (plan and plan[-1][0] == "rules" and plan[-1][1] == tmpl.chain):
            plan.append(("rules", tmpl.chain, [], set()))
        plan[-1][2].append(tmpl.rule)
        if target is not None and target.is_chain:
            plan[-1][3].add(target.name)

    def add(self, line: str) -> Optional[Rule]:
        tmpl = self.parsed.get(line)
        if tmpl is None:
            return None
        chains = self.work.chains
        target = tmpl.rule.target
        if target is not None and target.is_chain:
            sub = chains.get(target.name)
            if sub is None or sub.builtin:
                return None                           # the full path reports it
        name = tmpl.chain
        c = self.chain
        if name != self.name:
            if name not in chains:
                return None
            c = self.chain = self.work.writable(name)
            self.name = name
            c.changed()
            c.live = self.work.created = True
        rule = copy_rule(tmpl.rule)
        c.rules.append(rule)
        if self.plan is not None:
            self._plan_rule(tmpl)
        return rule


def block_key(table: str, lines: list[str], start: int) -> Optional[tuple[tuple[str, str], int]]:
    """The cache key of the block that starts after line index `start`, and the index of its COMMIT line."""
    try:
        end = lines.index("COMMIT", start + 1)
    except ValueError:
        return None
    return (table, "\n".join(lines[start + 1:end])), end


def remember_block(key: tuple[str, str], plan: Optional[Plan]) -> None:
    if plan is None:
        return
    if len(_BLOCKS) >= _BLOCKS_MAX:
        _BLOCKS.pop(next(iter(_BLOCKS)))
    _BLOCKS[key] = [op if op[0] == "decl" else (op[0], op[1], tuple(op[2]), frozenset(op[3])) for op in plan]


def replay_block(work: Table, key: tuple[str, str]) -> bool:
    """Apply a remembered block to `work`; False (work half changed: drop it) when a line would fail."""
    plan = _BLOCKS.get(key)
    if plan is None:
        return False
    chains = work.chains
    for op in plan:
        if op[0] == "decl":
            if not declare(work, op[1], op[2]):
                return False
            continue
        _, name, rules, targets = op
        if name not in chains:
            return False
        for t in targets:
            sub = chains.get(t)
            if sub is None or sub.builtin:
                return False
        c = work.writable(name)
        c.changed()
        c.live = work.created = True
        c.rules += [copy_rule(r) for r in rules]
    return True
