"""The IPv4 TOS byte in netfilter: -m tos / -m dscp matches and the mangle table's TOS / DSCP targets.

As xt_dscp and xt_DSCP: `-m tos` compares (tos & mask) with a value, `-m dscp` the upper six bits;
TOS sets tos = (tos & ~mask) ^ value, DSCP replaces the six DSCP bits and keeps the two ECN bits.
Texts are libxt_tos/libxt_dscp/libxt_TOS/libxt_DSCP's, including their missing blanks.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from course_lib.net.netfilter.matches import Match
from course_lib.net.netfilter.targets import Target

TOS_SYMBOLS = [(0x10, "Minimize-Delay"), (0x08, "Maximize-Throughput"), (0x04, "Maximize-Reliability"),
               (0x02, "Minimize-Cost"), (0x00, "Normal-Service")]
DSCP_CLASSES = {"CS0": 0x00, "CS1": 0x08, "CS2": 0x10, "CS3": 0x18, "CS4": 0x20, "CS5": 0x28, "CS6": 0x30,
                "CS7": 0x38, "BE": 0x00, "AF11": 0x0a, "AF12": 0x0c, "AF13": 0x0e, "AF21": 0x12, "AF22": 0x14,
                "AF23": 0x16, "AF31": 0x1a, "AF32": 0x1c, "AF33": 0x1e, "AF41": 0x22, "AF42": 0x24,
                "AF43": 0x26, "EF": 0x2e}


def symbolic(value: int, mask: int) -> Optional[str]:
    """tos_try_print_symbolic: a name only for the 0x3f mask the names stand for."""
    if mask != 0x3F:
        return None
    for v, name in TOS_SYMBOLS:
        if v == value:
            return name
    return None


@dataclass(eq=False, slots=True)
class TosMatch(Match):
    name: str = "tos"
    value: int = 0
    mask: int = 0xFF
    inv: bool = False

    def save(self) -> str:
        return "-m tos" + (" !" if self.inv else "") + f" --tos 0x{self.value:02x}/0x{self.mask:02x}"

    def listing(self, numeric: bool) -> str:
        sym = None if numeric else symbolic(self.value, self.mask)
        return "tos match" + ("!" if self.inv else "") + (f" {sym}" if sym else f"0x{self.value:02x}/0x{self.mask:02x}")

    def matches(self, pkt: Any, hc: Any) -> bool:
        return ((pkt.tos & self.mask) == self.value) != self.inv


@dataclass(eq=False, slots=True)
class DscpMatch(Match):
    name: str = "dscp"
    dscp: int = 0
    inv: bool = False

    def save(self) -> str:
        return "-m dscp" + (" !" if self.inv else "") + f" --dscp 0x{self.dscp:02x}"

    def listing(self, numeric: bool) -> str:
        return "DSCP match " + ("!" if self.inv else "") + f"0x{self.dscp:02x}"

    def matches(self, pkt: Any, hc: Any) -> bool:
        return ((pkt.tos >> 2) == self.dscp) != self.inv


@dataclass(eq=False, slots=True)
class TosTarget(Target):
    """-j TOS --set-tos V[/M] | --and-tos | --or-tos | --xor-tos (all kept as value/mask)."""

    name: str = "TOS"
    terminal: bool = False
    value: int = 0
    mask: int = 0xFF

    def save(self) -> str:
        return f" --set-tos 0x{self.value:02x}/0x{self.mask:02x}"

    def listing(self, numeric: bool) -> str:
        v, m = self.value, self.mask
        if numeric:
            return f"TOS set 0x{v:02x}/0x{m:02x}"
        sym = symbolic(v, m)
        if sym:
            return f" TOS set{sym}"                 # libxt_TOS prints " %s%s" with prefix " TOS set"
        if v == 0:
            return f"TOS and 0x{(~m) & 0xFF:02x}"
        if v == m:
            return f"TOS or 0x{v:02x}"
        if m == 0:
            return f"TOS xor 0x{v:02x}"
        return f"TOS set 0x{v:02x}/0x{m:02x}"

    def apply(self, pkt: Any) -> None:
        pkt.tos = ((pkt.tos & ~self.mask) ^ self.value) & 0xFF


@dataclass(eq=False, slots=True)
class DscpTarget(Target):
    name: str = "DSCP"
    terminal: bool = False
    dscp: int = 0

    def save(self) -> str:
        return f" --set-dscp 0x{self.dscp:02x}"

    def listing(self, numeric: bool) -> str:
        return f"DSCP set 0x{self.dscp:02x}"

    def apply(self, pkt: Any) -> None:
        pkt.tos = (pkt.tos & 0x03) | (self.dscp << 2)
