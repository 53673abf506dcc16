"""Connection tracking of a netns: flows by their original and reply tuples, states, timeouts and NAT.

A flow (Conn) is created unconfirmed by the first packet, gets its NAT bindings while that packet
crosses the nat table, and is confirmed (inserted) when the packet leaves through POSTROUTING or is
delivered through INPUT. Later packets find it by either tuple: original direction or reply, and are
translated by `manip` without the nat table, as the kernel does. Timeouts run on the model clock.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any, Optional

Tuple5 = tuple  # (proto, src, sport, dst, dport); ICMP echo uses the id as both ports
SRC, DST = "src", "dst"
ICMP_ERRORS = (3, 4, 5, 11, 12)
TCP_TIMEOUTS = {"SYN_SENT": 120, "SYN_RECV": 60, "ESTABLISHED": 432000, "FIN_WAIT": 120,
                "CLOSE_WAIT": 60, "LAST_ACK": 30, "TIME_WAIT": 120, "CLOSE": 10}
UDP_TIMEOUT, UDP_STREAM_TIMEOUT, ICMP_TIMEOUT = 30, 120, 30
PROTO_NUM = {"tcp": 6, "udp": 17, "icmp": 1}


def invert(t: Tuple5) -> Tuple5:
    return (t[0], t[3], t[4], t[1], t[2])


def zkey(zone: int, t: Tuple5) -> tuple:
    """The table key of a tuple in a conntrack zone (zone 0: the tuple itself)."""
    return (zone,) + t if zone else t


@dataclass(eq=False, slots=True)
class Conn:
    """One tracked flow."""

    orig: Tuple5
    reply: Tuple5
    state: str = ""                   # TCP state (SYN_SENT, ESTABLISHED...); "" for udp/icmp
    seen_reply: bool = False
    assured: bool = False
    snat: bool = False
    dnat: bool = False
    dnat_decided: bool = False
    snat_decided: bool = False
    confirmed: bool = False
    expires: float = 0.0
    mark: int = 0
    icmp_type: Optional[int] = None
    icmp_code: Optional[int] = None
    zone: int = 0                     # CT --zone: the same tuples in another zone are another flow
    counters: Optional[list] = None   # nf_conntrack_acct at creation: [orig packets, bytes, reply packets, bytes]


@dataclass(eq=False, slots=True)
class CtInfo:
    """What conntrack attached to a packet in one netns (stored in packet.ct)."""

    conn: Conn
    reply: bool
    table: "ConntrackTable"
    related: bool = False
    bridged_prerouting: bool = False
    attached: bool = False            # a reset answering a refused packet (nf_ct_attach): never confirmed


@dataclass(eq=False, slots=True)
class ConntrackTable:
    """The confirmed flows of a netns, by tuple (original and reply)."""

    tuples: dict[Tuple5, tuple[Conn, bool]] = field(default_factory=dict)
    conns: dict[int, Conn] = field(default_factory=dict)     # id(conn) -> conn, in insertion order
    refused: dict[Tuple5, Conn] = field(default_factory=dict)   # unconfirmed flows just dropped, by reply tuple
    stats: dict[str, int] = field(default_factory=dict)      # conntrack -S: invalid, error ... (of one CPU)

    def remember_refused(self, conn: Conn) -> None:
        """A new flow's first packet was dropped or rejected: a reset answering it still finds the flow."""
        self.refused[zkey(conn.zone, conn.reply)] = conn
        if len(self.refused) > 64:
            del self.refused[next(iter(self.refused))]

    def lookup(self, key: Tuple5, now: float) -> Optional[tuple[Conn, bool]]:
        hit = self.tuples.get(key)
        if hit is not None and hit[0].expires <= now:
            self.remove(hit[0])
            return None
        return hit

    def insert(self, conn: Conn) -> None:
        conn.confirmed = True
        self.tuples[zkey(conn.zone, conn.orig)] = (conn, False)
        self.tuples[zkey(conn.zone, conn.reply)] = (conn, True)
        self.conns[id(conn)] = conn

    def remove(self, conn: Conn) -> None:
        self.conns.pop(id(conn), None)
        for key in (zkey(conn.zone, conn.orig), zkey(conn.zone, conn.reply)):
            hit = self.tuples.get(key)
            if hit is not None and hit[0] is conn:
                del self.tuples[key]

    def expire(self, now: float) -> None:
        for conn in [c for c in self.conns.values() if c.expires <= now]:
            self.remove(conn)

    def flush(self) -> None:
        self.tuples.clear()
        self.conns.clear()

    def entries(self, now: float) -> list[Conn]:
        self.expire(now)
        return list(self.conns.values())


def conntrack_of(netns: Any) -> ConntrackTable:
    ct = netns.conntrack
    if ct is None:
        ct = netns.conntrack = ConntrackTable()
    return ct


def _now(netns: Any) -> float:
    try:
        return netns.machine.network.clock
    except AttributeError:
        return 0.0


