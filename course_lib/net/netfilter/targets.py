"""The iptables targets of the model: verdicts, jumps, REJECT, LOG, MARK and the NAT targets.

`save()` gives the options after `-j NAME` as iptables-save prints them (with a leading space),
`listing(numeric)` the `iptables -L` text. `terminal` targets end the traversal of the hook.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from course_lib.net.netfilter.matches import save_string
from course_lib.net.netfilter.rules import int_to_ip

STANDARD = ("ACCEPT", "DROP", "RETURN", "QUEUE")


@dataclass(eq=False, slots=True)
class Target:
    """A standard verdict (ACCEPT, DROP, RETURN) or a jump to the user chain `name`."""

    name: str = "ACCEPT"
    is_chain: bool = False
    terminal: bool = True

    def save(self) -> str:
        return ""

    def listing(self, numeric: bool) -> str:
        return ""

    @property
    def column(self) -> str:
        """The name in the target column of `iptables -L`."""
        return self.name


@dataclass(eq=False, slots=True)
class Ct(Target):
    """The raw table's CT target: `-j NOTRACK` (an alias kept as written) and `-j CT [--notrack]`."""

    name: str = "CT"
    terminal: bool = False
    notrack: bool = False
    zone: int = 0

    def save(self) -> str:
        if self.name != "CT":
            return ""
        return (" --notrack" if self.notrack else "") + (f" --zone {self.zone}" if self.zone else "")

    def listing(self, numeric: bool) -> str:
        if self.name == "NOTRACK":
            return "NOTRACK"
        return "CT" + (" notrack" if self.notrack else "") + (f" zone {self.zone}" if self.zone else "")

    @property
    def column(self) -> str:
        return "CT"


REJECT_TYPES = {
    "icmp-net-unreachable": "icmp-net-unreachable", "net-unreach": "icmp-net-unreachable",
    "icmp-host-unreachable": "icmp-host-unreachable", "host-unreach": "icmp-host-unreachable",
    "icmp-proto-unreachable": "icmp-proto-unreachable", "proto-unreach": "icmp-proto-unreachable",
    "icmp-port-unreachable": "icmp-port-unreachable", "port-unreach": "icmp-port-unreachable",
    "icmp-net-prohibited": "icmp-net-prohibited", "net-prohib": "icmp-net-prohibited",
    "icmp-host-prohibited": "icmp-host-prohibited", "host-prohib": "icmp-host-prohibited",
    "tcp-reset": "tcp-reset", "tcp-rst": "tcp-reset",
    "icmp-admin-prohibited": "icmp-admin-prohibited", "admin-prohib": "icmp-admin-prohibited",
}


@dataclass(eq=False, slots=True)
class Reject(Target):
    name: str = "REJECT"
    with_: str = "icmp-port-unreachable"

    def save(self) -> str:
        return " --reject-with " + self.with_

    def listing(self, numeric: bool) -> str:
        return "reject-with " + self.with_


LOG_LEVELS = ["emerg", "alert", "crit", "error", "warning", "notice", "info", "debug"]
LOG_LEVEL_NAMES = {"emerg": 0, "panic": 0, "alert": 1, "crit": 2, "err": 3, "error": 3, "warn": 4,
                   "warning": 4, "notice": 5, "info": 6, "debug": 7}


LOG_FLAGS = [(0x01, "tcp-sequence"), (0x02, "tcp-options"), (0x04, "ip-options"), (0x08, "uid"), (0x20, "macdecode")]


@dataclass(eq=False, slots=True)
class Log(Target):
    """LOG: counted, shown, otherwise a no-op in the model (no kernel log)."""

    name: str = "LOG"
    terminal: bool = False
    level: int = 4
    prefix: Optional[str] = None
    flags: int = 0                    # XT_LOG_TCPSEQ 1, TCPOPT 2, IPOPT 4, UID 8, MACDECODE 0x20

    def save(self) -> str:
        out = f" --log-prefix {save_string(self.prefix)}" if self.prefix is not None else ""
        out += f" --log-level {self.level}" if self.level != 4 else ""
        return out + "".join(f" --log-{name}" for bit, name in LOG_FLAGS if self.flags & bit)

    def listing(self, numeric: bool) -> str:
        if numeric:
            level = f"flags {self.flags} level {self.level}"
        else:
            level = "level " + ("warn" if self.level == 4 else LOG_LEVELS[self.level])
            level += "".join(f" {name}" for bit, name in LOG_FLAGS if self.flags & bit)
        return f"LOG {level}" + (f' prefix "{self.prefix}"' if self.prefix is not None else "")


@dataclass(eq=False, slots=True)
class Mark(Target):
    """MARK --set-xmark value/mask: mark = (mark & ~mask) ^ value."""

    name: str = "MARK"
    terminal: bool = False
    value: int = 0
    mask: int = 0xFFFFFFFF

    def save(self) -> str:
        return f" --set-xmark 0x{self.value:x}/0x{self.mask:x}"

    def listing(self, numeric: bool) -> str:
        v, m = self.value, self.mask
        if v == 0:
            return f"MARK and 0x{(~m) & 0xFFFFFFFF:x}"
        if v == m:
            return f"MARK or 0x{v:x}"
        if m == 0:
            return f"MARK xor 0x{v:x}"
        if m == 0xFFFFFFFF:
            return f"MARK set 0x{v:x}"
        return f"MARK xset 0x{v:x}/0x{m:x}"

    def apply(self, pkt: Any) -> None:
        pkt.mark = ((pkt.mark & ~self.mask) ^ self.value) & 0xFFFFFFFF


@dataclass(eq=False, slots=True)
class Nat(Target):
    """DNAT/SNAT (--to-destination/--to-source a[-b][:p[-q]]), MASQUERADE and REDIRECT (--to-ports)."""

    name: str = "DNAT"
    ip_lo: Optional[int] = None
    ip_hi: Optional[int] = None
    port_lo: Optional[int] = None
    port_hi: Optional[int] = None
    base: Optional[int] = None          # PORT-PORT/BASE: port P maps to port_lo + (P - base) mod 2^16 mod the size
    random: bool = False
    random_fully: bool = False
    persistent: bool = False

    def range_text(self) -> str:
        out = ""
        if self.ip_lo is not None:
            out = int_to_ip(self.ip_lo) + ("" if self.ip_hi == self.ip_lo else "-" + int_to_ip(self.ip_hi or 0))
        if self.port_lo is not None:
            out += f":{self.ports_text()}"
        return out

    def ports_text(self) -> str:
        return f"{self.port_lo}" + ("" if self.port_hi == self.port_lo else f"-{self.port_hi}") + \
            ("" if self.base is None else f"/{self.base}")

    def _flags(self, prefix: str) -> str:
        return ((f"{prefix}random" if self.random else "") + (f"{prefix}random-fully" if self.random_fully else "")
                + (f"{prefix}persistent" if self.persistent else ""))

    def save(self) -> str:
        if self.name in ("DNAT", "SNAT"):
            opt = "--to-destination" if self.name == "DNAT" else "--to-source"
            return f" {opt} {self.range_text()}" + self._flags(" --")
        out = f" --to-ports {self.ports_text()}" if self.port_lo is not None else ""
        return out + self._flags(" --")

    def listing(self, numeric: bool) -> str:
        if self.name in ("DNAT", "SNAT"):
            return f"to:{self.range_text()}" + self._flags(" ")
        if self.name == "MASQUERADE":
            out = f"masq ports: {self.ports_text()}" if self.port_lo is not None else ""
        else:
            out = f"redir ports {self.ports_text()}" if self.port_lo is not None else ""
        return (out + self._flags(" ")).strip()
