"""Option parsers of the iptables match extensions: the registry (MATCHES) and the state/metadata matches.

addrtype, comment, statistic, mark, conntrack/state, physdev and limit are here; the port matches (tcp, udp,
sctp, icmp, multiport) in iptables_ext_ports; the seldom used ones load on first use from their modules.
The shared base (ParamError, Extension, number parsers) is iptables_ext_base, re-exported here.
"""
from __future__ import annotations

from typing import Any, Optional

from course_lib.net.netfilter import matches as M
from course_lib.shell.iptables_ext_base import Extension, ParamError, parse_mark, parse_number
from course_lib.shell.iptables_ext_ports import IcmpExt, MultiportExt, PortExt


class AddrtypeExt(Extension):
    name = "addrtype"
    invertible = frozenset({"src-type", "dst-type"})
    options = {"src-type": 1, "dst-type": 1, "limit-iface-in": 0, "limit-iface-out": 0}
    exclusive = (frozenset({"limit-iface-in", "limit-iface-out"}),)

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = M.AddrtypeMatch()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        if opt in ("src-type", "dst-type"):
            bits = 0
            for word in args[0].split(","):
                if word.upper() not in M.ADDR_TYPES:
                    raise ParamError(f'addrtype: bad type "{word}"')
                bits |= 1 << M.ADDR_TYPES.index(word.upper())
            if opt == "src-type":
                self.obj.src, self.obj.src_inv = bits, inv
            else:
                self.obj.dst, self.obj.dst_inv = bits, inv
        elif opt == "limit-iface-in":
            self.obj.limit_in = True
        else:
            self.obj.limit_out = True

    def final_check(self, ctx: dict) -> None:
        if not self.obj.src and not self.obj.dst:
            raise ParamError("addrtype: you must specify --src-type or --dst-type")


class CommentExt(Extension):
    name = "comment"
    options = {"comment": 1}

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = M.CommentMatch()
        self.seen = False

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        self.obj.text, self.seen = args[0][:255], True

    def final_check(self, ctx: dict) -> None:
        if not self.seen:
            raise ParamError('comment: option "--comment" must be specified\n')


class StatisticExt(Extension):
    name = "statistic"
    invertible = frozenset({"probability", "every"})
    options = {"mode": 1, "probability": 1, "every": 1, "packet": 1}
    exclusive = (frozenset({"probability", "every"}), frozenset({"probability", "packet"}))

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = M.StatisticMatch()
        self.mode: Optional[str] = None
        self.given: set[str] = set()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        value = args[0]
        self.given.add(opt)
        if opt == "mode":
            if value not in ("random", "nth"):
                raise ParamError(f'Bad mode "{value}"')
            self.mode = self.obj.mode = value
        elif opt == "probability":
            try:
                p = float(value)
            except ValueError:
                p = -1.0
            if not 0.0 <= p <= 1.0:
                raise ParamError('statistic: bad value for option "--probability", or out of range (0-1).\n')
            self.obj.probability = int(round(0x80000000 * p))
            self.obj.inv = inv
        elif opt == "every":
            n = parse_number(value, 1, 0xFFFFFFFF)
            if n is None:
                raise ParamError('statistic: bad value for option "--every", or out of range (1-4294967295).\n')
            self.obj.every, self.obj.inv = n, inv
        else:
            n = parse_number(value, 0, 0xFFFFFFFF)
            if n is None:
                raise ParamError('statistic: bad value for option "--packet", or out of range (0-4294967295).\n')
            self.obj.packet = n

    def final_check(self, ctx: dict) -> None:
        """statistic_check() first (the mode defaults to random), then xtables' option rules."""
        mode = self.mode or "random"
        if mode == "random" and "probability" not in self.given:
            raise ParamError("--probability must be specified when using random mode")
        if mode == "nth" and not self.given & {"every", "packet"}:
            raise ParamError("--every and --packet must be specified when using nth mode")
        if self.obj.packet > max(self.obj.every - 1, 0):
            raise ParamError("the --packet p must be 0 <= p <= n-1")
        if self.mode is None:
            raise ParamError('statistic: option "--mode" must be specified\n')
        if "packet" in self.given and "every" not in self.given:
            raise ParamError('statistic: option "--packet" also requires "--every".\n')
        self.obj.count = self.obj.start()


class MarkExt(Extension):
    name = "mark"
    invertible = frozenset({"mark"})
    options = {"mark": 1}

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = M.MarkMatch()
        self.seen = False

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        if self.seen:
            raise ParamError('mark: option "--mark" can only be used once.\n')
        v, m = parse_mark(args[0], "mark", "mark")
        self.obj.value, self.obj.mask, self.obj.inv, self.seen = v, (0xFFFFFFFF if m is None else m), inv, True

    def final_check(self, ctx: dict) -> None:
        if not self.seen:
            raise ParamError('mark: option "--mark" must be specified\n')


