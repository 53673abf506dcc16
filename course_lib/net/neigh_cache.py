"""The kernel's bookkeeping of a neighbour entry that `ip -s neigh` prints: ref, used/confirmed/updated, probes.

As net/core/neighbour.c keeps it:
- `used`: when the entry was made, each time a packet went out through it while it was not
  REACHABLE (neigh_event_send; a REACHABLE entry's packets take the cached header and leave it alone),
  and when DELAY turns to PROBE;
- `confirmed`: made at now - 2 x base_reachable_time (60 s), then each confirmation (an ARP reply, an
  `ip neigh` entry of a connected state: REACHABLE, PERMANENT, NOARP); a new MAC in another state puts
  it 60 s back again;
- `updated`: each state change; the model's `updated` is the last confirmation or change, and the
  change REACHABLE -> STALE made by its timer is derived from it (confirmation + reachable time);
- `probes`: an entry that starts resolving is set to ucast_probes (3) and counts every solicitation,
  so one answered broadcast leaves 4 and an unanswered resolution 6; DELAY -> PROBE starts again at 0;
- `ref`: the reference a pending timer holds (INCOMPLETE, REACHABLE, DELAY, PROBE).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from course_lib.net.netns import Neighbour

ALLOC_AGE = 60.0                 # neigh_alloc(): confirmed = now - (base_reachable_time << 1)
CONNECTED = ("REACHABLE", "PERMANENT", "NOARP")
TIMER_STATES = ("INCOMPLETE", "REACHABLE", "DELAY", "PROBE")


def born(n: "Neighbour", now: float) -> None:
    """A new entry: used now, confirmed now when it starts connected, else 2 x reachable time ago."""
    n.used = now
    n.confirmed = now if n.state in CONNECTED else now - ALLOC_AGE


def confirm(n: "Neighbour", now: float, new_mac: bool) -> None:
    """__neigh_update(): confirmed now for a connected state, else 2 x reachable time ago if the MAC changed."""
    if n.state in CONNECTED:
        n.confirmed = now
    elif new_mac:
        n.confirmed = now - ALLOC_AGE


def _changed(n: "Neighbour") -> float:
    """The kernel's `updated`: the model's, or the moment a timer moved the entry on from it."""
    from course_lib.net.arp import REACHABLE_TIME
    if n.state == "STALE" and n.confirmed is not None and n.confirmed == n.updated:
        return n.updated + REACHABLE_TIME          # a REACHABLE entry that timed out
    return n.updated


SLACK = 0.01                     # model command lines take no time; real ones take milliseconds


def _ago(now: float, then: float) -> int:
    """Whole seconds from `then` to `now` (jiffies_to_clock_t / USER_HZ), an event just after a whole
    second of sleeps counted as a real run would see it."""
    return max(int(now - then + SLACK), 0)


def cacheinfo(n: "Neighbour", now: float) -> tuple[tuple[int, int, int, int], int]:
    """((refcnt, seconds since used, confirmed, updated), probes) as NDA_CACHEINFO and NDA_PROBES give them."""
    used = n.used if n.used is not None else n.updated
    confirmed: Optional[float] = n.confirmed
    if confirmed is None:
        confirmed = n.updated if n.state in CONNECTED else n.updated - ALLOC_AGE
    ref = 1 if n.state in TIMER_STATES else 0
    return (ref, _ago(now, used), _ago(now, confirmed), _ago(now, _changed(n))), n.probes
