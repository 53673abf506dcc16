"""More targets and hashlimit: TCPMSS, TTL and NFLOG (texts of libxt_*), and -m hashlimit's per-key buckets.

TCPMSS and NFLOG change nothing the model carries (no MSS option, no log daemon); TTL sets, raises or
lowers the packet's TTL; hashlimit is -m limit with one token bucket per source/destination key.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.net.netfilter.matches import Match, save_string
from course_lib.net.netfilter.matches_limit import SCALE, rate_text
from course_lib.net.netfilter.targets import Target


@dataclass(eq=False, slots=True)
class TcpmssTarget(Target):
    name: str = "TCPMSS"
    terminal: bool = False
    mss: Optional[int] = None         # None: --clamp-mss-to-pmtu

    def save(self) -> str:
        return " --clamp-mss-to-pmtu" if self.mss is None else f" --set-mss {self.mss}"

    def listing(self, numeric: bool) -> str:
        return "TCPMSS clamp to PMTU" if self.mss is None else f"TCPMSS set {self.mss}"


@dataclass(eq=False, slots=True)
class TtlTarget(Target):
    name: str = "TTL"
    terminal: bool = False
    mode: str = "set"                 # set, inc, dec
    value: int = 0

    def save(self) -> str:
        return f" --ttl-{self.mode} {self.value}"

    def listing(self, numeric: bool) -> str:
        return {"set": "TTL set to", "inc": "TTL increment by", "dec": "TTL decrement by"}[self.mode] + f" {self.value}"

    def apply(self, pkt: Any) -> None:
        ttl = self.value if self.mode == "set" else pkt.ttl + (self.value if self.mode == "inc" else -self.value)
        pkt.ttl = max(0, min(255, ttl))


@dataclass(eq=False, slots=True)
class NflogTarget(Target):
    name: str = "NFLOG"
    terminal: bool = False
    group: int = 0
    prefix: Optional[str] = None
    threshold: int = 0

    def save(self) -> str:
        out = f" --nflog-prefix {save_string(self.prefix)}" if self.prefix is not None else ""
        out += f" --nflog-group {self.group}" if self.group else ""
        return out + (f" --nflog-threshold {self.threshold}" if self.threshold else "")

    def listing(self, numeric: bool) -> str:
        out = f"nflog-prefix {save_string(self.prefix)}" if self.prefix is not None else ""
        out += f" nflog-group {self.group}" if self.group else ""
        return (out + (f" nflog-threshold {self.threshold}" if self.threshold else "")).strip()


@dataclass(eq=False, slots=True)
class HashlimitMatch(Match):
    name: str = "hashlimit"
    avg: int = SCALE // 3
    above: bool = False
    burst: int = 5
    modes: tuple = ()                 # of srcip, srcport, dstip, dstport
    table: str = ""
    srcmask: int = 32
    dstmask: int = 32
    buckets: dict = field(default_factory=dict)

    def save(self) -> str:
        out = f"-m hashlimit --hashlimit-{'above' if self.above else 'upto'} {rate_text(self.avg)} " \
              f"--hashlimit-burst {self.burst}"
        if self.modes:
            out += " --hashlimit-mode " + ",".join(self.modes)
        out += f" --hashlimit-name {self.table}"
        if self.srcmask != 32:
            out += f" --hashlimit-srcmask {self.srcmask}"
        if self.dstmask != 32:
            out += f" --hashlimit-dstmask {self.dstmask}"
        return out

    def listing(self, numeric: bool) -> str:
        out = f"limit: {'above' if self.above else 'up to'} {rate_text(self.avg)} burst {self.burst}"
        if self.modes:
            out += " mode " + "-".join(self.modes)
        if self.srcmask != 32:
            out += f" srcmask {self.srcmask}"
        if self.dstmask != 32:
            out += f" dstmask {self.dstmask}"
        return out

    def _key(self, pkt: Any) -> tuple:
        values = {"srcip": int(pkt.src) >> (32 - self.srcmask) if self.srcmask else 0,
                  "dstip": int(pkt.dst) >> (32 - self.dstmask) if self.dstmask else 0,
                  "srcport": pkt.sport, "dstport": pkt.dport}
        return tuple(values[m] for m in self.modes)

    def matches(self, pkt: Any, hc: Any) -> bool:
        try:
            now = hc.netns.machine.network.clock
        except AttributeError:
            now = 0.0
        key = self._key(pkt)
        credit, last = self.buckets.get(key, (float(self.burst), now))
        credit = min(float(self.burst), credit + (now - last) * SCALE / self.avg)
        allowed = credit >= 1.0
        if allowed:
            credit -= 1.0
        self.buckets[key] = (credit, now)
        return allowed != self.above
