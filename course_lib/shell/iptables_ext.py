"""Option parsers of the iptables match extensions (tcp, udp, icmp, multiport, addrtype, comment, ...).

Each extension declares its long options (name -> number of arguments) and a `parse(opt, args, inv)`
that fills a model object from course_lib.net.netfilter.matches/targets, raising ParamError with the
text iptables 1.8.9 prints. `final_check()` runs once all options are read.
"""
from __future__ import annotations

from typing import Any, Optional

from course_lib.net.netfilter import matches as M
from course_lib.net.netfilter.netdb import service_port


class ParamError(Exception):
    """A parameter problem: printed as `iptables v1.8.9 (nf_tables): MSG` + the Try line, rc 2."""

    def __init__(self, message: str, prefix: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.prefix = prefix


def parse_number(text: str, lo: int = 0, hi: int = 0xFFFFFFFF) -> Optional[int]:
    try:
        value = int(text, 0) if not text.startswith("0") or text.startswith("0x") or text == "0" else int(text, 8)
    except ValueError:
        return None
    return value if lo <= value <= hi else None


def parse_port(text: str, proto: str) -> int:
    """xtables_parse_port: a number in any base (strtoul base 0) up to 65535, or a service name."""
    value = _strtoui(text)
    if value is not None:
        if value <= 65535:
            return value
    else:
        value = service_port(text, proto)
        if value is not None:
            return value
    raise ParamError(f"invalid port/service `{text}' specified")


def _strtoui(text: str) -> Optional[int]:
    t = text.lower()
    try:
        if t.startswith("0x") and len(t) > 2:
            return int(t[2:], 16)
        if t.startswith("0") and len(t) > 1:
            return int(t[1:], 8)
        return int(t) if t.isdigit() else None
    except ValueError:
        return None


def parse_port_range(text: str, proto: str) -> tuple[int, int]:
    if ":" in text:
        a, _, b = text.partition(":")
        lo = parse_port(a, proto) if a else 0
        hi = parse_port(b, proto) if b else 65535
        if lo > hi:
            raise ParamError("invalid portrange (min > max)")
        return lo, hi
    p = parse_port(text, proto)
    return p, p


def parse_mark(text: str, ext: str, opt: str) -> tuple[int, Optional[int]]:
    value, _, mask = text.partition("/")
    v = parse_number(value)
    m = parse_number(mask) if mask else None
    if v is None or (mask and m is None):
        raise ParamError(f'{ext}: bad integer value for option "--{opt}", or out of range.\n')
    return v, m


class Extension:
    """A loaded match or target extension while a command line is parsed.

    x6: options are checked as libxtables' x6 parser does (each once; `exclusive` groups conflict),
    with its messages; the older extensions (tcp/udp, multiport, MARK) check in their own parse.
    """

    options: dict[str, int] = {}
    exclusive: tuple[frozenset, ...] = ()
    invertible: frozenset = frozenset()
    x6 = True
    name = ""

    def __init__(self, proto: str) -> None:
        self.proto = proto
        self.obj: Any = None
        self.used: list[str] = []

    def check_option(self, opt: str, inv: bool = False) -> None:
        """Refuse a repeated, conflicting or wrongly inverted option, as xtables_option_parse does."""
        if self.x6 and inv and opt not in self.invertible:
            raise ParamError(f'{self.name}: option "--{opt}" cannot be inverted.\n')
        if self.x6:
            if opt in self.used:
                raise ParamError(f'{self.name}: option "--{opt}" can only be used once.\n')
            order = list(self.options)
            for group in self.exclusive:
                if opt in group:
                    for other in self.used:
                        if other in group and other != opt:
                            a, b = sorted([opt, other], key=order.index)
                            raise ParamError(f'{self.name}: option "--{a}" cannot be used together with "--{b}".\n')
        self.used.append(opt)

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        raise NotImplementedError

    def final_check(self, ctx: dict) -> None:
        pass

    def proto_check(self, ctx: dict) -> None:
        """A check made when the rule is built for nf_tables (after every option check)."""


class PortExt(Extension):
    options = {"sport": 1, "source-port": 1, "dport": 1, "destination-port": 1, "tcp-flags": 2, "syn": 0}
    x6 = False

    def __init__(self, proto: str, name: str = "tcp") -> None:
        super().__init__(proto)
        self.name = name
        self.obj = M.PortMatch(name=name)
        if name in ("udp", "sctp"):          # sctp: libxt_sctp's ports (its --chunk-types are not modelled)
            self.options = {"sport": 1, "source-port": 1, "dport": 1, "destination-port": 1}

    def _udp_range(self, text: str, opt: str) -> tuple[int, int]:
        """libxtables' x6 port range (udp): no min > max check, numbers wrap to 16 bits."""
        parts = text.split(":")
        if len(parts) > 2:
            long = "source-port" if opt in ("sport", "source-port") else "destination-port"
            raise ParamError(f'udp: Too many components for option "--{long}" (max: 2)\n')
        values = []
        for i, part in enumerate(parts):
            if part == "":
                values.append(0 if i == 0 else 65535)
            elif part.isdigit():
                values.append(int(part) & 0xFFFF)
            else:
                port = service_port(part, "udp")
                if port is None:
                    raise ParamError(f'Port "{part}" does not resolve to anything.\n')
                values.append(port)
        return (values[0], values[0]) if len(values) == 1 else (values[0], values[1])

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        m = self.obj
        if self.name == "udp":
            if opt in ("sport", "source-port"):
                if m.sport:
                    raise ParamError('udp: option "--source-port" can only be used once.\n')
                m.sport, m.sport_inv = self._udp_range(args[0], opt), inv
            else:
                if m.dport:
                    raise ParamError('udp: option "--destination-port" can only be used once.\n')
                m.dport, m.dport_inv = self._udp_range(args[0], opt), inv
            return
        if opt in ("sport", "source-port"):
            if m.sport:
                raise ParamError("Only one `--source-port' allowed")
            m.sport, m.sport_inv = parse_port_range(args[0], self.name), inv
        elif opt in ("dport", "destination-port"):
            if m.dport:
                raise ParamError("Only one `--destination-port' allowed")
            m.dport, m.dport_inv = parse_port_range(args[0], self.name), inv
        else:
            if m.flags:
                raise ParamError("Only one of `--syn' or `--tcp-flags'  allowed")
            if opt == "syn":
                m.flags, m.flags_inv = (0x17, 0x02), inv
            else:
                m.flags, m.flags_inv = (_flags(args[0]), _flags(args[1])), inv

    def proto_check(self, ctx: dict) -> None:
        if self.name == "sctp":
            return                              # no check in libxt_sctp: the kernel refuses (EINVAL)
        if ctx["proto_name"] != self.name or ctx["proto_inv"]:
            raise ParamError(f"{self.name.upper()} match requires '-p {self.name}'")


def _flags(text: str) -> int:
    bits = 0
    for word in text.split(","):
        w = word.upper()
        if w == "ALL":
            bits |= 0x3F
        elif w == "NONE":
            continue
        else:
            for n, b in M.TCP_FLAGS:
                if n == w:
                    bits |= b
                    break
            else:
                raise ParamError(f"Unknown TCP flag `{word}'")
    return bits


class IcmpExt(Extension):
    name = "icmp"
    invertible = frozenset({"icmp-type"})
    options = {"icmp-type": 1}

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = M.IcmpMatch()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        text = args[0]
        name = M.ICMP_ALIASES.get(text, text)
        hits = [e for e in M.ICMP_TYPES if e[0] == name] or [e for e in M.ICMP_TYPES if e[0].startswith(name)]
        if len(hits) > 1 and hits[0][0] != name:
            raise ParamError(f"Ambiguous ICMP type `{text}': `{hits[0][0]}' or `{hits[1][0]}'?")
        if hits:
            _, t, lo, hi = hits[0]
            self.obj.type, self.obj.code = t, (lo, hi)
        else:
            t_text, slash, c_text = text.partition("/")
            t = parse_number(t_text, 0, 255) if t_text.isdigit() else None
            c = parse_number(c_text, 0, 255) if slash and c_text.isdigit() else None
            if t is None or (slash and c is None):
                raise ParamError(f"Unknown ICMP type `{text}'")
            self.obj.type, self.obj.code = t, ((c, c) if slash else (0, 0xFF))
        self.obj.inv = inv

    def final_check(self, ctx: dict) -> None:
        if "icmp-type" not in self.used:
            raise ParamError('icmp: option "--icmp-type" must be specified\n')

    def proto_check(self, ctx: dict) -> None:
        if ctx["proto_name"] != "icmp" or ctx["proto_inv"]:
            raise ParamError("ICMP match requires '-p icmp'")


class MultiportExt(Extension):
    name = "multiport"
    x6 = False
    options = {"sports": 1, "source-ports": 1, "dports": 1, "destination-ports": 1, "ports": 1}

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = M.MultiportMatch(proto=proto or "tcp")
        self.seen = False

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        kind = {"source-ports": "sports", "destination-ports": "dports"}.get(opt, opt)
        if self.seen:
            order = ["sports", "dports", "ports"]
            names = {"sports": "source-ports", "dports": "destination-ports", "ports": "ports"}
            if self.obj.kind == kind:
                raise ParamError(f'multiport: option "--{names[kind]}" can only be used once.\n')
            a, b = sorted([self.obj.kind, kind], key=order.index)
            raise ParamError(f'multiport: option "--{names[a]}" cannot be used together with "--{names[b]}".\n')
        self.seen = True
        if self.proto not in ("tcp", "udp", "udplite", "sctp", "dccp"):
            raise ParamError("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'")
        ports = [parse_port_range(p, self.proto) for p in args[0].split(",")]
        if len(ports) > 15:
            raise ParamError("too many ports specified")
        self.obj.kind, self.obj.ports, self.obj.inv = kind, ports, inv

    def final_check(self, ctx: dict) -> None:
        if not self.seen:
            raise ParamError("multiport expection an option")


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
