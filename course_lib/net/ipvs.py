"""IP Virtual Server of a netns: virtual services, real servers, schedulers, connections, the LOCAL_IN hook.

The table lives in `netns.__dict__["ipvs"]` (made by `ipvs_of`). A virtual service is (protocol, VIP,
port) with a scheduler (rr by default; wrr, lc, wlc, sh, dh, sed, nq are accepted and modelled),
optional persistence (`persistent TIMEOUT`, kube-proxy's sessionAffinity: ClientIP) and real servers
(address, port, weight, forwarding method; kube-proxy uses masquerading, "Masq").

The datapath calls `local_in(netns, link, pkt)` once a packet for a local address passed INPUT's
filter table, where the kernel's ip_vs_in hook sits (after filter, before nat's INPUT and the
conntrack confirm). A packet for a virtual service gets a real server from the scheduler, is
DNATed and sent on (POSTROUTING, where KUBE-POSTROUTING may masquerade it). With conntrack on
(net.ipv4.vs.conntrack=1, as kube-proxy sets it) the flow's reply tuple is altered like
nf_conntrack_alter_reply, so replies are un-NATed and later packets of the flow follow it.
Connections are kept for `ipvsadm -Lnc` and the ActiveConn/InActConn columns, timed on the model clock.
"""
from __future__ import annotations

import ipaddress
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS
    from course_lib.net.packet import Packet

IPv4 = ipaddress.IPv4Address
SCHEDULERS = ("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh")
FORWARDS = {"masq": "Masq", "gate": "Route", "ipip": "Tunnel"}
PROTO_NUM = {"TCP": 6, "UDP": 17, "SCTP": 132}
TCP_FIN_WAIT, TCP_TIME_WAIT, UDP_TIMEOUT = 120, 120, 300
VERSION, TABLE_SIZE = "1.2.1", 4096


@dataclass(eq=False)
class RealServer:
    """A destination of a virtual service."""

    ip: IPv4
    port: int
    weight: int = 1
    forward: str = "Masq"
    draining: bool = False           # kube-proxy's graceful termination: weight 0, deleted once idle
    conns: int = 0
    inpkts: int = 0
    inbytes: int = 0
    outpkts: int = 0
    outbytes: int = 0

    @property
    def text(self) -> str:
        return f"{self.ip}:{self.port}"


@dataclass(eq=False)
class VirtualService:
    """One IPVS service: protocol, address, port, scheduler, flags and its real servers (kernel list order)."""

    protocol: str                    # "TCP", "UDP", "SCTP"
    ip: IPv4
    port: int
    scheduler: str = "rr"
    persistent: int = 0              # seconds; 0 = not persistent
    netmask: IPv4 = IPv4("255.255.255.255")
    ops: bool = False
    dests: list[RealServer] = field(default_factory=list)
    rr_last: Optional[RealServer] = None

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.protocol, int(self.ip), self.port)

    def find(self, ip: IPv4, port: int) -> Optional[RealServer]:
        for d in self.dests:
            if d.ip == ip and d.port == port:
                return d
        return None

    def stats(self) -> tuple[int, int, int, int, int]:
        """The service's counters: the sum of its destinations' (ipvsadm copies them)."""
        return tuple(sum(getattr(d, k) for d in self.dests)      # type: ignore[return-value]
                     for k in ("conns", "inpkts", "outpkts", "inbytes", "outbytes"))


@dataclass(eq=False)
class Connection:
    """An IPVS connection entry (ipvsadm -Lnc)."""

    protocol: str
    client: tuple[IPv4, int]
    virtual: tuple[IPv4, int]
    dest: RealServer
    service: VirtualService
    state: str
    expires: float
    template: bool = False


