"""The connection mark: -m connmark and the CONNMARK target (set, save, restore), on the flow's Conn.mark."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_lib.net.netfilter.matches import Match
from course_lib.net.netfilter.targets import Target

ALL = 0xFFFFFFFF


def _conn(pkt: Any) -> Any:
    return getattr(pkt.ct, "conn", None)


@dataclass(eq=False, slots=True)
class ConnmarkMatch(Match):
    name: str = "connmark"
    value: int = 0
    mask: int = ALL
    inv: bool = False

    def _text(self) -> str:
        return f"0x{self.value:x}" + ("" if self.mask == ALL else f"/0x{self.mask:x}")

    def save(self) -> str:
        return "-m connmark" + (" !" if self.inv else "") + " --mark " + self._text()

    def listing(self, numeric: bool) -> str:
        return "connmark match " + ("!" if self.inv else "") + " " + self._text()

    def matches(self, pkt: Any, hc: Any) -> bool:
        conn = _conn(pkt)
        if conn is None:
            return False
        return ((conn.mark & self.mask) == self.value) != self.inv


@dataclass(eq=False, slots=True)
class ConnmarkTarget(Target):
    """CONNMARK: set (ctmark ^ value under ctmask), save (nfmark -> ctmark), restore (ctmark -> nfmark)."""

    name: str = "CONNMARK"
    terminal: bool = False
    mode: str = "set"             # set, save, restore
    ctmark: int = 0
    ctmask: int = ALL
    nfmask: int = ALL

    def save(self) -> str:
        if self.mode == "set":
            return f" --set-xmark 0x{self.ctmark:x}/0x{self.ctmask:x}"
        return f" --{self.mode}-mark --nfmask 0x{self.nfmask:x} --ctmask 0x{self.ctmask:x}"

    def listing(self, numeric: bool) -> str:
        v, m = self.ctmark, self.ctmask
        if self.mode == "set":
            if v == 0:
                return f"CONNMARK and 0x{(~m) & ALL:x}"
            if v == m:
                return f"CONNMARK or 0x{v:x}"
            if m == 0:
                return f"CONNMARK xor 0x{v:x}"
            return f"CONNMARK set 0x{v:x}" if m == ALL else f"CONNMARK xset 0x{v:x}/0x{m:x}"
        if self.nfmask == ALL and m == ALL:
            return f"CONNMARK {self.mode}"
        if self.nfmask == m:
            return f"CONNMARK {self.mode} mask 0x{m:x}"
        if self.mode == "save":
            return f"CONNMARK save nfmask 0x{self.nfmask:x} ctmask ~0x{m:x}"
        return f"CONNMARK restore ctmask 0x{m:x} nfmask ~0x{self.nfmask:x}"

    def apply(self, pkt: Any) -> None:
        conn = _conn(pkt)
        if conn is None:
            return
        if self.mode == "set":
            conn.mark = ((conn.mark & ~self.ctmask) ^ self.ctmark) & ALL
        elif self.mode == "save":
            conn.mark = ((conn.mark & ~self.ctmask) ^ (pkt.mark & self.nfmask)) & ALL
        else:
            pkt.mark = ((pkt.mark & ~self.nfmask) ^ (conn.mark & self.ctmask)) & ALL
