"""A hop-by-hop record of why each packet went where it went, filled by the datapath when asked."""
from __future__ import annotations

from dataclasses import dataclass, field

# The steps a hop can record.
STEPS = ("route", "arp", "bridge", "switch", "netfilter", "nat", "conntrack", "dns", "deliver", "drop",
         "send", "receive", "forward", "reply")


@dataclass(frozen=True)
class Hop:
    """One decision: on which node (machine[/netns] or switch), which step, and the real text behind it."""

    node: str
    step: str
    detail: str


@dataclass
class Trace:
    """An ordered list of hops; the datapath appends while a traced packet moves."""

    hops: list[Hop] = field(default_factory=list)

    def add(self, node: str, step: str, detail: str) -> None:
        self.hops.append(Hop(node, step, detail))

    def __str__(self) -> str:
        return "\n".join(f"{i + 1:>3}. {h.node:<20} {h.step:<10} {h.detail}" for i, h in enumerate(self.hops))
