"""The iptables match extensions of the model: how each matches a packet and prints in -S and -L.

`save()` gives the iptables-save text (`-m tcp --dport 80`), `listing(numeric)` the `iptables -L`
text (`tcp dpt:80`), `matches(pkt, hc)` decides for a packet at a hook (hc: engine.HookContext).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.net.netfilter.netdb import service_name

PortRange = tuple[int, int]


def save_string(value: str) -> str:
    """A string as xtables_save_string prints it (quoted unless only [-_0-9A-Za-z])."""
    if value and all(c.isascii() and (c.isalnum() or c in "-_") for c in value):
        return value
    out = "".join("\\" + c if c in "\"\\'" else c for c in value)
    return f'"{out}"'


def port_text(port: int, proto: str, numeric: bool) -> str:
    if not numeric:
        name = service_name(port, proto)
        if name:
            return name
    return str(port)


def range_text(r: PortRange, proto: str, numeric: bool, sep: str = ":") -> str:
    if r[0] == r[1]:
        return port_text(r[0], proto, numeric)
    return port_text(r[0], proto, numeric) + sep + port_text(r[1], proto, numeric)


def range_save(r: PortRange) -> str:
    return str(r[0]) if r[0] == r[1] else f"{r[0]}:{r[1]}"


class Match:
    """Base of the match extensions."""

    __slots__ = ()
    name = ""

    def save(self) -> str:
        raise NotImplementedError

    def listing(self, numeric: bool) -> str:
        raise NotImplementedError

    def matches(self, pkt: Any, hc: Any) -> bool:
        return True


TCP_FLAGS = [("FIN", 0x01), ("SYN", 0x02), ("RST", 0x04), ("PSH", 0x08), ("ACK", 0x10), ("URG", 0x20)]
_PKT_FLAG = {"F": 0x01, "S": 0x02, "R": 0x04, "P": 0x08, "A": 0x10, "U": 0x20}


def flags_text(bits: int) -> str:
    if bits == 0:
        return "NONE"
    return ",".join(n for n, b in TCP_FLAGS if bits & b)


@dataclass(eq=False, slots=True)
class PortMatch(Match):
    """-m tcp / -m udp: --sport, --dport (ranges a:b), --tcp-flags, --syn."""

    name: str = "tcp"
    sport: Optional[PortRange] = None
    sport_inv: bool = False
    dport: Optional[PortRange] = None
    dport_inv: bool = False
    flags: Optional[tuple[int, int]] = None   # (mask, comp)
    flags_inv: bool = False

    def save(self) -> str:
        out = f"-m {self.name}"
        if self.sport and (self.sport != (0, 65535) or self.sport_inv):
            out += (" !" if self.sport_inv else "") + " --sport " + range_save(self.sport)
        if self.dport and (self.dport != (0, 65535) or self.dport_inv):
            out += (" !" if self.dport_inv else "") + " --dport " + range_save(self.dport)
        if self.flags:
            out += (" !" if self.flags_inv else "") + f" --tcp-flags {flags_text(self.flags[0])} {flags_text(self.flags[1])}"
        return out

    def listing(self, numeric: bool) -> str:
        out = self.name
        for label, r, inv in (("spt", self.sport, self.sport_inv), ("dpt", self.dport, self.dport_inv)):
            if r and (r != (0, 65535) or inv):
                if r[0] == r[1]:
                    out += f" {label}:{'!' if inv else ''}{port_text(r[0], self.name, numeric)}"
                else:
                    out += f" {label}s:{'!' if inv else ''}{range_text(r, self.name, numeric)}"
        if self.flags:
            mask, comp = self.flags
            out += " flags:" + ("!" if self.flags_inv else "")
            out += f"0x{mask:02X}/0x{comp:02X}" if numeric else f"{flags_text(mask)}/{flags_text(comp)}"
        return out

    def matches(self, pkt: Any, hc: Any) -> bool:
        if self.sport and (pkt.sport is None or (self.sport[0] <= pkt.sport <= self.sport[1]) == self.sport_inv):
            return False
        if self.dport and (pkt.dport is None or (self.dport[0] <= pkt.dport <= self.dport[1]) == self.dport_inv):
            return False
        if self.flags:
            bits = 0
            for ch in pkt.tcp_flags or "":
                bits |= _PKT_FLAG.get(ch, 0)
            if ((bits & self.flags[0]) == self.flags[1]) == self.flags_inv:
                return False
        return True


ICMP_TYPES: list[tuple[str, int, int, int]] = [
    ("any", 0xFF, 0, 0xFF), ("echo-reply", 0, 0, 0xFF), ("destination-unreachable", 3, 0, 0xFF),
    ("network-unreachable", 3, 0, 0), ("host-unreachable", 3, 1, 1), ("protocol-unreachable", 3, 2, 2),
    ("port-unreachable", 3, 3, 3), ("fragmentation-needed", 3, 4, 4), ("source-route-failed", 3, 5, 5),
    ("network-unknown", 3, 6, 6), ("host-unknown", 3, 7, 7), ("network-prohibited", 3, 9, 9),
    ("host-prohibited", 3, 10, 10), ("TOS-network-unreachable", 3, 11, 11), ("TOS-host-unreachable", 3, 12, 12),
    ("communication-prohibited", 3, 13, 13), ("host-precedence-violation", 3, 14, 14),
    ("precedence-cutoff", 3, 15, 15), ("source-quench", 4, 0, 0xFF), ("redirect", 5, 0, 0xFF),
    ("network-redirect", 5, 0, 0), ("host-redirect", 5, 1, 1), ("TOS-network-redirect", 5, 2, 2),
    ("TOS-host-redirect", 5, 3, 3), ("echo-request", 8, 0, 0xFF), ("router-advertisement", 9, 0, 0xFF),
    ("router-solicitation", 10, 0, 0xFF), ("time-exceeded", 11, 0, 0xFF), ("ttl-zero-during-transit", 11, 0, 0),
    ("ttl-zero-during-reassembly", 11, 1, 1), ("parameter-problem", 12, 0, 0xFF), ("ip-header-bad", 12, 0, 0),
    ("required-option-missing", 12, 1, 1), ("timestamp-request", 13, 0, 0xFF), ("timestamp-reply", 14, 0, 0xFF),
    ("address-mask-request", 17, 0, 0xFF), ("address-mask-reply", 18, 0, 0xFF),
]
ICMP_ALIASES = {"pong": "echo-reply", "ping": "echo-request", "ttl-exceeded": "time-exceeded"}


@dataclass(eq=False, slots=True)
class IcmpMatch(Match):
    """-m icmp --icmp-type TYPE[/CODE] or a name."""

    name: str = "icmp"
    type: int = 0xFF
    code: tuple[int, int] = (0, 0xFF)
    inv: bool = False

    def save(self) -> str:
        out = "-m icmp" + (" !" if self.inv else "") + " --icmp-type "
        if self.type == 0xFF:
            return out + "any"
        out += str(self.type)
        if self.code != (0, 0xFF):
            out += f"/{self.code[0]}"
        return out

    def listing(self, numeric: bool) -> str:
        if not numeric:
            for n, t, lo, hi in ICMP_TYPES:
                if t == self.type and (lo, hi) == self.code:
                    return "icmp " + ("!" if self.inv else "") + n
        out = "icmp" + (" !" if self.inv else "") + f"type {self.type}"
        lo, hi = self.code
        if lo == hi:
            out += f" code {lo}"
        elif (lo, hi) != (0, 0xFF):
            out += f" codes {lo}-{hi}"
        return out

    def matches(self, pkt: Any, hc: Any) -> bool:
        if pkt.icmp_type is None:
            return False
        hit = self.type == 0xFF or (pkt.icmp_type == self.type and
                                    self.code[0] <= (pkt.icmp_code or 0) <= self.code[1])
        return hit != self.inv


@dataclass(eq=False, slots=True)
class MultiportMatch(Match):
    """-m multiport --sports/--dports/--ports a,b:c."""

    name: str = "multiport"
    kind: str = "dports"
    ports: list[PortRange] = field(default_factory=list)
    inv: bool = False
    proto: str = "tcp"

    def save(self) -> str:
        return f"-m multiport {'! ' if self.inv else ''}--{self.kind} " + ",".join(range_save(r) for r in self.ports)

    def listing(self, numeric: bool) -> str:
        return (f"multiport {self.kind} {' !' if self.inv else ''}"
                + ",".join(range_text(r, self.proto, numeric) for r in self.ports))

    def matches(self, pkt: Any, hc: Any) -> bool:
        cands = ([pkt.sport] if self.kind == "sports" else [pkt.dport] if self.kind == "dports"
                 else [pkt.sport, pkt.dport])
        hit = any(p is not None and lo <= p <= hi for p in cands for lo, hi in self.ports)
        return hit != self.inv


ADDR_TYPES = ["UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST", "BLACKHOLE",
              "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE"]


def types_text(bits: int) -> str:
    return ",".join(t for i, t in enumerate(ADDR_TYPES) if bits & (1 << i))


@dataclass(eq=False, slots=True)
class AddrtypeMatch(Match):
    """-m addrtype --src-type/--dst-type TYPES [--limit-iface-in|--limit-iface-out]."""

    name: str = "addrtype"
    src: int = 0
    src_inv: bool = False
    dst: int = 0
    dst_inv: bool = False
    limit_in: bool = False
    limit_out: bool = False

    def save(self) -> str:
        out = "-m addrtype"
        if self.src:
            out += (" !" if self.src_inv else "") + " --src-type " + types_text(self.src)
        if self.dst:
            out += (" !" if self.dst_inv else "") + " --dst-type " + types_text(self.dst)
        if self.limit_in:
            out += " --limit-iface-in"
        if self.limit_out:
            out += " --limit-iface-out"
        return out

    def listing(self, numeric: bool) -> str:
        out = "ADDRTYPE match"
        if self.src:
            out += " src-type " + ("!" if self.src_inv else "") + types_text(self.src)
        if self.dst:
            out += " dst-type " + ("!" if self.dst_inv else "") + types_text(self.dst)
        if self.limit_in:
            out += " limit-in"
        if self.limit_out:
            out += " limit-out"
        return out

    def matches(self, pkt: Any, hc: Any) -> bool:
        from course_lib.net.netfilter.addrtype import addr_type
        link = hc.in_link if self.limit_in else hc.out_link if self.limit_out else None
        if self.src and bool(self.src & (1 << addr_type(hc.netns, pkt.src, link))) == self.src_inv:
            return False
        if self.dst and bool(self.dst & (1 << addr_type(hc.netns, pkt.dst, link))) == self.dst_inv:
            return False
        return True


@dataclass(eq=False, slots=True)
class CommentMatch(Match):
    name: str = "comment"
    text: str = ""

    def save(self) -> str:
        return "-m comment --comment " + save_string(self.text)

    def listing(self, numeric: bool) -> str:
        return f"/* {self.text} */"


@dataclass(eq=False, slots=True)
class StatisticMatch(Match):
    """-m statistic --mode random --probability P | --mode nth --every N [--packet P]."""

    name: str = "statistic"
    mode: str = "random"
    probability: int = 0          # in units of 2**-31, as the kernel stores it
    every: int = 0
    packet: int = 0
    inv: bool = False
    count: int = 0                # nth state

    def __post_init__(self) -> None:
        self.count = self.start()

    def start(self) -> int:
        """libxt_statistic: count = (every - 1) - packet, so the first match is packet number packet + 1."""
        return max(self.every - 1, 0) - self.packet

    @property
    def probability_text(self) -> str:
        return f"{self.probability / 0x80000000:.11f}"

    def save(self) -> str:
        if self.mode == "random":
            return f"-m statistic --mode random{' !' if self.inv else ''} --probability {self.probability_text}"
        return f"-m statistic --mode nth{' !' if self.inv else ''} --every {self.every} --packet {self.packet}"

    def listing(self, numeric: bool) -> str:
        if self.mode == "random":
            return f"statistic mode random{' !' if self.inv else ''} probability {self.probability_text}"
        out = f"statistic mode nth{' !' if self.inv else ''} every {self.every}"
        return out + (f" packet {self.packet}" if self.packet else "")

    def matches(self, pkt: Any, hc: Any) -> bool:
        if self.mode == "random":
            hit = (hc.rng.getrandbits(32) & 0x7FFFFFFF) < self.probability
        else:
            self.count = 0 if self.count == self.every - 1 else self.count + 1
            hit = self.count == 0
        return hit != self.inv


@dataclass(eq=False, slots=True)
class MarkMatch(Match):
    name: str = "mark"
    value: int = 0
    mask: int = 0xFFFFFFFF
    inv: bool = False

    def _text(self) -> str:
        return f"0x{self.value:x}" + ("" if self.mask == 0xFFFFFFFF else f"/0x{self.mask:x}")

    def save(self) -> str:
        return "-m mark " + ("! " if self.inv else "") + "--mark " + self._text()

    def listing(self, numeric: bool) -> str:
        return "mark match " + ("! " if self.inv else "") + self._text()

    def matches(self, pkt: Any, hc: Any) -> bool:
        return ((pkt.mark & self.mask) == self.value) != self.inv


CT_STATES = ["INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", "SNAT", "DNAT"]


@dataclass(eq=False, slots=True)
class ConntrackMatch(Match):
    """-m conntrack --ctstate S,... (and -m state --state S,...)."""

    name: str = "conntrack"
    states: frozenset = frozenset()
    inv: bool = False

    def _states(self) -> str:
        return ",".join(s for s in CT_STATES if s in self.states)

    def save(self) -> str:
        if self.name == "state":
            return "-m state " + ("! " if self.inv else "") + "--state " + self._states()
        return "-m conntrack " + ("! " if self.inv else "") + "--ctstate " + self._states()

    def listing(self, numeric: bool) -> str:
        word = "state" if self.name == "state" else "ctstate"
        return ("! " if self.inv else "") + f"{word} {self._states()}"

    def matches(self, pkt: Any, hc: Any) -> bool:
        state = pkt.ct_state or "UNTRACKED"
        hit = state in self.states
        conn = getattr(pkt.ct, "conn", None)
        if not hit and conn is not None and ("SNAT" in self.states or "DNAT" in self.states):
            hit = ("SNAT" in self.states and conn.snat) or ("DNAT" in self.states and conn.dnat)
        return hit != self.inv


@dataclass(eq=False, slots=True)
class PhysdevMatch(Match):
    """-m physdev (br_netfilter): the bridge ports a bridged frame came in / goes out on."""

    name: str = "physdev"
    physin: str = ""
    physin_inv: bool = False
    physout: str = ""
    physout_inv: bool = False
    is_in: Optional[bool] = None       # True: --physdev-is-in, False: ! --physdev-is-in
    is_out: Optional[bool] = None
    is_bridged: Optional[bool] = None

    def _opts(self) -> str:
        out = ""
        if self.physin:
            out += (" !" if self.physin_inv else "") + " --physdev-in " + self.physin
        if self.physout:
            out += (" !" if self.physout_inv else "") + " --physdev-out " + self.physout
        for flag, val in (("in", self.is_in), ("out", self.is_out), ("bridged", self.is_bridged)):
            if val is not None:
                out += ("" if val else " !") + f" --physdev-is-{flag}"
        return out

    def save(self) -> str:
        return "-m physdev" + self._opts()

    def listing(self, numeric: bool) -> str:
        return "PHYSDEV match" + self._opts()

    def matches(self, pkt: Any, hc: Any) -> bool:
        from course_lib.net.netfilter.rules import iface_matches
        pin = _port_name(hc.in_link, hc.bridged)
        pout = _port_name(hc.out_link, hc.bridged)
        if not hc.bridged:
            return False
        if self.physin and iface_matches(self.physin, pin) == self.physin_inv:
            return False
        if self.physout and iface_matches(self.physout, pout) == self.physout_inv:
            return False
        if self.is_in is not None and bool(pin) != self.is_in:
            return False
        if self.is_out is not None and bool(pout) != self.is_out:
            return False
        if self.is_bridged is not None and bool(pin and pout) != self.is_bridged:
            return False
        return True


def _port_name(link: Any, bridged: bool) -> str:
    """The bridge port of a bridged frame (empty when the datapath only gave the bridge itself)."""
    if not bridged or link is None or link.master is None:
        return ""
    return link.name
