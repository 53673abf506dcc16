"""The whole simulated network: machines, switches, cables, a seeded MAC allocator and model time."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from course_lib.net.machine import Machine
from course_lib.net.switch import Switch
from course_lib.net.wallclock import EPOCH


@dataclass(eq=False)
class Network:
    """Everything one simulated Lab holds."""

    seed: int = 0
    machines: dict[str, Machine] = field(default_factory=dict)
    switches: dict[str, Switch] = field(default_factory=dict)
    clock: float = 0.0               # model time in seconds; advanced by ping intervals, timeouts...
    epoch: float = EPOCH             # the wall-clock seconds of model time 0 (net/wallclock.py)
    _scheduler = None                # net/events.py: made on first use in the instance's __dict__

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def new_mac(self) -> str:
        """A deterministic, locally administered unicast MAC address: six draws of randrange(256), each
        made as Random._randbelow does it (9 random bits, drawn again while >= 256), without its checks."""
        bits = self._rng.getrandbits
        octets = []
        for _ in range(6):
            r = bits(9)
            while r >= 256:
                r = bits(9)
            octets.append(r)
        octets[0] = (octets[0] & 0xFC) | 0x02
        return "%02x:%02x:%02x:%02x:%02x:%02x" % tuple(octets)

    def random(self) -> random.Random:
        """The lab's seeded random source (for anything random the model needs)."""
        return self._rng

    def advance(self, seconds: float) -> None:
        """Let `seconds` of model time pass (`sleep`): the datapath's timers run -- ARP retries and
        failures, neighbour entries going DELAY -> PROBE -> REACHABLE and REACHABLE -> STALE."""
        from course_lib.net.events import scheduler
        scheduler(self).pump(self.clock + seconds)
