"""The xt_set match (`-m set [!] --match-set NAME src|dst[,src|dst...]`) and its iptables option parser.

kube-proxy's ipvs mode matches its ipsets with it (`-m set --match-set KUBE-CLUSTER-IP dst,dst`).
-S prints `-m set --match-set NAME dst,dst`, -L prints `match-set NAME dst,dst`; a packet matches when
its dimensions, taken from the source or destination as the flags say, are in the set of the netns
(course_lib.net.ipset). A set that does not exist (yet) matches nothing. Registered in
course_lib.shell.iptables_ext.MATCHES["set"]; libxt_set's messages.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_lib.net import ipset
from course_lib.net.netfilter.matches import Match
from course_lib.shell.iptables_ext_base import Extension, ParamError


@dataclass(eq=False)
class SetMatch(Match):
    name: str = "set"
    set_name: str = ""
    flags: tuple[str, ...] = ()
    inv: bool = False
    return_nomatch: bool = False

    def save(self) -> str:
        return "-m set" + (" !" if self.inv else "") + f" --match-set {self.set_name} " + ",".join(self.flags) + \
            (" --return-nomatch" if self.return_nomatch else "")

    def listing(self, numeric: bool) -> str:
        return ("! " if self.inv else "") + f"match-set {self.set_name} " + ",".join(self.flags) + \
            (" return-nomatch" if self.return_nomatch else "")

    def matches(self, pkt: Any, hc: Any) -> bool:
        sets = hc.netns.__dict__.get("ipsets")
        s = sets.get(self.set_name) if sets else None
        found = s is not None and ipset.matches(s, pkt, self.flags)
        return found != self.inv


class SetExt(Extension):
    name = "set"
    options = {"match-set": 2, "set": 2, "return-nomatch": 0, "update-counters": 0, "update-subcounters": 0,
               "packets-eq": 1, "bytes-eq": 1}
    invertible = frozenset({"match-set", "set"})

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = SetMatch()
        self.seen = False

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        if opt in ("match-set", "set"):
            if self.seen:
                raise ParamError("--match-set can be specified only once")
            name, flags = args[0], args[1]
            if len(name) > 31:
                raise ParamError(f"setname `{name}' too long, max 31 characters.")
            words = flags.split(",")
            if len(words) > 6:
                raise ParamError("Can't be more src/dst options than 6.")
            if any(w not in ("src", "dst") for w in words):
                raise ParamError("You must spefify (the comma separated list of) 'src' or 'dst'.")
            self.obj.set_name, self.obj.flags, self.obj.inv, self.seen = name, tuple(words), inv, True
        elif opt == "return-nomatch":
            self.obj.return_nomatch = True

    def final_check(self, ctx: dict) -> None:
        if not self.seen:
            raise ParamError("You must specify `--match-set' with proper arguments")
