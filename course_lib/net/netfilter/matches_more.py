"""More match extensions of the model: length, ttl, pkttype, owner, string and connlimit.

Texts are libxt_*'s (`-S` and `-L`); each decides for a packet from what the model carries: its length
and TTL, whether its destination is a broadcast/multicast address, the local socket's owner (root for
every locally made packet), its payload, and the netns's conntrack flows (connlimit).
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any, Optional

from course_lib.net.netfilter.matches import Match

PKT_TYPES = ["unicast", "broadcast", "multicast"]


@dataclass(eq=False, slots=True)
class LengthMatch(Match):
    name: str = "length"
    lo: int = 0
    hi: int = 0xFFFF
    inv: bool = False

    def _text(self) -> str:
        return str(self.lo) if self.lo == self.hi else f"{self.lo}:{self.hi}"

    def save(self) -> str:
        return "-m length" + (" !" if self.inv else "") + " --length " + self._text()

    def listing(self, numeric: bool) -> str:
        return "length " + ("!" if self.inv else "") + self._text()

    def matches(self, pkt: Any, hc: Any) -> bool:
        return (self.lo <= pkt.length <= self.hi) != self.inv


@dataclass(eq=False, slots=True)
class TtlMatch(Match):
    """--ttl-eq / ! --ttl-eq (ne) / --ttl-lt / --ttl-gt."""

    name: str = "ttl"
    mode: str = "eq"              # eq, ne, lt, gt
    value: int = 0

    def save(self) -> str:
        if self.mode == "ne":
            return f"-m ttl ! --ttl-eq {self.value}"
        return f"-m ttl --ttl-{self.mode} {self.value}"

    def listing(self, numeric: bool) -> str:
        op = {"eq": "==", "ne": "!=", "lt": "<", "gt": ">"}[self.mode]
        return f"TTL match TTL {op} {self.value}"

    def matches(self, pkt: Any, hc: Any) -> bool:
        t = pkt.ttl
        return {"eq": t == self.value, "ne": t != self.value, "lt": t < self.value, "gt": t > self.value}[self.mode]


@dataclass(eq=False, slots=True)
class PkttypeMatch(Match):
    name: str = "pkttype"
    kind: str = "unicast"
    inv: bool = False

    def save(self) -> str:
        return "-m pkttype" + (" !" if self.inv else "") + " --pkt-type " + self.kind

    def listing(self, numeric: bool) -> str:
        return "PKTTYPE " + ("!= " if self.inv else "= ") + self.kind

    def matches(self, pkt: Any, hc: Any) -> bool:
        dst = pkt.dst
        if dst.is_multicast:
            kind = "multicast"
        elif dst._ip == 0xFFFFFFFF or any(a.family == 4 and a.broadcast == dst for a in hc.netns.addresses):
            kind = "broadcast"
        else:
            kind = "unicast"
        return (kind == self.kind) != self.inv


@dataclass(eq=False, slots=True)
class OwnerMatch(Match):
    """--uid-owner / --gid-owner / --socket-exists: every locally made packet's socket is root's."""

    name: str = "owner"
    uid: Optional[tuple[int, int]] = None
    uid_inv: bool = False
    gid: Optional[tuple[int, int]] = None
    gid_inv: bool = False
    socket: Optional[bool] = None         # True: --socket-exists, False: ! --socket-exists

    @staticmethod
    def _range(r: tuple[int, int]) -> str:
        return str(r[0]) if r[0] == r[1] else f"{r[0]}-{r[1]}"

    def save(self) -> str:
        out = "-m owner"
        if self.uid is not None:
            out += (" !" if self.uid_inv else "") + " --uid-owner " + self._range(self.uid)
        if self.gid is not None:
            out += (" !" if self.gid_inv else "") + " --gid-owner " + self._range(self.gid)
        if self.socket is not None:
            out += ("" if self.socket else " !") + " --socket-exists"
        return out

    def listing(self, numeric: bool) -> str:
        parts = []
        for label, r, inv in (("UID", self.uid, self.uid_inv), ("GID", self.gid, self.gid_inv)):
            if r is not None:
                text = "root" if r == (0, 0) and not numeric else self._range(r)
                parts.append(("! " if inv else "") + f"owner {label} match {text}")
        if self.socket is not None:
            parts.append(("" if self.socket else "! ") + "owner socket exists")
        return " ".join(parts)

    def matches(self, pkt: Any, hc: Any) -> bool:
        # every locally sent packet has a socket (at POSTROUTING the model cannot tell them apart); what the
        # kernel sends itself (echo replies, ICMP errors, resets) has its control socket, with no file: no
        # uid or gid, so only an inverted --uid-owner/--gid-owner matches it
        local = hc.hook == "OUTPUT"
        kernel_made = (pkt.proto == "icmp" and pkt.icmp_type != 8) or "R" in (pkt.tcp_flags or "")
        if self.socket is not None and local != self.socket:
            return False
        for r, inv in ((self.uid, self.uid_inv), (self.gid, self.gid_inv)):
            if r is None:
                continue
            if not local or kernel_made:           # no socket, or no file: only an inverted option holds
                if not inv:
                    return False
            elif (r[0] <= 0 <= r[1]) == inv:
                return False
        return True


@dataclass(eq=False, slots=True)
class StringMatch(Match):
    name: str = "string"
    text: str = ""
    algo: str = "bm"
    inv: bool = False
    icase: bool = False

    def save(self) -> str:
        value = self.text.replace("\\", "\\\\").replace('"', '\\"')
        return "-m string" + (" !" if self.inv else "") + f' --string "{value}" --algo {self.algo}' + \
            (" --icase" if self.icase else "")

    def listing(self, numeric: bool) -> str:
        return "STRING match " + ("!" if self.inv else "") + f' "{self.text}" ALGO name {self.algo}' + \
            (" ICASE" if self.icase else "")

    def matches(self, pkt: Any, hc: Any) -> bool:
        data = pkt.payload
        if isinstance(data, (bytes, bytearray)):
            data = data.decode("latin-1")
        hay = "" if data is None else str(data)
        needle = self.text
        if self.icase:
            hay, needle = hay.lower(), needle.lower()
        return (needle in hay) != self.inv


@dataclass(eq=False, slots=True)
class ConnlimitMatch(Match):
    """--connlimit-above N / --connlimit-upto N, per source (or destination) network of --connlimit-mask."""

    name: str = "connlimit"
    limit: int = 0
    above: bool = True
    mask: int = 32
    daddr: bool = False

    def save(self) -> str:
        kind = "above" if self.above else "upto"
        return f"-m connlimit --connlimit-{kind} {self.limit} --connlimit-mask {self.mask} " + \
            ("--connlimit-daddr" if self.daddr else "--connlimit-saddr")

    def listing(self, numeric: bool) -> str:
        return f"#conn {'dst' if self.daddr else 'src'}/{self.mask} {'>' if self.above else '<='} {self.limit}"

    def matches(self, pkt: Any, hc: Any) -> bool:
        from course_lib.net.netfilter.conntrack import CtInfo
        net = ipaddress.IPv4Network((int(pkt.dst if self.daddr else pkt.src), self.mask), strict=False)
        table = hc.netns.conntrack
        flows = [] if table is None else list(table.conns.values())
        ci = pkt.ct
        count = sum(1 for c in flows if c.orig[0] == pkt.proto and (c.orig[3] if self.daddr else c.orig[1]) in net
                    and c.state not in ("TIME_WAIT", "CLOSE"))
        if isinstance(ci, CtInfo) and not ci.conn.confirmed:
            count += 1                    # the new connection counts itself
        return count > self.limit if self.above else count <= self.limit