class ConntrackExt(Extension):
    invertible = frozenset({"state", "ctstate"})

    def __init__(self, proto: str, name: str = "conntrack") -> None:
        super().__init__(proto)
        self.name = name
        self.options = {"state": 1} if name == "state" else {"ctstate": 1}
        self.obj = M.ConntrackMatch(name=name)
        self.seen = False

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        states = set()
        words = args[0].split(",")
        for i, word in enumerate(words):
            w = word.upper()
            if w not in M.CT_STATES or (self.name == "state" and w in ("SNAT", "DNAT")):
                rest = ",".join(words[i:])          # the message shows the string from the bad word on
                raise ParamError(f'Bad ctstate "{rest}"' if self.name == "conntrack" else f'Bad state "{rest}"')
            states.add(w)
        self.obj.states, self.obj.inv, self.seen = frozenset(states), inv, True

    def final_check(self, ctx: dict) -> None:
        if not self.seen:
            raise ParamError("conntrack: At least one option is required" if self.name == "conntrack"
                             else 'state: option "--state" must be specified\n')


class PhysdevExt(Extension):
    name = "physdev"
    invertible = frozenset({"physdev-in", "physdev-out", "physdev-is-in", "physdev-is-out", "physdev-is-bridged"})
    options = {"physdev-in": 1, "physdev-out": 1, "physdev-is-in": 0, "physdev-is-out": 0, "physdev-is-bridged": 0}

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = M.PhysdevMatch()
        self.seen = False

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        self.seen = True
        if opt == "physdev-in":
            self.obj.physin, self.obj.physin_inv = args[0], inv
        elif opt == "physdev-out":
            self.obj.physout, self.obj.physout_inv = args[0], inv
        else:
            setattr(self.obj, {"physdev-is-in": "is_in", "physdev-is-out": "is_out",
                               "physdev-is-bridged": "is_bridged"}[opt], not inv)

    def final_check(self, ctx: dict) -> None:
        if not self.seen:
            raise ParamError("PHYSDEV: no physdev option specified")


class LimitExt(Extension):
    name = "limit"
    options = {"limit": 1, "limit-burst": 1}

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        from course_lib.net.netfilter.matches_limit import LimitMatch
        self.obj = LimitMatch()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        from course_lib.net.netfilter.matches_limit import parse_rate
        if inv:
            raise ParamError(f'limit: option "--{opt}" cannot be inverted.\n')
        if opt == "limit":
            avg = parse_rate(args[0])
            if avg is None:
                raise ParamError(f'bad rate "{args[0]}"\'')
            self.obj.avg = avg
        else:
            n = parse_number(args[0], 0, 10000)
            if n is None:
                raise ParamError('limit: bad value for option "--limit-burst", or out of range (0-10000).\n')
            self.obj.burst = n


MATCHES = {"tcp": lambda p: PortExt(p, "tcp"), "udp": lambda p: PortExt(p, "udp"), "icmp": IcmpExt,
           "sctp": lambda p: PortExt(p, "sctp"),
           "multiport": MultiportExt, "addrtype": AddrtypeExt, "comment": CommentExt,
           "statistic": StatisticExt, "mark": MarkExt, "conntrack": ConntrackExt,
           "state": lambda p: ConntrackExt(p, "state"), "physdev": PhysdevExt, "limit": LimitExt}


def _lazy(module: str, name: str) -> Any:
    """An extension whose module is imported on first use (they are seldom used)."""
    def make(proto: str) -> Extension:
        from importlib import import_module
        return getattr(import_module(module), name)(proto)
    return make


MATCHES.update(iprange=_lazy("course_lib.shell.iptables_ext_iprange", "IprangeExt"),
               mac=_lazy("course_lib.shell.iptables_ext_mac", "MacExt"),
               set=_lazy("course_lib.net.netfilter.match_set", "SetExt"),
               tos=_lazy("course_lib.shell.iptables_ext_tos", "TosExt"),
               dscp=_lazy("course_lib.shell.iptables_ext_tos", "DscpExt"))
MATCHES.update({name: _lazy("course_lib.shell.iptables_ext_more", cls) for name, cls in (
    ("length", "LengthExt"), ("ttl", "TtlExt"), ("pkttype", "PkttypeExt"), ("owner", "OwnerExt"),
    ("string", "StringExt"), ("connlimit", "ConnlimitExt"), ("connmark", "ConnmarkExt"), ("recent", "RecentExt"),
    ("hashlimit", "HashlimitExt"))})     # -m set: ipset, kube-proxy's ipvs mode
