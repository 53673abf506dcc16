"""`ping` (iputils 20221126 as on Debian 12) on the simulated datapath: echo requests in model time.

Without -c or -w a real ping runs until Ctrl-C; here it stops after DEFAULT_COUNT requests, as if
the learner pressed Ctrl-C then (the output is the same as with -c DEFAULT_COUNT). With -W 0 (below a
millisecond) and no reply yet, a real ping waits for one without a time limit; here it waits MAXWAIT,
the default -W, as if Ctrl-C came then (the statistics do not depend on when it came).
"""
from __future__ import annotations

import dataclasses
import ipaddress
import math
from typing import TYPE_CHECKING, Any, Optional

from course_lib.net.datapath import ip_send, lookup_route_err, select_src
from course_lib.net.delivery import Endpoint, endpoints
from course_lib.net.events import scheduler
from course_lib.net.icmp import describe
from course_lib.net import trace as _trace
from course_lib.net.packet import ICMP, Packet
from course_lib.net.sockets import bindable
from course_lib.result import CommandResult, result_of
from course_lib.shell.nettools import busybox_ping as busybox
from course_lib.shell.nettools.busybox_ping import uses_busybox_ping
from course_lib.shell.nettools import ping6, ping_target
from course_lib.shell.nettools.common import parse_ipv4, resolve
from course_lib.shell.coreutils_timeout import killed_by, limited_deadline
from course_lib.shell.jobs_run import JobKilled
from course_lib.shell import jobs_stream
from course_lib.shell.nettools.ping_options import Exit, options
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

DEFAULT_COUNT = 4
_new = object.__new__
MAX_SENDS = 10000            # a notebook must not hang on `ping -i 0 -c 99999999`: stop as if Ctrl-C
SEND_OVERHEAD = 0.0055       # model seconds ping spends per request on top of the interval
MAXWAIT = 10.0               # seconds ping waits for a reply after the last request (-W)
BROADCAST_WARNING = "WARNING: pinging broadcast address\n"


def format_rtt(us: int) -> str:
    """iputils' time= formatting: 3 decimals below 1 ms, fewer above."""
    if us < 1000:
        return "0.%03d" % us
    if us >= 100000 - 50:
        return f"{(us + 500) // 1000}"
    if us >= 10000 - 5:
        return f"{(us + 50) // 1000}.{((us + 50) % 1000) // 100}"
    return f"{(us + 5) // 1000}.{((us + 5) % 1000) // 10:02d}"


_IP_TEXT: dict[int, str] = {}
_HEADERS: dict[tuple, str] = {}


def _header(canonical: str, dst: ipaddress.IPv4Address, size: int) -> str:
    """The first line (without -I), remembered by its parts."""
    key = (canonical, dst._ip, size)
    text = _HEADERS.get(key)
    if text is None:
        if len(_HEADERS) > 1024:
            _HEADERS.clear()
        text = _HEADERS[key] = f"PING {canonical} ({ip_text(dst)}) {size}({size + 28}) bytes of data.\n"
    return text


def ip_text(ip: ipaddress.IPv4Address) -> str:
    """str(ip), remembered by value (ipaddress formats in Python code, once per reply otherwise)."""
    if ip._version != 4:
        return str(ip)
    text = _IP_TEXT.get(ip._ip)
    if text is None:
        if len(_IP_TEXT) > 4096:
            _IP_TEXT.clear()
        text = _IP_TEXT[ip._ip] = str(ip)
    return text


def _namer() -> Any:
    """How a reply's address is printed when it is named: marked, for fill_names after the run."""
    name_cache: dict[Any, str] = {}

    def marked(ip: Any) -> str:
        text = name_cache.get(ip)
        if text is None:
            text = name_cache[ip] = ping_target.marked(ip_text(ip))
        return text
    return marked


