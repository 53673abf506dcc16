"""`ping` (iputils 20221126 as on Debian 12) on the simulated datapath: echo requests in model time.

Without -c or -w a real ping runs until Ctrl-C; here it stops after DEFAULT_COUNT requests, as if
the learner pressed Ctrl-C then (the output is the same as with -c DEFAULT_COUNT). With -W 0 (below a
millisecond) and no reply yet, a real ping waits for one without a time limit; here it waits MAXWAIT,
the default -W, as if Ctrl-C came then (the statistics do not depend on when it came).
"""
from __future__ import annotations

import ipaddress
import math
from typing import TYPE_CHECKING, Any, Optional

from course_lib.net.datapath import ip_send, lookup_route_err, select_src
from course_lib.net.delivery import close_endpoint, open_endpoint
from course_lib.net.events import scheduler
from course_lib.net.icmp import describe
from course_lib.net.packet import ICMP, Packet
from course_lib.net.sockets import bindable
from course_lib.result import CommandResult
from course_lib.shell.nettools import busybox_ping as busybox
from course_lib.shell.nettools.busybox_ping import uses_busybox_ping
from course_lib.shell.nettools import ping6, ping_target
from course_lib.shell.nettools.common import parse_ipv4, resolve
from course_lib.shell.coreutils_timeout import killed_by, limited_deadline
from course_lib.shell.nettools.ping_options import Exit, options
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

DEFAULT_COUNT = 4
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
    stats = _run(ctx, netns, dst, src_ip, oif, count, interval, run_for, wait, size, ttl, quiet, names, out, bb,
                 unsent, broadcast or dst._ip >> 28 == 14)
    errors = stats.pop("stderr")
    killed = limit is not None and killed_by(limit, netns.machine.network.clock)    # no statistics
    if killed and bb:
        return CommandResult("".join(out), err_prefix + errors, 128 + limit.signo)
    if bb:
        return CommandResult("".join(out) + busybox.summary(target, stats), err_prefix + errors,
                             busybox.exit_code(stats, count, deadline))
    text = "".join(out)
    if ping_target.MARK in text:             # getnameinfo for the addresses the replies came from
        text = "".join(ping_target.fill_names(ctx, out))
    if killed:
        return CommandResult(text, err_prefix + errors, 128 + limit.signo)
    text += _summary(canonical, stats)
    rc = 0 if stats["nrx"] > 0 and not (deadline is not None and count is not None and stats["nrx"] < count) else 1
    return CommandResult(text, err_prefix + errors, rc)