def _update_state(conn: Conn, pkt: Any, reply: bool, now: float) -> None:
    """Advance the flow's protocol state and its timeout for a packet of direction `reply`."""
    if reply and not conn.seen_reply:
        conn.seen_reply = True
    if pkt.proto == "tcp":
        flags = pkt.tcp_flags or ""
        st = conn.state
        if "R" in flags:
            st = "CLOSE"
        elif "S" in flags and "A" not in flags and not reply and st in ("", "CLOSE", "TIME_WAIT"):
            st = "SYN_SENT"
        elif "S" in flags and "A" in flags and reply and st == "SYN_SENT":
            st = "SYN_RECV"
        elif "F" in flags:
            st = {"ESTABLISHED": "FIN_WAIT", "FIN_WAIT": "LAST_ACK", "CLOSE_WAIT": "LAST_ACK"}.get(st, st)
            if st == "LAST_ACK" and conn.state == "FIN_WAIT":
                st = "TIME_WAIT" if "A" in flags else st
        elif "A" in flags and st in ("SYN_RECV", ""):
            st = "ESTABLISHED"
            conn.assured = True
        elif "A" in flags and st == "LAST_ACK":
            st = "TIME_WAIT"
        if not st:
            st = "ESTABLISHED" if conn.seen_reply else "SYN_SENT"
        conn.state = st
        conn.expires = now + TCP_TIMEOUTS.get(st, 120)
    elif pkt.proto == "udp":
        if conn.seen_reply and not reply and conn.confirmed:
            conn.assured = True
        conn.expires = now + (UDP_STREAM_TIMEOUT if conn.assured else UDP_TIMEOUT)
    else:
        conn.expires = now + ICMP_TIMEOUT


ICMP_NEW_TYPES = frozenset({8, 13, 15, 17})     # echo, timestamp, info and address mask requests


class Template:
    """What the raw table's CT --zone N attaches: conntrack in `netns` tracks the packet in zone N."""

    __slots__ = ("netns", "zone")
    conn = None

    def __init__(self, netns: Any, zone: int) -> None:
        self.netns, self.zone = netns, zone


class Untracked:
    """What the raw table's NOTRACK / CT --notrack attaches: conntrack leaves the packet alone in `netns`."""

    __slots__ = ("netns",)
    conn = None

    def __init__(self, netns: Any) -> None:
        self.netns = netns


def ct_in(netns: Any, pkt: Any, bridged: bool) -> None:
    """Attach the flow of `pkt` at PREROUTING/OUTPUT: an existing one, or a new unconfirmed one."""
    table = conntrack_of(netns)
    now = _now(netns)
    tmpl = pkt.ct
    zone = tmpl.zone if isinstance(tmpl, Template) and tmpl.netns is netns else 0
    if pkt.proto == "icmp" and pkt.icmp_type in ICMP_ERRORS and pkt.inner is not None:
        hit = table.lookup(zkey(zone, invert(pkt.inner.key)), now)
        ici = pkt.inner.ct
        if hit is None and isinstance(ici, CtInfo) and ici.table is table and not ici.related:
            hit = (ici.conn, not ici.reply)      # an error about a packet of a not yet confirmed flow (REJECT)
        if hit is None:
            pkt.ct, pkt.ct_state = None, "INVALID"
            table.stats["error"] = table.stats.get("error", 0) + 1      # nf_conntrack_handle_icmp
        else:
            pkt.ct = CtInfo(hit[0], hit[1], table, related=True, bridged_prerouting=bridged)
            pkt.ct_state = "RELATED"
        return
    key = zkey(zone, pkt.key)
    hit = table.lookup(key, now)
    if hit is None and key in table.refused:
        pkt.ct = CtInfo(table.refused.pop(key), True, table, attached=True)
        pkt.ct_state = "RELATED"
        return
    if hit is None and pkt.proto == "icmp" and pkt.icmp_type not in ICMP_NEW_TYPES:
        pkt.ct, pkt.ct_state = None, "INVALID"      # icmp_new(): only a request may start a flow
        table.stats["invalid"] = table.stats.get("invalid", 0) + 1
        return
    if hit is None:
        conn = Conn(orig=pkt.key, reply=invert(pkt.key), mark=pkt.mark, zone=zone)
        if pkt.proto == "icmp":
            conn.icmp_type, conn.icmp_code = pkt.icmp_type, pkt.icmp_code
        if netns.sysctls.get("net.netfilter.nf_conntrack_acct", "0") != "0":
            conn.counters = [0, 0, 0, 0]
        reply = False
    else:
        conn, reply = hit
        if conn.orig == conn.reply and pkt.proto == "icmp":    # a ping of itself: the type tells the direction
            reply = pkt.icmp_type not in ICMP_NEW_TYPES
    counters = conn.counters
    if counters is not None:
        counters[2 if reply else 0] += 1
        counters[3 if reply else 1] += pkt.length
    replied = conn.seen_reply
    _update_state(conn, pkt, reply, now)
    pkt.ct = CtInfo(conn, reply, table, bridged_prerouting=bridged)
    pkt.ct_state = "ESTABLISHED" if (reply or conn.seen_reply) else "NEW"
    if hit is not None and not replied and pkt.proto == "tcp" and "R" in (pkt.tcp_flags or ""):
        table.remove(conn)      # tcp_packet(): a reset before any other reply kills the flow (NAT still applies)


