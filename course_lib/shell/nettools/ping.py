"""`ping` (iputils 20221126 as on Debian 12) on the simulated datapath: echo requests in model time.

Without -c or -w a real ping runs until Ctrl-C; here it stops after DEFAULT_COUNT requests, as if
the learner pressed Ctrl-C then (the output is the same as with -c DEFAULT_COUNT).
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
from course_lib.shell.nettools.common import gnu_getopt, parse_ipv4, resolve
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

DEFAULT_COUNT = 4
MAX_SENDS = 10000            # a notebook must not hang on `ping -i 0 -c 99999999`: stop as if Ctrl-C
SEND_OVERHEAD = 0.0055       # model seconds ping spends per request on top of the interval
SHORT = "46aAbBc:CdDe:fhi:I:l:Lm:M:nOp:qQ:rRs:S:t:T:UvVw:W:F:N:"
VERSION = ("ping from iputils 20221126\n"
           "libcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n")
USAGE = """
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -a                 use audible ping
  -A                 use adaptive ping
  -B                 sticky source address
  -c <count>         stop after <count> replies
  -C                 call connect() syscall on socket creation
  -D                 print timestamps
  -d                 use SO_DEBUG socket option
  -e <identifier>    define identifier for ping session, default is random for
                     SOCK_RAW and kernel defined for SOCK_DGRAM
                     Imply using SOCK_RAW (for IPv4 only for identifier 0)
  -f                 flood ping
  -h                 print help and exit
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -L                 suppress loopback of multicast packets
  -l <preload>       send <preload> number of packages while waiting replies
  -m <mark>          tag the packets going out
  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>
  -n                 no dns name resolution
  -O                 report outstanding replies
  -p <pattern>       contents of padding byte
  -q                 quiet output
  -Q <tclass>        use quality of service <tclass> bits
  -s <size>          use <size> as number of data bytes to be sent
  -S <size>          use <size> as SO_SNDBUF socket option value
  -t <ttl>           define time to live
  -U                 print user-to-user latency
  -v                 verbose output
  -V                 print version and exit
  -w <deadline>      reply wait <deadline> in seconds
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4
  -b                 allow pinging broadcast
  -R                 record route
  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>

IPv6 options:
  -6                 use IPv6
  -F <flowlabel>     define flow label, default is random
  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument

