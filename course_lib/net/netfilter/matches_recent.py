"""-m recent: per-netns lists of recently seen addresses (xt_recent), on the model clock.

--set adds (or refreshes) the packet's source (or --rdest destination) in list --name; --rcheck and
--update match a listed address (seen --hitcount times within --seconds), --update also refreshes it when
it matched;
--remove drops it. A list keeps the last 20 timestamps of each address, as ip_pkt_list_tot.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from course_lib.net.netfilter.matches import Match

MODES = {"set": "SET", "rcheck": "CHECK", "update": "UPDATE", "remove": "REMOVE"}
PKT_LIST_TOT = 20


def recent_lists(netns: Any) -> dict:
    return netns.__dict__.setdefault("xt_recent", {})


@dataclass(eq=False, slots=True)
class RecentMatch(Match):
    name: str = "recent"
    mode: str = "set"
    list_name: str = "DEFAULT"
    seconds: int = 0
    hitcount: int = 0
    reap: bool = False
    rttl: bool = False
    rdest: bool = False
    mask: int = 0xFFFFFFFF
    inv: bool = False

    def save(self) -> str:
        out = "-m recent" + (" !" if self.inv else "") + f" --{self.mode}"
        if self.seconds:
            out += f" --seconds {self.seconds}"
        if self.reap:
            out += " --reap"
        if self.hitcount:
            out += f" --hitcount {self.hitcount}"
        if self.rttl:
            out += " --rttl"
        out += f" --name {self.list_name} --mask {ipaddress.IPv4Address(self.mask)}"
        return out + (" --rdest" if self.rdest else " --rsource")

    def listing(self, numeric: bool) -> str:
        out = ("! " if self.inv else "") + f"recent: {MODES[self.mode]}"
        if self.seconds:
            out += f" seconds: {self.seconds}"
        if self.reap:
            out += " reap"
        if self.hitcount:
            out += f" hit_count: {self.hitcount}"
        if self.rttl:
            out += " TTL-Match"
        out += f" name: {self.list_name} side: {'dest' if self.rdest else 'source'}"
        return out + f" mask: {ipaddress.IPv4Address(self.mask)}"

    def matches(self, pkt: Any, hc: Any) -> bool:
        addr = int(pkt.dst if self.rdest else pkt.src) & self.mask
        table = recent_lists(hc.netns).setdefault(self.list_name, {})
        try:
            now = hc.netns.machine.network.clock
        except AttributeError:
            now = 0.0
        stamps = table.get(addr)
        hit = False
        if self.mode == "set":
            table[addr] = (stamps or [])[-(PKT_LIST_TOT - 1):] + [now]
            hit = True
        elif stamps is not None:
            if self.mode == "remove":
                del table[addr]
                hit = True
            elif self.seconds or self.hitcount:
                recent = [t for t in stamps if not self.seconds or now - t <= self.seconds]
                hit = len(recent) >= max(self.hitcount, 1)
            else:
                hit = True
        result = hit != self.inv
        if self.mode == "update" and result and addr in table:       # refreshed only when the rule matched
            table[addr] = table[addr][-(PKT_LIST_TOT - 1):] + [now]
        return result