class IpvsTable:
    """The IPVS state of one netns. Connections are kept in insertion order, by (service, client, template)
    and by their reply (real server, client) for ip_vs_out; expired ones are dropped as the kernel's timers."""

    def __init__(self) -> None:
        self.services: dict[tuple[str, int, int], VirtualService] = {}
        self.conns: dict[tuple, Connection] = {}
        self.replies: dict[tuple, Connection] = {}
        self.timeouts = (900, 120, 300)              # tcp tcpfin udp (ipvsadm --set)
        self._prune_at = 64

    # -- configuration (ipvsadm -A/-E/-D/-a/-e/-d/-C) -------------------------------------------------
    def get(self, protocol: str, ip: IPv4, port: int) -> Optional[VirtualService]:
        return self.services.get((protocol, int(ip), port))

    def add_service(self, svc: VirtualService) -> VirtualService:
        self.services[svc.key] = svc
        return svc

    def delete_service(self, svc: VirtualService) -> None:
        self.services.pop(svc.key, None)
        self._keep(lambda c: c.service is not svc)

    def add_dest(self, svc: VirtualService, dest: RealServer) -> None:
        svc.dests.insert(0, dest)                    # list_add_rcu: the kernel adds at the head

    def delete_dest(self, svc: VirtualService, dest: RealServer) -> None:
        svc.dests.remove(dest)
        if svc.rr_last is dest:
            svc.rr_last = None
        self._keep(lambda c: c.dest is not dest)

    def clear(self) -> None:
        self.services.clear()
        self.conns.clear()
        self.replies.clear()

    # -- connections ----------------------------------------------------------------------------------
    def add_conn(self, c: Connection, now: float) -> None:
        self.conns[(id(c.service), c.client, c.template)] = c
        if not c.template:
            self.replies[(c.protocol, c.dest.ip, c.dest.port, c.client)] = c
        if len(self.conns) > self._prune_at:
            self.connections(now)
            self._prune_at = max(64, 2 * len(self.conns))

    def find(self, svc: VirtualService, client: tuple, template: bool, now: float) -> Optional[Connection]:
        c = self.conns.get((id(svc), client, template))
        return c if c is not None and c.expires > now else None

    def reply_of(self, protocol: str, src: tuple, client: tuple, now: float) -> Optional[Connection]:
        c = self.replies.get((protocol, src[0], src[1], client))
        return c if c is not None and c.expires > now else None

    def _keep(self, keep: Any) -> None:
        self.conns = {k: c for k, c in self.conns.items() if keep(c)}
        self.replies = {k: c for k, c in self.replies.items() if keep(c)}

    def connections(self, now: float) -> list[Connection]:
        self._keep(lambda c: c.expires > now)
        return list(self.conns.values())

    def reap(self, now: float) -> None:
        """kube-proxy's graceful termination manager (every minute): drained real servers with no
        connection left are deleted."""
        for svc in self.services.values():
            for d in [d for d in svc.dests if d.draining]:
                if self.counts(d, now) == (0, 0):
                    self.delete_dest(svc, d)

    def counts(self, dest: RealServer, now: float) -> tuple[int, int]:
        """(ActiveConn, InActConn) of a destination: established TCP connections, and the rest."""
        active = inactive = 0
        for c in self.connections(now):
            if c.dest is dest and not c.template:
                if c.state == "ESTABLISHED":
                    active += 1
                else:
                    inactive += 1
        return active, inactive


def ipvs_of(netns: "NetNS") -> IpvsTable:
    table = netns.__dict__.get("ipvs")
    if table is None:
        table = netns.__dict__["ipvs"] = IpvsTable()
    return table


# -- schedulers -----------------------------------------------------------------------------------------
def schedule(table: IpvsTable, svc: VirtualService, client: IPv4, now: float) -> Optional[RealServer]:
    """The real server the service's scheduler picks for a new connection (None: no usable server)."""
    usable = [d for d in svc.dests if d.weight > 0]
    if not usable:
        return None
    name = svc.scheduler
    if name in ("sh", "dh", "mh"):
        key = int(client) if name in ("sh", "mh") else int(svc.ip)
        return usable[zlib.crc32(key.to_bytes(4, "big")) % len(usable)]
    if name in ("lc", "wlc", "sed", "nq", "lblc", "lblcr"):
        def overhead(d: RealServer) -> float:
            active, inactive = table.counts(d, now)
            return (active * 256 + inactive) / d.weight
        return min(usable, key=overhead)
    if name == "wrr":
        return _wrr(svc, usable)
    return _rr(svc)