def confirm(pkt: Any) -> None:
    """Insert the packet's new flow into its table (the packet leaves or is delivered)."""
    ci = pkt.ct
    if isinstance(ci, CtInfo) and not ci.conn.confirmed and not ci.related and not ci.attached:
        ci.table.insert(ci.conn)


def _port_of(t: Tuple5, which: str) -> Optional[int]:
    return t[2] if which == SRC else t[4]


def _set(pkt: Any, mtype: str, ip: Any, port: Optional[int]) -> None:
    if mtype == SRC:
        pkt.src = ip
        if pkt.proto == "icmp":
            if pkt.icmp_id is not None and port is not None:
                pkt.icmp_id = port
        elif port is not None:
            pkt.sport = port
    else:
        pkt.dst = ip
        if pkt.proto == "icmp":
            if pkt.icmp_id is not None and port is not None:
                pkt.icmp_id = port
        elif port is not None:
            pkt.dport = port


def manip(pkt: Any, mtype: str) -> Optional[str]:
    """Apply the flow's NAT of kind `mtype` (src or dst) to `pkt`; returns a description, or None."""
    ci = pkt.ct
    if not isinstance(ci, CtInfo):
        return None
    conn = ci.conn
    has = conn.snat if mtype == SRC else conn.dnat
    if ci.reply:
        has = conn.dnat if mtype == SRC else conn.snat
    if not has:
        return None
    other = conn.orig if ci.reply else conn.reply
    before = (pkt.src, pkt.dst)
    if ci.related:
        inner = pkt.inner.copy()
        if mtype == SRC:
            inner.dst, inner.dport = other[3], (other[4] if inner.proto != "icmp" else inner.dport)
            if inner.proto == "icmp" and inner.icmp_id is not None:
                inner.icmp_id = other[4]
            pkt.src = other[3]
        else:
            inner.src, inner.sport = other[1], (other[2] if inner.proto != "icmp" else inner.sport)
            if inner.proto == "icmp" and inner.icmp_id is not None:
                inner.icmp_id = other[2]
            pkt.dst = other[1]
        pkt.inner = inner
    elif mtype == SRC:
        _set(pkt, SRC, other[3], other[4])
    else:
        _set(pkt, DST, other[1], other[2])
    if (pkt.src, pkt.dst) == before:
        return None
    kind = ("SNAT" if mtype == SRC else "DNAT") if not ci.reply else ("un-DNAT" if mtype == SRC else "un-SNAT")
    if mtype == SRC:
        return f"{kind} src {before[0]} -> {pkt.src}"
    return f"{kind} dst {before[1]} -> {pkt.dst}"


def bind(pkt: Any, mtype: str, ip: ipaddress.IPv4Address, port_lo: Optional[int],
         port_hi: Optional[int], base: Optional[int] = None) -> None:
    """Record the NAT decision of the nat table for the packet's new flow (changing its reply tuple).
    With a `base` (PORT-PORT/BASE) the port is always shifted, as nf_nat_l4proto_unique_tuple's offset."""
    ci = pkt.ct
    conn = ci.conn
    proto, rs, rsp, rd, rdp = conn.reply
    if mtype == DST:
        port = _nat_port(rsp, port_lo, port_hi, base)
        conn.reply = (proto, ip, port, rd, rdp)
        conn.dnat = True
    else:
        port = _nat_port(rdp, port_lo, port_hi, base)
        candidate = (proto, rs, rsp, ip, port)
        if port is not None:
            lo, hi = (port_lo, port_hi) if port_lo is not None else ((1024, 65535) if port >= 1024 else (1, 1023))
            tries = 0
            while zkey(conn.zone, candidate) in ci.table.tuples and tries < 65536:
                port = lo if port >= hi else port + 1
                candidate = (proto, rs, rsp, ip, port)
                tries += 1
        conn.reply = candidate
        conn.snat = True


def _nat_port(port: Optional[int], port_lo: Optional[int], port_hi: Optional[int], base: Optional[int]
              ) -> Optional[int]:
    """The port a NAT range gives `port`: kept when in range, else the range's start; with a base, shifted."""
    if port_lo is None or port_hi is None:
        return port
    if base is not None and port is not None:
        return port_lo + ((port - base) & 0xFFFF) % (port_hi - port_lo + 1)
    if port is None or not port_lo <= port <= port_hi:
        return port_lo
    return port