def _run(ctx: Any, netns: Any, dst: Any, src: Any, oif: Any, count: Optional[int], interval: float,
         deadline: Optional[float], wait: float, size: int, ttl: int, quiet: bool, names: bool,
         out: list[str], bb: bool = False, unsent: bool = False, group: bool = False) -> dict:
    """Send the echo requests and gather the replies (`unsent`: every sendmsg fails with EACCES; `group`:
    a broadcast or multicast destination, whose duplicate replies iputils does not mark).
    The statistics: ntx, nrx, nerr, pipe, rtts, last, t0, timing, dups and stderr (the error lines)."""
    net = netns.machine.network
    sched = scheduler(net)
    ident = net.__dict__.get("_ping_ident", 0x1a2b) & 0xFFFF
    net.__dict__["_ping_ident"] = ident + 1
    ep = open_endpoint(netns, ICMP, ident)
    inbox = ep.inbox
    t0 = last = net.clock
    ntx = nrx = nerr = dups = tmax = 0
    pipe = 0
    timing = size >= 8
    rtts: list[int] = []
    sent: dict[int, float] = {}
    got: set[int] = set()
    stderr: list[str] = []
    who = _namer() if names else ip_text          # how a reply's address is printed
    jitter = ident * 31                          # a few deterministic microseconds per reply (below)

    def drain() -> None:
        nonlocal nrx, nerr, dups, tmax, pipe
        while inbox:
            p = inbox.pop(0)
            if p.icmp_type == 0:
                seq = p.icmp_seq
                if seq not in sent:
                    continue
                dup = seq in got
                if not dup:
                    nrx += 1
                    got.add(seq)
                diff = (ntx - seq) & 0xFFFF         # acknowledge(): the pipe of requests in flight
                if diff <= 0x7FFF and diff >= pipe:
                    pipe = diff + 1
                # the round trip in the model, and so that repeated replies do not look identical
                us = round((net.clock - sent[seq]) * 1e6) + (seq * 7919 + jitter) % 23
                if us < 1:
                    us = 1
                if timing:
                    if us > tmax:
                        tmax = us
                    if not (dup and bb):            # iputils counts a duplicate's time too
                        rtts.append(us)
                dups += dup
                if bb:
                    if not quiet:
                        out.append(busybox.reply(size, p.src, seq, p.ttl, us, timing, dup))
                elif not quiet:
                    took = (f" time=0.{us:03d} ms" if us < 1000 else f" time={format_rtt(us)} ms") if timing else ""
                    out.append(f"{size + 8} bytes from {who(p.src)}: icmp_seq={seq} ttl={p.ttl}{took}"
                               f"{' (DUP!)' if dup and not group else ''}\n")
            elif bb:
                stderr.append(busybox.icmp_warning(p.icmp_type or 0))
            elif p.icmp_type == 5:
                inner = p.inner
                if not quiet and inner is not None:
                    out.append(f"From {who(p.src)}: icmp_seq={inner.icmp_seq} Redirect Host"
                               f"(New nexthop: {who(p.payload)})\n")
            else:
                inner = p.inner
                seq = inner.icmp_seq if inner is not None else 0
                nerr += 1
                diff = (ntx - (seq or 0)) & 0xFFFF
                if diff <= 0x7FFF and diff >= pipe:
                    pipe = diff + 1
                if not quiet:
                    out.append(f"From {who(p.src)} icmp_seq={seq} {describe(p.icmp_type, p.icmp_code)}\n")

    # the pumps below stop as soon as something arrives (the socket is readable), to drain it at that time
    arrived = inbox.__len__
    try:
        step = interval + SEND_OVERHEAD
        heap = sched.heap
        while True:
            if count is not None and ntx >= count or ntx >= MAX_SENDS:
                break
            send_at = t0 + ntx * step
            if deadline is not None and send_at >= t0 + deadline:
                break
            if heap and heap[0][0] <= send_at or send_at > net.clock:
                while sched.pump(send_at, arrived):
                    drain()
            if count is not None and deadline is not None and nrx >= count:
                break
            ntx += 1
            seq = ntx
            sent[seq] = last = net.clock
            pkt = Packet(src=src, dst=dst, proto=ICMP, ttl=ttl, icmp_type=8, icmp_code=0, icmp_id=ident,
                         icmp_seq=seq, length=size + 28)
            err = "EACCES" if unsent else ip_send(netns, pkt, oif)
            if err == "EPERM":
                # a REJECT's ICMP error lands in the socket's error queue: iputils then reports the
                # send's errno; with nothing queued (DROP, or the errors of a missing route, a refusing
                # route, a down device) the failed send only counts as transmitted
                until = net.clock + 0.0001
                while sched.pump(until, arrived):
                    drain()
                if nerr:
                    stderr.append("ping: sendmsg: Operation not permitted\n")
        if deadline is not None:
            until = t0 + deadline
        elif bb:
            until = last + wait
        elif nrx:
            # __schedule_exit: once a reply came, twice the slowest round trip (at least the interval)
            until = last + max(2 * tmax / 1e6, interval)
        else:
            until = last + (wait or MAXWAIT)        # -W 0: no timer at all, until Ctrl-C (see the top)
        if inbox:
            drain()
        # until every request is answered (or errored), or the time is up (all answered: the clock stays)
        while not (count is not None and nrx + nerr >= ntx and ntx >= count) and sched.pump(until, arrived):
            drain()
        if inbox:
            drain()
    finally:
        close_endpoint(ep)
    return {"ntx": ntx, "nrx": nrx, "nerr": nerr, "pipe": pipe, "rtts": rtts, "last": last, "t0": t0,
            "timing": timing, "dups": dups, "stderr": "".join(stderr)}


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
    if text is None:
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