def _rr(svc: VirtualService) -> Optional[RealServer]:
    """ip_vs_rr_schedule: the next destination after the last one, in list order, skipping weight 0."""
    dests = svc.dests
    start = dests.index(svc.rr_last) + 1 if svc.rr_last in dests else 0
    for i in range(len(dests)):
        d = dests[(start + i) % len(dests)]
        if d.weight > 0:
            svc.rr_last = d
            return d
    return None


def _wrr(svc: VirtualService, usable: list[RealServer]) -> RealServer:
    """Weighted round robin: each destination as many times in a cycle as its weight."""
    cycle = [d for d in usable for _ in range(d.weight)]
    pos = svc.__dict__.get("_wrr", -1) + 1
    svc.__dict__["_wrr"] = pos % len(cycle)
    return cycle[pos % len(cycle)]


# -- the LOCAL_IN hook ----------------------------------------------------------------------------------
def _now(netns: "NetNS") -> float:
    try:
        return float(netns.machine.network.clock)
    except AttributeError:
        return 0.0


def _pick(table: IpvsTable, svc: VirtualService, pkt: "Packet", now: float) -> Optional[RealServer]:
    """An existing connection's destination, a persistence template's, or the scheduler's choice."""
    c = table.find(svc, (pkt.src, pkt.sport or 0), False, now)
    if c is not None:
        return c.dest
    if svc.persistent:
        masked = IPv4(int(pkt.src) & int(svc.netmask))
        t = table.find(svc, (masked, 0), True, now)
        if t is not None:
            t.expires = max(t.expires, now + svc.persistent)
            return t.dest
        dest = schedule(table, svc, pkt.src, now)
        if dest is not None:
            table.add_conn(Connection(svc.protocol, (masked, 0), (svc.ip, svc.port), dest, svc, "NONE",
                                      now + svc.persistent, template=True), now)
        return dest
    return schedule(table, svc, pkt.src, now)


def local_in(netns: "NetNS", link: "Link", pkt: "Packet") -> bool:
    """ip_vs_in at LOCAL_IN: True when IPVS took the packet (DNATed to a real server and sent on)."""
    table: Optional[IpvsTable] = netns.__dict__.get("ipvs")
    if table is None or not table.services or pkt.proto not in ("tcp", "udp"):
        return False
    if not _tracked(netns, pkt):
        out(netns, pkt)                          # a real server's reply to a local client
    svc = table.get(pkt.proto.upper(), pkt.dst, pkt.dport or 0)
    if svc is None:
        return False
    now = _now(netns)
    dest = _pick(table, svc, pkt, now)
    tr = pkt.trace
    if dest is None:
        if tr is not None:
            tr.add(_node(netns), "drop", f"ipvs: {svc.protocol} {svc.ip}:{svc.port} has no real server")
        return True
    client = (pkt.src, pkt.sport or 0)
    if table.find(svc, client, False, now) is None:
        state = "TIME_WAIT" if pkt.proto == "tcp" else "UDP"     # a model request is over once it returns
        timeout = TCP_TIME_WAIT if pkt.proto == "tcp" else UDP_TIMEOUT
        table.add_conn(Connection(svc.protocol, client, (svc.ip, svc.port), dest, svc, state, now + timeout), now)
        dest.conns += 1
    dest.inpkts += 1
    dest.inbytes += pkt.length
    if tr is not None:
        tr.add(_node(netns), "ipvs", f"{svc.protocol} {svc.ip}:{svc.port} {svc.scheduler} -> {dest.text} "
                                     f"({dest.forward})")
    _masquerade_to(netns, pkt, dest)
    return True


