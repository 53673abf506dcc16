"""Model time for the datapath: a discrete-event queue on Network.clock, bounded against packet storms.

Every frame on a wire, every ARP retry and every timer is an event at a model time. `pump` runs the
events in time order (ties in scheduling order, so everything is deterministic) until a condition
holds or a deadline passes. Loops cannot hang: each frame carries a hop count and one pump runs at
most MAX_EVENTS events before it discards the rest of the storm.

Some timers never run out (a link's router solicitations, course_lib.net.chatter): they are queued
with `background`, and a pump without `until` ("until the queue is empty") stops when only those are
left, as it did before they existed.
"""
from __future__ import annotations

import heapq
from itertools import count
from typing import TYPE_CHECKING, Any, Callable, Optional

if TYPE_CHECKING:
    from course_lib.net.world import Network

MAX_EVENTS = 200_000        # per pump: a bridge loop's broadcast storm is cut here
MAX_NESTING = 16            # pumps inside pumps (a server handler making its own request)
_FOREVER = float("inf")


class Scheduler:
    """The event queue of one Network."""

    __slots__ = ("network", "heap", "seq", "depth", "storm_cut", "idle", "limit")

    def __init__(self, network: "Network") -> None:
        self.network = network
        self.heap: list[tuple[float, int, Callable[..., Any], tuple]] = []
        self.seq = count()
        self.depth = 0
        self.storm_cut = 0          # how many events a pump had to discard (for tests and traces)
        self.idle = 0               # background timers in the heap
        self.limit = -_FOREVER      # the running pump's `until` (course_lib.net.express chains hops up to it)

    def at(self, when: float, fn: Callable[..., Any], *args: Any) -> None:
        """Run fn(*args) at model time `when` (never in the past)."""
        clock = self.network.clock
        heapq.heappush(self.heap, (when if when > clock else clock, next(self.seq), fn, args))

    def background(self, when: float, fn: Callable[..., Any], *args: Any) -> None:
        """`at` for a timer that is no work in flight (see the module docstring)."""
        self.idle += 1
        clock = self.network.clock
        heapq.heappush(self.heap, (when if when > clock else clock, next(self.seq), self._idle, (fn, args)))

    def _idle(self, fn: Callable[..., Any], args: tuple) -> None:
        self.idle -= 1
        fn(*args)

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
                    self.storm_cut += len(heap)
                    heap.clear()
                    self.idle = 0
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
