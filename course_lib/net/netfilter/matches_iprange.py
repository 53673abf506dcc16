"""-m iprange: source and destination address ranges, printed as libxt_iprange prints them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from course_lib.net.netfilter.matches import Match
from course_lib.net.netfilter.rules import int_to_ip

AddrRange = tuple[int, int]


def range_text(r: AddrRange) -> str:
    return f"{int_to_ip(r[0])}-{int_to_ip(r[1])}"


@dataclass(eq=False, slots=True)
class IprangeMatch(Match):
    """--src-range A-B / --dst-range A-B, each optionally inverted (inclusive bounds)."""

    name: str = "iprange"
    src: Optional[AddrRange] = None
    src_inv: bool = False
    dst: Optional[AddrRange] = None
    dst_inv: bool = False

    def save(self) -> str:
        out = "-m iprange"
        if self.src is not None:
            out += (" !" if self.src_inv else "") + " --src-range " + range_text(self.src)
        if self.dst is not None:
            out += (" !" if self.dst_inv else "") + " --dst-range " + range_text(self.dst)
        return out

    def listing(self, numeric: bool) -> str:
        parts = []
        if self.src is not None:
            parts.append("source IP range " + ("! " if self.src_inv else "") + range_text(self.src))
        if self.dst is not None:
            parts.append("destination IP range " + ("! " if self.dst_inv else "") + range_text(self.dst))
        return " ".join(parts)

    def matches(self, pkt: Any, hc: Any) -> bool:
        if self.src is not None:
            s = int(pkt.src)
            if (self.src[0] <= s <= self.src[1]) == self.src_inv:
                return False
        if self.dst is not None:
            d = int(pkt.dst)
            if (self.dst[0] <= d <= self.dst[1]) == self.dst_inv:
                return False
        return True