def _tracked(netns: "NetNS", pkt: "Packet") -> bool:
    from course_lib.net.netfilter.conntrack import CtInfo
    ci = pkt.ct
    return isinstance(ci, CtInfo) and ci.table is netns.conntrack


def out(netns: "NetNS", pkt: "Packet") -> None:
    """ip_vs_out (FORWARD, LOCAL_IN): without conntrack, a real server's reply of an IPVS connection gets the
    virtual address and port back as its source (with conntrack, the altered reply tuple does it)."""
    table: Optional[IpvsTable] = netns.__dict__.get("ipvs")
    if table is None or not table.conns or pkt.proto not in ("tcp", "udp") or _tracked(netns, pkt):
        return
    c = table.reply_of(pkt.proto.upper(), (pkt.src, pkt.sport), (pkt.dst, pkt.dport), _now(netns))
    if c is not None:
        c.dest.outpkts += 1
        c.dest.outbytes += pkt.length
        if pkt.trace is not None:
            pkt.trace.add(_node(netns), "ipvs", f"reply {pkt.src}:{pkt.sport} -> {c.virtual[0]}:{c.virtual[1]}")
        pkt.src, pkt.sport = c.virtual


def _masquerade_to(netns: "NetNS", pkt: "Packet", dest: RealServer) -> None:
    """ip_vs_nat_xmit: the destination rewritten, the conntrack reply altered, then on through POSTROUTING."""
    from course_lib.net import datapath
    from course_lib.net.netfilter import conntrack as ct
    ci = pkt.ct
    if isinstance(ci, ct.CtInfo) and not ci.reply and not ci.related:
        conn = ci.conn
        if conn.confirmed:                       # confirmed at INPUT; IPVS ran before that in the kernel
            ci.table.remove(conn)
            conn.confirmed = False
        if not conn.snat:
            conn.snat_decided = False            # nat INPUT (after IPVS) never saw this packet
        ct.bind(pkt, ct.DST, dest.ip, dest.port, dest.port)
    pkt.dst, pkt.dport = dest.ip, dest.port
    route = datapath.lookup_route(netns, dest.ip)
    if route is None:
        if pkt.trace is not None:
            pkt.trace.add(_node(netns), "drop", f"ipvs: no route to {dest.ip}")
        return
    datapath.output_finish(netns, pkt, route)


def _node(netns: "NetNS") -> str:
    from course_lib.net.l2 import node_name
    return node_name(netns)


def sort_services(services: list[VirtualService]) -> list[VirtualService]:
    """ipvs_sort_services: glibc's merge sort with libipvs's comparator (32-bit address difference as int)."""
    return _msort(services, _cmp_service)


def sort_dests(dests: list[RealServer]) -> list[RealServer]:
    return _msort(dests, _cmp_dest)


def _int32(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v & 0x80000000 else v


def _cmp_service(a: VirtualService, b: VirtualService) -> int:
    r = PROTO_NUM.get(a.protocol, 0) - PROTO_NUM.get(b.protocol, 0)
    if r:
        return r
    r = _int32(int(a.ip) - int(b.ip))
    return r if r else a.port - b.port


def _cmp_dest(a: RealServer, b: RealServer) -> int:
    r = _int32(int(a.ip) - int(b.ip))
    return r if r else a.port - b.port


def _msort(items: list, cmp: Any) -> list:
    """glibc msort_with_tmp: top-down merge sort, the left run wins ties (the order qsort gives)."""
    n = len(items)
    if n <= 1:
        return list(items)
    n1 = n // 2
    left, right = _msort(items[:n1], cmp), _msort(items[n1:], cmp)
    out, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        if cmp(left[i], right[j]) <= 0:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    return out + left[i:] + right[j:]