For more details see ping(8).
"""


class _Usage(Exception):
    def __init__(self, text: str, rc: int) -> None:
        super().__init__(text)
        self.text, self.rc = text, rc


def _int_arg(text: str, lo: int, hi: int) -> int:
    try:
        value = int(text, 0) if text.strip().lower().startswith("0x") else int(text)
    except ValueError:
        raise _Usage(f"ping: invalid argument: '{text}'\n", 1)
    if not lo <= value <= hi:
        raise _Usage(f"ping: invalid argument: '{text}': out of range: {lo} <= value <= {hi}\n", 1)
    return value


def _float_arg(text: str, warnings: list[str]) -> float:
    """iputils' strtod with the 'garbage' warning (the value is the number's prefix)."""
    num = ""
    for ch in text.strip():
        if ch.isdigit() or (ch in ".eE+-" and num != "" or ch in "+-." and num == ""):
            num += ch
        else:
            break
    try:
        value = float(num) if num else 0.0
    except ValueError:
        value = 0.0
    if num != text.strip() or not text.strip():
        warnings.append(f"ping: option argument contains garbage: {text[len(num):] if num else text}\n"
                        "ping: this will become fatal error in the future\n")
    return value


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


def _jitter(ident: int, seq: int) -> int:
    """A deterministic few microseconds so repeated replies do not look identical."""
    return (seq * 7919 + ident * 31) % 23


@command("ping", "ping6")
def ping(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    if argv[0].rsplit("/", 1)[-1] == "ping6" and not uses_busybox_ping(ctx):
        # iputils' ping6 link: ping with -6, and its messages name the program as invoked
        result = ping(ctx, ["ping", "-6", *argv[1:]], stdin)
        stderr = "".join("ping6:" + line[5:] if line.startswith("ping:") else line
                         for line in result.stderr.splitlines(keepends=True))
        return CommandResult(result.stdout, stderr, result.returncode)
    try:
        return _ping(ctx, argv)
    except _Usage as exc:
        return CommandResult("", exc.text, exc.rc)


def _ping(ctx: "ExecContext", argv: list[str]) -> CommandResult:
    refused = busybox.check_args(ctx, argv) if uses_busybox_ping(ctx) else None
    if refused is not None:
        return refused
    parsed = gnu_getopt(argv[1:], SHORT)
    if isinstance(parsed, str):
        return CommandResult("", f"ping: {parsed}\n{USAGE}", 2)
    opts, args = parsed
    warnings: list[str] = []
    count: Optional[int] = None
    interval = 1.0
    deadline: Optional[float] = None
    wait: Optional[float] = None
    quiet = numeric = broadcast_ok = False
    size = 56
    ttl = 64
    iface: Optional[str] = None
    family = 0                                   # AF_UNSPEC: getaddrinfo asks for A and AAAA
    for opt, val in opts:
        if opt in ("-4", "-6"):
            want = 2 if opt == "-4" else 10
            if family not in (0, want):
                return CommandResult("", "ping: only one -4 or -6 option may be specified\n", 2)
            family = want
        elif opt == "-c":
            count = _int_arg(val, 1, 9223372036854775807)
        elif opt == "-i":
            interval = _float_arg(val, warnings)
        elif opt == "-w":
            deadline = float(_int_arg(val, 0, 2147483647)) if val.isdigit() or not _isfloat(val) else float(val)
        elif opt == "-W":
            wait = _float_arg(val, warnings)
            if wait < 0:
                return CommandResult("", f"{''.join(warnings)}ping: bad linger time: {val}\n", 2)
        elif opt == "-p":
            if not val or any(c not in "0123456789abcdefABCDEF" for c in val):
                return CommandResult("", f"ping: patterns must be specified as hex digits: {val}\n", 2)
        elif opt == "-q":
            quiet = True
        elif opt == "-n":
            numeric = True
        elif opt == "-b":
            broadcast_ok = True
        elif opt == "-s":
            size = _int_arg(val, 0, 2147483647)
        elif opt == "-t":
            ttl = _int_arg(val, 0, 255)
        elif opt == "-I":
            iface = val
        elif opt == "-V":
            return CommandResult(VERSION, "", 0)
        elif opt == "-h":
            return CommandResult(USAGE.lstrip("\n"), "", 2)
    err_prefix = "".join(warnings)
    if not args:
        return CommandResult("", err_prefix + "ping: usage error: Destination address required\n", 1)
    target = args[-1]
    bb = uses_busybox_ping(ctx)
    canonical = target                       # iputils names the destination by ai_canonname
    if bb:
        dst, gai_error = resolve(ctx, target, family)
    else:
        found, gai_error = ping_target.lookup(ctx, target, family)
        if found is not None and found.ip.version == 6:
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
    elif err == "Permission denied":        # EACCES from connect(): iputils takes it for a broadcast
        return CommandResult("", err_prefix + "ping: Do you want to ping broadcast? Then -b. "
                             "If not, check your local firewall rules\n", 2)
    elif route is None:
        return CommandResult("", f"{err_prefix}ping: connect: {err}\n", 2)
    elif broadcast and not broadcast_ok:
        return CommandResult("", err_prefix + "ping: Do you want to ping broadcast? Then -b. "
                             "If not, check your local firewall rules\n", 2)
    if src_ip is None:
        src_ip = select_src(netns, route, dst)
    if count is None and deadline is None:
        count = DEFAULT_COUNT
    if wait is None:
        wait = 10.0
    names = not numeric and parse_ipv4(target) is None
    head = f"PING {canonical} ({ip_text(dst)}) "
    if iface is not None:
        head += f"from {src_ip} {oif.name if oif is not None else ''}: "
    out = [busybox.header(target, dst, size) if bb else head + f"{size}({size + 28}) bytes of data.\n"]
    stats = _run(ctx, netns, dst, src_ip, oif, count, interval, deadline, wait, size, ttl, quiet, names, out, bb,
                 unsent)
    errors = stats.pop("stderr")
    if bb:
        return CommandResult("".join(out) + busybox.summary(target, stats), err_prefix + errors,
                             busybox.exit_code(stats, count, deadline))
    out = ping_target.fill_names(ctx, out)       # getnameinfo for the addresses the replies came from
    out.append(_summary(canonical, stats))
    rc = 0 if stats["nrx"] > 0 and not (deadline is not None and count is not None and stats["nrx"] < count) else 1
    return CommandResult("".join(out), err_prefix + errors, rc)


def _isfloat(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _run(ctx: Any, netns: Any, dst: Any, src: Any, oif: Any, count: Optional[int], interval: float,
         deadline: Optional[float], wait: float, size: int, ttl: int, quiet: bool, names: bool,
         out: list[str], bb: bool = False, unsent: bool = False) -> dict:
    """Send the echo requests and gather the replies (`unsent`: every sendmsg fails with EACCES)."""
    net = netns.machine.network
    sched = scheduler(net)
    ident = net.__dict__.get("_ping_ident", 0x1a2b) & 0xFFFF
    net.__dict__["_ping_ident"] = ident + 1
    ep = open_endpoint(netns, ICMP, ident)
    t0 = net.clock
    st = {"ntx": 0, "nrx": 0, "nerr": 0, "pipe": 0, "rtts": [], "last": t0, "t0": t0, "timing": size >= 8,
          "dups": 0}
    sent: dict[int, float] = {}
    got: set[int] = set()
    stderr: list[str] = []
    name_cache: dict[Any, str] = {}

    def who(ip: Any) -> str:
        if not names:
            return ip_text(ip)
        if ip not in name_cache:
            name_cache[ip] = ping_target.marked(ip_text(ip))
        return name_cache[ip]

    def ack(seq: int) -> None:
        diff = (st["ntx"] - seq) & 0xFFFF
        if diff <= 0x7FFF and diff + 1 > st["pipe"]:
            st["pipe"] = diff + 1

    def drain() -> bool:
        while ep.inbox:
            p = ep.inbox.pop(0)
            if p.icmp_type == 0:
                seq = p.icmp_seq
                if seq not in sent:
                    continue
                dup = seq in got
                if not dup:
                    st["nrx"] += 1
                    got.add(seq)
                ack(seq)
                us = max(1, int(round((net.clock - sent[seq]) * 1e6)) + _jitter(ident, seq))
                if st["timing"] and not dup:
                    st["rtts"].append(us)
                st["dups"] += dup
                if bb:
                    if not quiet:
                        out.append(busybox.reply(size, p.src, seq, p.ttl, us, st["timing"], dup))
                elif not quiet:
                    line = f"{size + 8} bytes from {who(p.src)}: icmp_seq={seq} ttl={p.ttl}"
                    if st["timing"]:
                        line += f" time={format_rtt(us)} ms"
                    out.append(line + (" (DUP!)\n" if dup else "\n"))
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
                st["nerr"] += 1
                ack(seq or 0)
                if not quiet:
                    out.append(f"From {who(p.src)} icmp_seq={seq} {describe(p.icmp_type, p.icmp_code)}\n")
        return False

    def complete() -> bool:
        return count is not None and st["nrx"] + st["nerr"] >= st["ntx"] and st["ntx"] >= count

    def finished() -> bool:
        """complete() once what arrived is drained (only a drain changes the counts it looks at)."""
        if ep.inbox:
            drain()
            return complete()
        return False

    try:
        step = interval + SEND_OVERHEAD
        while True:
            if count is not None and st["ntx"] >= count or st["ntx"] >= MAX_SENDS:
                break
            send_at = t0 + st["ntx"] * step
            if deadline is not None and send_at >= t0 + deadline:
                break
            heap = sched.heap
            if heap and heap[0][0] <= send_at or send_at > net.clock:
                sched.pump(send_at, drain)
            if count is not None and deadline is not None and st["nrx"] >= count:
                break
            st["ntx"] += 1
            seq = st["ntx"]
            sent[seq] = net.clock
            st["last"] = net.clock
            pkt = Packet(src=src, dst=dst, proto=ICMP, ttl=ttl, icmp_type=8, icmp_code=0, icmp_id=ident,
                         icmp_seq=seq, length=size + 28)
            err = "EACCES" if unsent else ip_send(netns, pkt, oif)
            if err == "EPERM":
                # a REJECT's ICMP error lands in the socket's error queue: iputils then reports the
                # send's errno; with nothing queued (DROP, or the errors of a missing route, a refusing
                # route, a down device) the failed send only counts as transmitted
                sched.pump(net.clock + 0.0001, drain)
                if st["nerr"]:
                    stderr.append("ping: sendmsg: Operation not permitted\n")
        until = t0 + deadline if deadline is not None else st["last"] + wait
        if ep.inbox:
            drain()
        if not complete():                      # (pump returns at once, clock unmoved, when it is)
            sched.pump(until, finished)
        drain()
    finally:
        close_endpoint(ep)
    st["stderr"] = "".join(stderr)
    return st


def _summary(target: str, st: dict) -> str:
    ntx, nrx, nerr = st["ntx"], st["nrx"], st["nerr"]
    line = f"\n--- {target} ping statistics ---\n{ntx} packets transmitted, {nrx} received"
    if nerr:
        line += f", +{nerr} errors"
    if ntx:
        loss = (ntx - nrx) * 100.0 / ntx
        ms = int((st["last"] - st["t0"]) * 1000 + 0.5)
        line += f", {'0' if nrx == ntx else '100' if not nrx else _g(loss)}% packet loss, time {ms}ms"
    line += "\n"
    parts = []
    rtts = st["rtts"]
    if nrx and rtts:
        n = len(rtts)
        tsum = sum(rtts)
        tsum2 = sum([r * r for r in rtts])
        avg = tsum // n
        mdev = math.isqrt(max(0, tsum2 // n - avg * avg))
        lo, hi = min(rtts), max(rtts)
        parts.append("rtt min/avg/max/mdev = %d.%03d/%d.%03d/%d.%03d/%d.%03d ms" % (
            *divmod(lo, 1000), *divmod(avg, 1000), *divmod(hi, 1000), *divmod(mdev, 1000)))
    if st["pipe"] > 1:
        parts.append(f"pipe {st['pipe']}")
    return line + ", ".join(parts) + "\n"


def _g(value: float) -> str:
    text = f"{value:g}"
    return text
