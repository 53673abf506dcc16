"""-m limit: a token bucket on the model clock (average rate, burst), printed as iptables prints it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_lib.net.netfilter.matches import Match

SCALE = 10000                                     # XT_LIMIT_SCALE
UNITS = [("day", 86400), ("hour", 3600), ("min", 60), ("sec", 1)]


def parse_rate(text: str) -> int | None:
    """The kernel's `avg` (SCALE * seconds per packet) for `N[/second|minute|hour|day]`, or None."""
    count, slash, unit = text.partition("/")
    if not count.isdigit() or int(count) == 0:
        return None
    mult = 1
    if slash:
        if not unit:
            return None
        for name, secs in (("second", 1), ("minute", 60), ("hour", 3600), ("day", 86400)):
            if name.startswith(unit.lower()):
                mult = secs
                break
        else:
            return None
    return SCALE * mult // int(count)


def rate_text(avg: int) -> str:
    """print_rate() of libxt_limit."""
    rates = [(name, SCALE * secs) for name, secs in UNITS]
    i = 1
    while i < len(rates):
        mult = rates[i][1]
        if avg > mult or mult // avg < mult % avg:
            break
        i += 1
    name, mult = rates[i - 1]
    return f"{mult // avg}/{name}"


@dataclass(eq=False, slots=True)
class LimitMatch(Match):
    name: str = "limit"
    avg: int = SCALE * 3600 // 3                  # 3/hour
    burst: int = 5
    credit: float = -1.0                          # tokens left (-1: full, not started)
    last: float = 0.0

    def save(self) -> str:
        return f"-m limit --limit {rate_text(self.avg)}" + (f" --limit-burst {self.burst}" if self.burst != 5 else "")

    def listing(self, numeric: bool) -> str:
        return f"limit: avg {rate_text(self.avg)} burst {self.burst}"

    def matches(self, pkt: Any, hc: Any) -> bool:
        try:
            now = hc.netns.machine.network.clock
        except AttributeError:
            now = 0.0
        if self.credit < 0:
            self.credit, self.last = float(self.burst), now
        self.credit = min(float(self.burst), self.credit + (now - self.last) * SCALE / self.avg)
        self.last = now
        if self.credit >= 1.0:
            self.credit -= 1.0
            return True
        return False
