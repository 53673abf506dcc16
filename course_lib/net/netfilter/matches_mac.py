"""-m mac --mac-source: the Ethernet source of a received packet, printed as libxt_mac prints it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_lib.net.netfilter.matches import Match

HOOKS = ("PREROUTING", "INPUT", "FORWARD")         # xt_mac's hooks: only received packets have one


@dataclass(eq=False, slots=True)
class MacMatch(Match):
    name: str = "mac"
    mac: str = "00:00:00:00:00:00"                 # lower case, as iptables prints it
    inv: bool = False

    def save(self) -> str:
        return "-m mac " + ("! " if self.inv else "") + f"--mac-source {self.mac}"

    def listing(self, numeric: bool) -> str:
        return "MAC " + ("! " if self.inv else "") + self.mac

    def matches(self, pkt: Any, hc: Any) -> bool:
        src = pkt.src_mac
        if src is None:
            return False                            # no Ethernet header: xt_mac does not match
        return (src.lower() == self.mac) != self.inv