@command("ping", "ping6")
def ping(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    bb = uses_busybox_ping(ctx)
    program = argv[0]
    if (program == "ping6" or program.endswith("/ping6")) and not bb:
        # iputils' ping6 link: ping with -6, and its messages name the program as invoked
        result = ping(ctx, ["ping", "-6", *argv[1:]], stdin)
        stderr = "".join("ping6:" + line[5:] if line.startswith("ping:") else line
                         for line in result.stderr.splitlines(keepends=True))
        return CommandResult(result.stdout, stderr, result.returncode)
    if bb:
        refused = busybox.check_args(ctx, argv)
        if refused is not None:
            return refused
    plan = options(argv)
    if type(plan) is Exit:
        return CommandResult(plan.stdout, plan.stderr, plan.returncode)
    count, interval, deadline, wait, quiet, numeric, broadcast_ok, size, ttl, iface, family, target, err_prefix, \
        ip4, written = plan
    canonical = target                       # iputils names the destination by ai_canonname
    if bb:
        dst, gai_error = resolve(ctx, target, family)
    else:
        found, gai_error = written or ping_target.lookup(ctx, target, family, ip4)
        if found is not None and found.ip._version == 6:
            return ping6.run(ctx, target, found, count if count or deadline else DEFAULT_COUNT, interval,
                             deadline, size, quiet, numeric, err_prefix, _summary, format_rtt)
        dst, canonical = (found.ip, found.canonical) if found is not None else (None, target)
    if dst is None and bb:
        return CommandResult("", f"ping: bad address '{target}'\n", 1)
    if dst is None:
        return CommandResult("", f"{err_prefix}ping: {target}: {gai_error}\n", 2)
    netns = ctx.netns
    oif = None
    src_ip: Optional[ipaddress.IPv4Address] = None
    if iface is not None:
        src_ip = parse_ipv4(iface)
        if src_ip is None:
            oif = netns.link_by_name(iface)
            if oif is None:
                return CommandResult("", f"{err_prefix}ping: SO_BINDTODEVICE {iface}: No such device\n", 2)
        elif not bindable(netns, src_ip):                # inet_bind: any local address (all of 127/8)
            return CommandResult("", f"{err_prefix}ping: bind: Cannot assign requested address\n", 2)
    route, err = lookup_route_err(netns, dst, oif, src_ip)
    broadcast = dst._ip == 0xFFFFFFFF or route is not None and route.type == "broadcast"
    unsent = False
    if src_ip is not None and oif is None:
        # -I ADDRESS: iputils binds the source and never connect()s: a missing or refusing route, or a
        # broadcast without -b (no SO_BROADCAST), fails each sendmsg, and those failures are silent
        unsent = broadcast and not broadcast_ok
    elif err == "Permission denied" or route is not None and broadcast:
        # EACCES from connect(): iputils takes it for a broadcast; with -b it warns, sets SO_BROADCAST and
        # connects again (which a refusing route refuses again)
        if not broadcast_ok:
            return CommandResult("", err_prefix + "ping: Do you want to ping broadcast? Then -b. "
                                 "If not, check your local firewall rules\n", 2)
        err_prefix += BROADCAST_WARNING
        if route is None:
            return CommandResult("", f"{err_prefix}ping: connect: {err}\n", 2)
    elif route is None:
        if err == "Network is unreachable":
            from course_lib.net.snmp import no_route
            no_route(netns)                              # ip4_datagram_connect: OutNoRoutes
        return CommandResult("", f"{err_prefix}ping: connect: {err}\n", 2)
    if src_ip is None:
        src_ip = select_src(netns, route, dst)
        if oif is not None and src_ip is not None and not bb \
                and not any(a.link is oif and a.ip == src_ip for a in netns.addresses):
            # iputils' probe connect picked a source that getifaddrs() does not list on the -I device
            err_prefix += f"ping: Warning: source address might be selected on device other than: {oif.name}\n"
    limit = netns.machine.network.__dict__.get("time_limit")     # `timeout N ping`: killed at limit.at
    run_for = deadline if limit is None else limited_deadline(limit, netns.machine.network.clock, deadline)
    if count is None and run_for is None:
        count = DEFAULT_COUNT
    if wait is None:
        wait = MAXWAIT
    names = not numeric and ip4 is None
    if bb:
        out = [busybox.header(target, dst, size)]
    elif iface is None:
        out = [_header(canonical, dst, size)]
    else:
        out = [f"PING {canonical} ({ip_text(dst)}) from {src_ip} {oif.name if oif is not None else ''}: "
               f"{size}({size + 28}) bytes of data.\n"]
    if jobs_stream._WRITERS and not names:      # beside background jobs: each line written as it comes
        out = jobs_stream.lines(*out)
    st = _run(ctx, netns, dst, src_ip, oif, count, interval, run_for, wait, size, ttl, quiet, names, out, bb,
              unsent, broadcast or dst._ip >> 28 == 14)
    errors = "".join(st.errors)
    killed = limit is not None and killed_by(limit, netns.machine.network.clock)    # no statistics
    if killed and bb:
        return CommandResult("".join(out), err_prefix + errors, 128 + limit.signo)
    if bb:
        stats = st.stats()
        return CommandResult("".join(out) + busybox.summary(target, stats), err_prefix + errors,
                             busybox.exit_code(stats, count, deadline))
    if killed:
        text = "".join(out)
        if names and ping_target.MARK in text:
            text = "".join(ping_target.fill_names(ctx, out))
        return CommandResult(text, err_prefix + errors, 128 + limit.signo)
    return finish(ctx, st, canonical, count, deadline, err_prefix + errors, names)


def finish(ctx: Any, st: "Echo", canonical: str, count: Optional[int], deadline: Optional[float], stderr: str,
           names: bool) -> CommandResult:
    """The result of a run that ended by itself (or as after Ctrl-C): its lines, the statistics and the exit code."""
    out = st.out
    text = "".join(out)
    if names and ping_target.MARK in text:   # getnameinfo for the addresses the replies came from
        text = "".join(ping_target.fill_names(ctx, out))
    nrx = st.nrx
    ntx = st.ntx
    rtts = st.rtts
    ms = int((st.last - st.t0) * 1000 + 0.5) if ntx else 0
    n = len(rtts)
    key = (canonical, ntx, nrx, st.nerr, st.dups, ms, st.pipe, rtts[0]) if n == 1 else \
        (canonical, ntx, nrx, st.nerr, st.dups, ms, st.pipe, *rtts) if n <= 4 else None
    summary = _SUMMARIES.get(key) if key is not None else None
    if summary is None:
        summary = _summary_of(key, canonical, ntx, nrx, st.nerr, st.dups, ms, rtts, st.pipe)
    rc = 0 if nrx > 0 and not (deadline is not None and count is not None and nrx < count) else 1
    return result_of(text + summary, stderr, rc)


class Echo:
    """One run's echo exchange as iputils counts it: ntx, nrx, nerr, pipe, rtts, last, t0, timing, dups, tmax and
    the lines (`out`, `errors`); drain() reads what arrived."""

    __slots__ = ("ntx", "nrx", "nerr", "dups", "tmax", "pipe", "rtts", "sent", "got", "out", "errors", "who",
                 "size", "quiet", "bb", "group", "timing", "jitter", "net", "t0", "last")      # made by _start_echo

    def drain(self, inbox: list) -> None:
        """Take in what arrived: replies (their lines, times and the pipe) and ICMP errors."""
        out, bb, quiet = self.out, self.bb, self.quiet
        while inbox:
            p = inbox.pop(0)
            if p.icmp_type == 0:
                seq = p.icmp_seq
                sent = self.sent
                if seq not in sent:
                    continue
                dup = seq in self.got
                if not dup:
                    self.nrx += 1
                    self.got.add(seq)
                diff = (self.ntx - seq) & 0xFFFF         # acknowledge(): the pipe of requests in flight
                if diff <= 0x7FFF and diff >= self.pipe:
                    self.pipe = diff + 1
                # the round trip in the model, and so that repeated replies do not look identical
                us = round((self.net.clock - sent[seq]) * 1e6) + (seq * 7919 + self.jitter) % 23
                if us < 1:
                    us = 1
                timing = self.timing
                if timing:
                    if us > self.tmax:
                        self.tmax = us
                    if not (dup and bb):            # iputils counts a duplicate's time too
                        self.rtts.append(us)
                self.dups += dup
                if quiet:
                    continue
                if bb:
                    out.append(busybox.reply(self.size, p.src, seq, p.ttl, us, timing, dup))
                    continue
                who = self.who
                lead = _LEADS.get((self.size, p.src._ip, who is ip_text))
                if lead is None:
                    lead = _lead(self.size, p.src, who)
                took = (_TOOK.get(us) or _took(us)) if timing else ""
                out.append(f"{lead}{seq} ttl={p.ttl}{took}{' (DUP!)' if dup and not self.group else ''}\n")
            elif bb:
                self.errors.append(busybox.icmp_warning(p.icmp_type or 0))
            elif p.icmp_type == 5:
                inner = p.inner
                if not quiet and inner is not None:
                    who = self.who
                    out.append(f"From {who(p.src)}: icmp_seq={inner.icmp_seq} Redirect Host"
                               f"(New nexthop: {who(p.payload)})\n")
            else:
                inner = p.inner
                seq = inner.icmp_seq if inner is not None else 0
                self.nerr += 1
                diff = (self.ntx - (seq or 0)) & 0xFFFF
                if diff <= 0x7FFF and diff >= self.pipe:
                    self.pipe = diff + 1
                if not quiet:
                    out.append(f"From {self.who(p.src)} icmp_seq={seq} {describe(p.icmp_type, p.icmp_code)}\n")

    def stats(self) -> dict:
        """The statistics as a dict (busybox's summary reads them so)."""
        return {"ntx": self.ntx, "nrx": self.nrx, "nerr": self.nerr, "pipe": self.pipe, "rtts": self.rtts,
                "last": self.last, "t0": self.t0, "timing": self.timing, "dups": self.dups}


def _start_echo(net: Any, size: int, quiet: bool, names: bool, out: list[str], bb: bool, group: bool,
                ident: int) -> Echo:
    """The Echo of a run about to send its first request (made without __init__: type() calls it the slow way)."""
    self = _new(Echo)
    self.net, self.size, self.quiet, self.out, self.bb, self.group = net, size, quiet, out, bb, group
    self.ntx = self.nrx = self.nerr = self.dups = self.tmax = self.pipe = 0
    self.timing = size >= 8
    self.rtts = []
    self.sent = {}
    self.got = set()
    self.errors = []
    self.who = _namer() if names else ip_text          # how a reply's address is printed
    self.jitter = ident * 31                          # a few deterministic microseconds per reply (below)
    self.t0 = self.last = net.clock
    return self


_LEADS: dict[tuple, str] = {}
_TOOK: dict[int, str] = {}


def _lead(size: int, src: Any, who: Any) -> str:
    """A reply line's text before its sequence number, remembered by the size, the address and whether it is printed
    bare (else marked for its name: the same text for the same address)."""
    if len(_LEADS) >= 1024:
        _LEADS.clear()
    text = _LEADS[(size, src._ip, who is ip_text)] = f"{size + 8} bytes from {who(src)}: icmp_seq="
    return text


def _took(us: int) -> str:
    """A reply's ` time=... ms`, remembered by the microseconds."""
    if len(_TOOK) >= 4096:
        _TOOK.clear()
    text = _TOOK[us] = f" time=0.{us:03d} ms" if us < 1000 else f" time={format_rtt(us)} ms"
    return text


def _run(ctx: Any, netns: Any, dst: Any, src: Any, oif: Any, count: Optional[int], interval: float,
         deadline: Optional[float], wait: float, size: int, ttl: int, quiet: bool, names: bool,
         out: list[str], bb: bool = False, unsent: bool = False, group: bool = False) -> Echo:
    """Send the echo requests and gather the replies (`unsent`: every sendmsg fails with EACCES; `group`:
    a broadcast or multicast destination, whose duplicate replies iputils does not mark)."""
    net = netns.machine.network
    sched = net._scheduler or scheduler(net)
    fields = net.__dict__
    ident = fields.get("_ping_ident", 0x1a2b) & 0xFFFF
    fields["_ping_ident"] = ident + 1
    eps = netns.__dict__.get("_endpoints") or endpoints(netns)      # open_endpoint, and close_endpoint at the end
    key = (ICMP, ident)
    ep = eps[key] = _new(Endpoint)                      # Endpoint(netns, ICMP, ident) without type()'s __init__ call
    ep.netns, ep.proto, ep.port, ep.inbox, ep.bound = netns, ICMP, ident, [], oif    # -I DEV: SO_BINDTODEVICE
    inbox = ep.inbox
    st = _start_echo(net, size, quiet, names, out, bb, group, ident)
    sent = st.sent
    t0 = st.t0
    # the pumps below stop as soon as something arrives (the socket is readable), to drain it at that time
    arrived = inbox.__len__
    pump = sched.pump
    length = size + 28
    try:
        step = interval + SEND_OVERHEAD
        heap = sched.heap
        ntx = 0
        while True:
            if count is not None and ntx >= count or ntx >= MAX_SENDS:
                break
            send_at = t0 + ntx * step
            if deadline is not None and send_at >= t0 + deadline:
                break
            if heap and heap[0][0] <= send_at or send_at > net.clock:
                while pump(send_at, arrived):
                    st.drain(inbox)
            if count is not None and deadline is not None and st.nrx >= count:
                break
            st.ntx = ntx = ntx + 1
            sent[ntx] = st.last = net.clock
            err = "EACCES" if unsent else ip_send(netns, _echo_request(src, dst, ttl, ident, ntx, length), oif)
            if err == "EPERM":
                # a REJECT's ICMP error lands in the socket's error queue: iputils then reports the
                # send's errno; with nothing queued (DROP, or the errors of a missing route, a refusing
                # route, a down device) the failed send only counts as transmitted
                until = net.clock + 0.0001
                while pump(until, arrived):
                    st.drain(inbox)
                if st.nerr:
                    st.errors.append("ping: sendmsg: Operation not permitted\n")
        last = st.last
        if deadline is not None:
            until = t0 + deadline
        elif bb:
            until = last + wait
        elif st.nrx:
            # __schedule_exit: once a reply came, twice the slowest round trip (at least the interval)
            until = last + max(2 * st.tmax / 1e6, interval)
        else:
            until = last + (wait or MAXWAIT)        # -W 0: no timer at all, until Ctrl-C (see the top)
        if inbox:
            st.drain(inbox)
        # until every request is answered (or errored), or the time is up (all answered: the clock stays)
        while not (count is not None and st.nrx + st.nerr >= ntx and ntx >= count) and pump(until, arrived):
            st.drain(inbox)
        if inbox:
            st.drain(inbox)
    except JobKilled as killed:
        # a signal ends the job while ping waits: the lines it wrote so far stay written (iputils writes each
        # reply as it comes; TERM/KILL/HUP leave no statistics)
        text = "".join(out)
        if names and ping_target.MARK in text:
            text = "".join(ping_target.fill_names(ctx, out))
        killed.partial = CommandResult(text, "".join(st.errors), 128 + killed.signo)
        raise
    finally:
        if eps.get(key) is ep:
            del eps[key]
    return st


def _packet_maker() -> Any:
    """_echo_request: Packet(src=src, dst=dst, proto=ICMP, ttl=ttl, icmp_type=8, icmp_code=0, icmp_id=ident,
    icmp_seq=seq, length=length) made from the dataclass's own field list, one store per field and its
    __post_init__'s rule (a packet made under lab.trace() takes its trace; the dataclass __init__ matches keywords
    against 22 parameters: most of a packet's cost)."""
    given = {"src": "src", "dst": "dst", "proto": "ICMP", "ttl": "ttl", "icmp_type": "8", "icmp_code": "0",
             "icmp_id": "ident", "icmp_seq": "seq", "length": "length"}
    scope: dict[str, Any] = {"_new": object.__new__, "Packet": Packet, "ICMP": ICMP, "_trace": _trace}
    lines = []
    for index, item in enumerate(dataclasses.fields(Packet)):
        if item.name == "trace" and item.default is None:
            given["trace"] = "_trace.ACTIVE"                # __post_init__: None, or the active trace
        if item.name not in given:
            if item.default is dataclasses.MISSING:
                return None
            scope[f"d{index}"] = item.default
        lines.append(f"    p.{item.name} = {given.get(item.name, f'd{index}')}\n")
    source = "def make(src, dst, ttl, ident, seq, length):\n    p = _new(Packet)\n" + "".join(lines)
    exec(source + "    return p\n", scope)      # noqa: S102 - the dataclass's own names
    return scope["make"]


def _echo_request_init(src: Any, dst: Any, ttl: int, ident: int, seq: int, length: int) -> Packet:
    return Packet(src=src, dst=dst, proto=ICMP, ttl=ttl, icmp_type=8, icmp_code=0, icmp_id=ident, icmp_seq=seq,
                  length=length)


_echo_request = _packet_maker() or _echo_request_init


def _ms(us: int) -> str:
    """Microseconds as iputils prints milliseconds in the statistics: %ld.%03ld of us/1000, us%1000."""
    return f"{us // 1000}.{us % 1000:03d}"


MAX_SUMMARIES = 512
_SUMMARIES: dict[tuple, str] = {}


def _summary(target: str, st: dict) -> str:
    """finish(): the statistics lines (a pure function of the counts and times: remembered for short runs)."""
    ntx, nrx, nerr, rtts, dups, pipe = st["ntx"], st["nrx"], st["nerr"], st["rtts"], st.get("dups"), st["pipe"]
    ms = int((st["last"] - st["t0"]) * 1000 + 0.5) if ntx else 0
    key = (target, ntx, nrx, nerr, dups, ms, pipe, *rtts) if len(rtts) <= 4 else None
    text = _SUMMARIES.get(key) if key is not None else None
    return text if text is not None else _summary_of(key, target, ntx, nrx, nerr, dups, ms, rtts, pipe)


def _summary_of(key: Optional[tuple], target: str, ntx: int, nrx: int, nerr: int, dups: Optional[int], ms: int,
                rtts: list[int], pipe: int) -> str:
    """_statistics, remembered by `key` (None: not remembered)."""
    text = _statistics(target, ntx, nrx, nerr, dups, ms, rtts, pipe)
    if key is not None:
        if len(_SUMMARIES) >= MAX_SUMMARIES:
            _SUMMARIES.clear()
        _SUMMARIES[key] = text
    return text


def _statistics(target: str, ntx: int, nrx: int, nerr: int, dups: Optional[int], ms: int, rtts: list[int],
                pipe: int) -> str:
    line = f"\n--- {target} ping statistics ---\n{ntx} packets transmitted, {nrx} received"
    if dups:
        line += f", +{dups} duplicates"
    if nerr:
        line += f", +{nerr} errors"
    if ntx:
        loss = '0' if nrx == ntx else '100' if not nrx else _g((ntx - nrx) * 100.0 / ntx)
        line += f", {loss}% packet loss, time {ms}ms\n"
    else:
        line += "\n"
    if nrx and rtts:
        n = len(rtts)
        if n == 1:                             # min = avg = max, mdev 0
            one = _ms(rtts[0])
            text = f"{line}rtt min/avg/max/mdev = {one}/{one}/{one}/0.000 ms"
        else:
            tsum = sum(rtts)
            tsum2 = sum([r * r for r in rtts])
            avg = tsum // n                     # finish(): over the replies and their duplicates
            mdev = math.isqrt((tsum2 - tsum * tsum // n) // n)
            text = f"{line}rtt min/avg/max/mdev = {_ms(min(rtts))}/{_ms(avg)}/{_ms(max(rtts))}/{_ms(mdev)} ms"
        return f"{text}, pipe {pipe}\n" if pipe > 1 else text + "\n"
    if pipe > 1:
        return f"{line}pipe {pipe}\n"
    return line + "\n"


def _g(value: float) -> str:
    text = f"{value:g}"
    return text
