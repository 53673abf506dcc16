"""traceroute 2.1's probe scheduler in model time: simultaneous probes, adaptive waits, hop lines.

As do_it() of Debian's traceroute: up to `sim` probes (-N, 16) are in flight at once, hop after hop,
so probes beyond the destination are sent too (and spend the routers' ICMP rate limit). A probe that
got no answer expires after MAX seconds, or HERE times the round trip of an answered probe of its hop,
or NEAR times that of a later hop (-w MAX,HERE,NEAR: 5,3,10; `-w MAX` alone turns the factors off).
Lines are printed hop by hop in probe order; a final answer (the destination, or an ICMP
unreachable with its !N/!H/!X... note) ends the trace after its hop.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from course_lib.net.datapath import ip_send
from course_lib.net.events import scheduler
from course_lib.net.delivery import close_endpoint, open_endpoint
from course_lib.net.packet import ICMP, TCP, UDP, Packet

WAIT_PREC = 0.001                      # DEF_WAIT_PREC: +1 ms against precision issues
REPLY_BATCH = 0.00002                  # replies arriving this soon after the first are read in the same round
UNREACH_NOTE = {0: "!N", 6: "!N", 8: "!N", 11: "!N", 1: "!H", 7: "!H", 12: "!H", 9: "!X", 10: "!X", 13: "!X",
                3: "", 2: "!P", 5: "!S", 14: "!V", 15: "!C"}
STRERROR = {"EPERM": "Operation not permitted", "ENETUNREACH": "Network is unreachable",
            "EHOSTUNREACH": "No route to host", "ENETDOWN": "Network is down", "EACCES": "Permission denied"}


@dataclass
class Probe:
    send_time: float = 0.0            # 0: not sent yet
    recv_time: float = 0.0
    done: bool = False
    final: bool = False
    res: Any = None                   # the address that answered
    note: str = ""                    # !H, !N, !X ...
    recv_ttl: int = 0
    key: int = 0                      # the UDP destination port or the ICMP sequence


@dataclass
class Settings:
    first: int = 1
    max_hops: int = 30
    per_hop: int = 3
    sim: int = 16
    wait: float = 5.0
    here: float = 3.0
    near: float = 10.0
    icmp: bool = False
    tcp: bool = False                 # -T: SYNs to one port, each probe from its own source port
    port: int = 33434                 # the first UDP port (ICMP sequence; the TCP port)
    send_secs: float = 0.0            # -z: the least time between two probes
    src: Any = None                   # -s: the source address
    sport: Optional[int] = None       # --sport: one source port (implies -N 1)
    gateways: int = 0                 # -g: loose source routing (routers drop it: accept_source_route=0)
    oif: Any = None                   # -i: the device (SO_BINDTODEVICE)
    size: int = 60
    tos: int = 0


def _hops(ttl: int) -> int:
    return (65 if ttl <= 64 else 129 if ttl <= 128 else 256) - ttl


class SendError(Exception):
    def __init__(self, errno: str) -> None:
        super().__init__(errno)
        self.errno = errno


class Tracer:
    """One traceroute run from `netns` to `dst` on endpoint `ep`; `text()` is what it prints."""

    def __init__(self, netns: Any, ep: Any, dst: Any, ident: int, s: Settings, label: Callable[[Any], str],
                 jitter: Callable[[int, int], float]) -> None:
        self.netns, self.ep, self.dst, self.ident, self.s = netns, ep, dst, ident, s
        self.label, self.jitter = label, jitter
        self.net = netns.machine.network
        self.probes = [Probe() for _ in range(s.max_hops * s.per_hop)]
        self.out: list[str] = []
        self.eps = [ep]

    # -- timing -------------------------------------------------------------------------------------
    def _timeout(self, i: int) -> float:
        """get_timeout: HERE x an answered probe of the same hop, else NEAR x a later one, else MAX."""
        s, probes = self.s, self.probes
        if s.here:
            base = i - i % s.per_hop
            for p in probes[base:base + s.per_hop]:
                if p.done and p.recv_time - p.send_time > 0:
                    return min((p.recv_time - p.send_time + WAIT_PREC) * s.here, s.wait)
        if s.near:
            for p in probes[i + 1:]:
                if not p.send_time:
                    break
                if p.done and p.recv_time - p.send_time > 0:
                    return min((p.recv_time - p.send_time + WAIT_PREC) * s.near, s.wait)
        return s.wait

    # -- sending and receiving ----------------------------------------------------------------------
    def _send(self, i: int) -> None:
        s, p = self.s, self.probes[i]
        ttl = i // s.per_hop + 1
        p.key = s.port + i - (s.first - 1) * s.per_hop
        if s.icmp:
            pkt = Packet(src=None, dst=self.dst, proto=ICMP, ttl=ttl, icmp_type=8, icmp_code=0,  # type: ignore[arg-type]
                         icmp_id=self.ident, icmp_seq=p.key, length=s.size, tos=s.tos)
        elif s.tcp:
            p.key = self.ident + p.key - s.port                  # its own source port
            self.eps.append(open_endpoint(self.netns, TCP, p.key))
            pkt = Packet(src=None, dst=self.dst, proto=TCP, ttl=ttl, sport=p.key, dport=s.port,  # type: ignore[arg-type]
                         tcp_flags="S", length=s.size, tos=s.tos)
        else:
            pkt = Packet(src=None, dst=self.dst, proto=UDP, ttl=ttl, sport=self.ident, dport=p.key,  # type: ignore[arg-type]
                         length=s.size, tos=s.tos)
        p.send_time = max(self.net.clock, 1e-9)
        if s.src is not None:
            pkt.src = s.src
        if s.gateways:
            return                        # a source-routed packet: the first receiver drops it (no answer)
        err = ip_send(self.netns, pkt, s.oif)
        if err is not None:
            raise SendError(err)

    def _answers(self) -> list:
        out = []
        for ep in self.eps:
            out.extend(ep.inbox)
            ep.inbox.clear()
        return out

    def _receive(self) -> None:
        for a in self._answers():
            if a.proto == TCP and self.s.tcp:
                key = a.dport
            elif a.proto != ICMP or a.icmp_type == 5:                 # a redirect is no answer
                continue
            elif a.icmp_type == 0:
                key = a.icmp_seq if self.s.icmp else None
            elif a.inner is not None:
                key = a.inner.icmp_seq if self.s.icmp else a.inner.sport if self.s.tcp else a.inner.dport
            else:
                continue
            p = next((q for q in self.probes if q.send_time and not q.done and q.key == key), None)
            if p is None:
                continue
            p.done, p.res, p.recv_ttl = True, a.src, a.ttl
            p.recv_time = max(self.net.clock, p.send_time + 1e-6)
            if a.proto == TCP or a.icmp_type == 0:
                p.final = True
            elif a.icmp_type == 3:
                p.final, p.note = True, UNREACH_NOTE.get(a.icmp_code or 0, f"!<{a.icmp_code}>")
            elif not (a.icmp_type == 11 and (a.icmp_code or 0) == 0):
                p.final, p.note = True, f"!<{a.icmp_type}-{a.icmp_code}>"

    # -- expiry (check_expired: a final answer may belong to an earlier, silent probe) ---------------
    def _expire(self, i: int) -> None:
        probes, per = self.probes, self.s.per_hop
        pb = probes[i]
        pb.done = True
        pfp = None
        for p in probes[i - i % per:i]:
            if not p.done or not p.final:
                return
            pfp = p
        fp_index = None
        for j in range(i + 1, len(probes)):
            p = probes[j]
            if not p.send_time:
                break
            if p.done:
                if not p.final:
                    return
                fp_index = j
                break
        if fp_index is None or not probes[fp_index].note:
            return
        fp = probes[fp_index]
        if pfp is not None or i % per + (fp_index - i) < per or \
                any(p.res == fp.res for p in probes[:i]) or self._ttl_says_here(i, fp):
            probes[i] = fp
            probes[fp_index] = Probe(send_time=1.0)          # block a re-send

    def _ttl_says_here(self, i: int, fp: Probe) -> bool:
        if not fp.recv_ttl:
            return False
        back = _hops(fp.recv_ttl)
        for j in range(i - 1, -1, -1):
            p = self.probes[j]
            if p.done and not p.final and p.recv_ttl:
                hops = _hops(p.recv_ttl)
                if hops < back:
                    back = back - hops + j // self.s.per_hop + 1
                    break
        return back <= i // self.s.per_hop + 1

    # -- printing -----------------------------------------------------------------------------------
    def _print(self, i: int) -> None:
        per, pb = self.s.per_hop, self.probes[i]
        np = i % per
        if np == 0:
            self.out.append(f"\n{i // per + 1:2d} ")
        if pb.res is None:
            self.out.append(" *")
        else:
            show = np == 0
            if np:
                k = i - 1
                while np and self.probes[k].res is None:
                    k, np = k - 1, np - 1
                show = not np or self.probes[k].res != pb.res
            if show:
                self.out.append(" " + self.label(pb.res))
        if pb.recv_time:
            ms = (pb.recv_time - pb.send_time) * 1000 + self.jitter(i // per + 1, i + 1)
            self.out.append(f"  {ms:.3f} ms")
        if pb.note:
            self.out.append(" " + pb.note)

    # -- the loop (do_it) ---------------------------------------------------------------------------
    def run(self) -> None:
        s, probes = self.s, self.probes
        sched = scheduler(self.net)
        start, end = (s.first - 1) * s.per_hop, len(probes)
        last_send = 0.0
        while start < end:
            num, next_time, now = 0, 0.0, self.net.clock
            n = start
            while n < end:
                pb = probes[n]
                if n == start and not pb.done and pb.send_time:
                    expire = pb.send_time + self._timeout(n)
                    if expire > now:
                        next_time = expire
                    else:
                        self._expire(n)
                        pb = probes[n]
                if pb.done:
                    if n == start:
                        self._print(n)
                        start += 1
                    if pb.final:
                        end = (n // s.per_hop + 1) * s.per_hop
                    n += 1
                    continue
                if not pb.send_time:
                    if s.send_secs and last_send + s.send_secs > now:
                        next_time = last_send + s.send_secs            # -z: not yet
                        break
                    self._send(n)
                    last_send = pb.send_time
                if not next_time:
                    next_time = pb.send_time + self._timeout(n)
                num += 1
                if num >= s.sim:
                    break
                n += 1
            if next_time:
                eps = self.eps
                if sched.pump(max(next_time, self.net.clock), lambda: any(ep.inbox for ep in eps)):
                    settle_in_flight(self.net, REPLY_BATCH)   # poll() wakes once for the replies queued by then
                self._receive()

    def text(self) -> str:
        return "".join(self.out) + "\n"


def run_trace(netns: Any, ep: Any, dst: Any, ident: int, s: Settings, label: Callable[[Any], str],
              jitter: Callable[[int, int], float]) -> tuple[str, Optional[str]]:
    """The hop lines (after the header) and, when a send failed, the strerror of `send`."""
    tracer = Tracer(netns, ep, dst, ident, s, label, jitter)
    try:
        tracer.run()
    except SendError as e:
        return "".join(tracer.out), STRERROR.get(e.errno, e.errno)
    finally:
        for other in tracer.eps[1:]:
            close_endpoint(other)
    return tracer.text(), None


def settle_in_flight(net: Any, horizon: float = 0.01) -> None:
    """Let the probes still in flight arrive (and be answered to a closed socket) without moving the clock."""
    sched = scheduler(net)
    limit = net.clock + horizon
    heap = sched.heap
    sched.pump(limit, lambda: not heap or heap[0][0] > limit)
