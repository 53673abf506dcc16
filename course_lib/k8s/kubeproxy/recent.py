"""The xt_recent match (`-m recent`), which kube-proxy uses for sessionAffinity: ClientIP.

    -m recent --set --name KUBE-SEP-X --mask 255.255.255.255 --rsource
    -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-X --mask 255.255.255.255 --rsource
The lists live per netns (as /proc/net/xt_recent/NAME), keyed by the masked source (or destination)
address, timed by the model clock. Registered into the iptables command's match extensions at import;
the NETFILTER owner may move it next to the other matches.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from course_lib.net.netfilter.matches import Match
from course_lib.shell.iptables_ext import MATCHES, Extension, ParamError

ACTIONS = ("set", "rcheck", "update", "remove")


@dataclass(eq=False)
class RecentMatch(Match):
    name: str = "recent"
    list_name: str = "DEFAULT"
    action: str = "set"
    seconds: int = 0
    hitcount: int = 0
    reap: bool = False
    rsource: bool = True
    mask: str = "255.255.255.255"
    inv: bool = False

    def save(self) -> str:
        out = "-m recent" + (" !" if self.inv else "") + f" --{self.action}"
        if self.seconds:
            out += f" --seconds {self.seconds}"
        if self.reap:
            out += " --reap"
        if self.hitcount:
            out += f" --hitcount {self.hitcount}"
        side = "--rsource" if self.rsource else "--rdest"
        return out + f" --name {self.list_name} --mask {self.mask} {side}"

    def listing(self, numeric: bool) -> str:
        word = {"set": "SET", "rcheck": "CHECK", "update": "UPDATE", "remove": "REMOVE"}[self.action]
        out = ("! " if self.inv else "") + f"recent: {word}"
        if self.seconds:
            out += f" seconds: {self.seconds}"
        if self.reap:
            out += " reap"
        if self.hitcount:
            out += f" hit_count: {self.hitcount}"
        side = "source" if self.rsource else "dest"
        return out + f" name: {self.list_name} side: {side} mask: {self.mask}"

    def matches(self, pkt: Any, hc: Any) -> bool:
        lists = hc.netns.__dict__.setdefault("_xt_recent", {})
        table: dict[int, list[float]] = lists.setdefault(self.list_name, {})
        addr = int(pkt.src if self.rsource else pkt.dst) & int(ipaddress.IPv4Address(self.mask))
        now = float(getattr(hc.netns.machine.network, "clock", 0.0))
        if self.action == "set":
            table.setdefault(addr, []).append(now)
            return not self.inv
        stamps = table.get(addr)
        if self.action == "remove":
            found = table.pop(addr, None) is not None
            return found != self.inv
        if not stamps:
            return self.inv
        recent = [t for t in stamps if not self.seconds or now - t <= self.seconds]
        if self.reap:
            table[addr] = recent
        hit = len(recent) >= max(1, self.hitcount)
        if hit and self.action == "update":
            table[addr].append(now)
        return hit != self.inv


class RecentExt(Extension):
    name = "recent"
    options = {"set": 0, "rcheck": 0, "update": 0, "remove": 0, "seconds": 1, "reap": 0, "hitcount": 1,
               "rttl": 0, "name": 1, "rsource": 0, "rdest": 0, "mask": 1}
    exclusive = (frozenset({"set", "rcheck", "update", "remove"}), frozenset({"rsource", "rdest"}))

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = RecentMatch()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        if opt in ACTIONS:
            self.obj.action, self.obj.inv = opt, inv
        elif opt == "seconds":
            if not args[0].isdigit():
                raise ParamError(f'recent: Bad value for "--seconds" option: "{args[0]}"')
            self.obj.seconds = int(args[0])
        elif opt == "hitcount":
            self.obj.hitcount = int(args[0]) if args[0].isdigit() else 0
        elif opt == "reap":
            self.obj.reap = True
        elif opt == "name":
            self.obj.list_name = args[0]
        elif opt in ("rsource", "rdest"):
            self.obj.rsource = opt == "rsource"
        elif opt == "mask":
            self.obj.mask = args[0]

    def final_check(self, ctx: dict) -> None:
        if not any(a in self.used for a in ACTIONS):
            raise ParamError("recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'")
        if self.obj.reap and not self.obj.seconds:
            raise ParamError("recent: --reap is only valid with --seconds")


MATCHES.setdefault("recent", RecentExt)
