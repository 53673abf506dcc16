"""A hop-by-hop record of why each packet went where it went, filled by the datapath when asked."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator, Optional

# The steps a hop can record.
STEPS = ("route", "arp", "bridge", "switch", "netfilter", "nat", "conntrack", "dns", "ingress", "deliver", "drop",
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
    chains: bool = False          # also record every jump between iptables chains (not only the verdicts)

    def add(self, node: str, step: str, detail: str) -> None:
        self.hops.append(Hop(node, step, detail))

    def __str__(self) -> str:
        return "\n".join(f"{i + 1:>3}. {h.node:<20} {h.step:<10} {h.detail}" for i, h in enumerate(self.hops))


# The trace every new Packet joins while a command runs under `recording(trace)` (lab.trace uses it,
# so a real ping/curl/dig is traced without the command knowing).
ACTIVE: Optional[Trace] = None


@contextmanager
def recording(trace: Trace) -> Iterator[Trace]:
    """While inside, packets created without a trace record into `trace` (nesting restores the outer one)."""
    global ACTIVE
    outer, ACTIVE = ACTIVE, trace
    try:
        yield trace
    finally:
        ACTIVE = outer


def note(node: str, step: str, detail: str) -> None:
    """Add a hop to the trace being recorded, if any (for decisions made outside a packet, e.g. DNS)."""
    if ACTIVE is not None:
        ACTIVE.add(node, step, detail)
