"""One iptables rule: the IPv4 header part (addresses, interfaces, protocol), its matches and its target.

A rule knows its canonical `iptables -S` text (the spec, as iptables-save prints it) and whether a
packet matches its header part; the matches and the target are objects from matches.py/targets.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

from course_lib.net.netfilter.netdb import PROTO_NAME

if TYPE_CHECKING:
    from course_lib.net.netfilter.targets import Target

PROTO_NUMBERS = {"icmp": 1, "tcp": 6, "udp": 17}
ALL_ONES = 0xFFFFFFFF


def int_to_ip(value: int) -> str:
    return f"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}"


def ip_to_int(text: str) -> int:
    a, b, c, d = (int(x) for x in text.split("."))
    return (a << 24) | (b << 16) | (c << 8) | d


def mask_to_cidr(mask: int) -> int:
    """The prefix length of a contiguous mask, or -1."""
    bits = bin(mask).count("1")
    return bits if mask == (ALL_ONES << (32 - bits)) & ALL_ONES else -1


def mask_save(mask: int) -> str:
    """A mask as iptables-save prints it: /24, or /255.0.255.0 when not contiguous."""
    cidr = mask_to_cidr(mask)
    return f"/{cidr}" if cidr >= 0 else "/" + int_to_ip(mask)


def proto_save_name(proto: int) -> str:
    return PROTO_NAME.get(proto, str(proto)) if proto else "all"


@dataclass(eq=False, slots=True)
class Rule:
    """A rule of a chain. Counters count the packets whose header and matches all matched."""

    src: int = 0
    smsk: int = 0
    dst: int = 0
    dmsk: int = 0
    iniface: str = ""
    outiface: str = ""
    proto: int = 0
    inv: frozenset = frozenset()          # of "src", "dst", "in", "out", "proto"
    matches: list = field(default_factory=list)
    target: Optional["Target"] = None
    goto: bool = False
    pkts: int = 0
    bytes: int = 0

    # -- text -------------------------------------------------------------------------------------
    def spec(self, counters: bool = False) -> str:
        """The rule as `iptables -S` prints it after `-A CHAIN` (no leading space)."""
        parts: list[str] = []
        if self.smsk or "src" in self.inv:
            parts.append(("! " if "src" in self.inv else "") + "-s " + int_to_ip(self.src) + mask_save(self.smsk))
        if self.dmsk or "dst" in self.inv:
            parts.append(("! " if "dst" in self.inv else "") + "-d " + int_to_ip(self.dst) + mask_save(self.dmsk))
        if self.iniface:
            parts.append(("! " if "in" in self.inv else "") + "-i " + self.iniface)
        if self.outiface:
            parts.append(("! " if "out" in self.inv else "") + "-o " + self.outiface)
        if self.proto or "proto" in self.inv:
            parts.append(("! " if "proto" in self.inv else "") + "-p " + proto_save_name(self.proto))
        for m in self.matches:
            parts.append(m.save())
        if counters:
            parts.append(f"-c {self.pkts} {self.bytes}")
        if self.target is not None:
            parts.append(("-g " if self.goto else "-j ") + self.target.name + self.target.save())
        return " ".join(p for p in parts if p)

    # -- matching ---------------------------------------------------------------------------------
    def header_matches(self, pkt: Any, src: int, dst: int, in_name: str, out_name: str) -> bool:
        inv = self.inv
        if self.smsk and ((src & self.smsk) == self.src) == ("src" in inv):
            return False
        if self.dmsk and ((dst & self.dmsk) == self.dst) == ("dst" in inv):
            return False
        if self.iniface and iface_matches(self.iniface, in_name) == ("in" in inv):
            return False
        if self.outiface and iface_matches(self.outiface, out_name) == ("out" in inv):
            return False
        if self.proto and (PROTO_NUMBERS.get(pkt.proto, -1) == self.proto) == ("proto" in inv):
            return False
        return True

    def retargeted(self, target: "Target") -> "Rule":
        """The same rule (counters included) with another target: for a renamed chain, rules are never mutated."""
        return Rule(self.src, self.smsk, self.dst, self.dmsk, self.iniface, self.outiface, self.proto, self.inv,
                    self.matches, target, self.goto, self.pkts, self.bytes)

    def jump_target(self) -> Optional[str]:
        """The user chain this rule jumps or goes to, or None."""
        t = self.target
        return t.name if t is not None and t.is_chain else None


def iface_matches(pattern: str, name: str) -> bool:
    """iptables interface matching: exact, or a prefix when the pattern ends with `+`."""
    if pattern.endswith("+"):
        return name.startswith(pattern[:-1])
    return name == pattern
