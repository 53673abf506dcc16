"""Model time for the datapath: a discrete-event queue on Network.clock, bounded against packet storms.

Every frame on a wire, every ARP retry and every timer is an event at a model time. `pump` runs the
events in time order (ties in scheduling order, so everything is deterministic) until a condition
holds or a deadline passes. Loops cannot hang: each frame carries a hop count and one pump runs at
most MAX_EVENTS events before it discards the rest of the storm.

Some timers never run out (a link's router solicitations, course_lib.net.chatter): they are queued
with `background`, and a pump without `until` ("until the queue is empty") stops when only those are
left, as it did before they existed. They wait in a heap of their own (`bg`, one timer a link: 6,300 on a
100-node cluster) so that the work in flight, pushed and popped many times a packet, is not sifted
through them: the main heap holds a stand-in, `(when, seq, fire, ())`, for the earliest one, and for
any that was the earliest when queued; a stand-in runs the background timer with its own (when, seq),
so the events run in the very order, at the very times, one event each, as with one heap
(`BACKGROUND_HEAP = False` queues them in the main heap instead: tests/net/test_events.py compares).
"""
from __future__ import annotations

import heapq
from itertools import count
from typing import TYPE_CHECKING, Any, Callable, Optional

if TYPE_CHECKING:
    from course_lib.net.world import Network

MAX_EVENTS = 200_000        # per pump: a bridge loop's broadcast storm is cut here
MAX_NESTING = 16            # pumps inside pumps (a server handler making its own request)
BACKGROUND_HEAP = True      # background timers in a heap of their own (see above)
_FOREVER = float("inf")


class Scheduler:
    """The event queue of one Network."""

    __slots__ = ("network", "heap", "seq", "depth", "storm_cut", "idle", "limit", "bg", "stood", "fire")

    def __init__(self, network: "Network") -> None:
        self.network = network
        self.heap: list[tuple[float, int, Callable[..., Any], tuple]] = []
        self.seq = count()
        self.depth = 0
        self.storm_cut = 0          # how many events a pump had to discard (for tests and traces)
        self.idle = 0               # stand-ins for background timers in the heap
        self.limit = -_FOREVER      # the running pump's `until` (course_lib.net.express chains hops up to it)
        self.bg: list[tuple[float, int, Callable[..., Any], tuple]] = []     # the background timers
        self.stood: set[int] = set()    # the seq of those with a stand-in in the heap
        self.fire = self._fire      # (one bound method: the stand-ins' handler)

    def at(self, when: float, fn: Callable[..., Any], *args: Any) -> None:
        """Run fn(*args) at model time `when` (never in the past)."""
        clock = self.network.clock
        heapq.heappush(self.heap, (when if when > clock else clock, next(self.seq), fn, args))

    def background(self, when: float, fn: Callable[..., Any], *args: Any) -> None:
        """`at` for a timer that is no work in flight (see the module docstring)."""
        clock = self.network.clock
        if not BACKGROUND_HEAP:
            self.idle += 1
            heapq.heappush(self.heap, (when if when > clock else clock, next(self.seq), self._idle, (fn, args)))
            return
        entry = (when if when > clock else clock, next(self.seq), fn, args)
        bg = self.bg
        heapq.heappush(bg, entry)
        if bg[0] is entry:          # the earliest: its stand-in goes into the heap
            self._stand_in(entry)

    def _stand_in(self, entry: tuple) -> None:
        self.idle += 1
        seq = entry[1]
        self.stood.add(seq)
        heapq.heappush(self.heap, (entry[0], seq, self.fire, (seq,)))

    def _fire(self, seq: int) -> None:
        """A stand-in's turn: the earliest background timer is the one it stands for (any earlier one had a
        stand-in of its own, which ran first); the next one gets a stand-in unless it has one."""
        self.idle -= 1
        bg = self.bg
        if not bg or bg[0][1] != seq:       # (its timer was cleared)
            return
        fn, args = heapq.heappop(bg)[2:]
        self.stood.discard(seq)
        if bg and bg[0][1] not in self.stood:
            self._stand_in(bg[0])
        fn(*args)

    def _idle(self, fn: Callable[..., Any], args: tuple) -> None:
        self.idle -= 1
        fn(*args)

    def queued(self) -> list[tuple[float, int, Callable[..., Any], tuple]]:
        """Every event queued, background timers as they were given, in no order."""
        fire, idle = self.fire, self._idle
        out = list(self.bg)
        for e in self.heap:
            if e[2] is not fire:
                out.append((e[0], e[1], *e[3]) if e[2] == idle else e)
        return out

    def clear(self) -> int:
        """Forget every event queued, background timers included; how many there were."""
        n = len(self.heap) - self.idle + len(self.bg)
        self.heap.clear()
        self.bg.clear()
        self.stood.clear()
        self.idle = 0
        return n

    def after(self, delay: float, fn: Callable[..., Any], *args: Any) -> None:
        """Run fn(*args) `delay` seconds of model time from now."""
        heapq.heappush(self.heap, (self.network.clock + delay, next(self.seq), fn, args))

    def pump(self, until: Optional[float] = None, done: Optional[Callable[[], bool]] = None) -> bool:
        """Run events in time order up to model time `until` (None: until only background timers are left) or
        until `done()` is true. Returns done()'s last value (True when no condition is given).

        When no event is left before `until`, the clock moves on to `until`."""
        if self.depth >= MAX_NESTING:
            return bool(done()) if done else True
        net = self.network
        heap = self.heap
        pop = heapq.heappop
        limit = until if until is not None else _FOREVER
        self.depth += 1
        outer, self.limit = self.limit, limit
        ran = 0
        try:
            if done is not None and done():
                return True
            while heap and not heap[0][0] > limit and (until is not None or len(heap) > self.idle):
                when, _, fn, args = pop(heap)
                if when > net.clock:
                    net.clock = when
                fn(*args)
                ran += 1
                if ran >= MAX_EVENTS:
                    self.storm_cut += self.clear()
                    break
                if done is not None and done():
                    return True
            if until is not None and until > net.clock:
                net.clock = until
            return bool(done()) if done is not None else True
        finally:
            self.depth -= 1
            self.limit = outer

    def settle(self, horizon: float = 0.01) -> None:
        """Run what is due within `horizon` seconds (frames in flight), leaving later timers queued."""
        self.pump(self.network.clock + horizon)


def scheduler(network: "Network") -> Scheduler:
    """The Network's scheduler, made on first use."""
    sched = network.__dict__.get("_scheduler")
    if sched is None:
        sched = Scheduler(network)
        # a combined __dict__ (not the split one an instance's values become): `network.clock`, read at
        # every hop, stays a specialized load in CPython 3.11 (see NetNS.__post_init__)
        network.__dict__ = dict(network.__dict__, _scheduler=sched)
    return sched
