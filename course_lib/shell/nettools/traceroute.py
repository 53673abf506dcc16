"""`traceroute` (Debian's traceroute 2.1): UDP probes (or ICMP echo with -I) with rising TTL in model time."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from course_lib.net.datapath import ip_send, lookup_route_err
from course_lib.net.delivery import close_endpoint, open_endpoint
from course_lib.net.events import scheduler
from course_lib.net.packet import ICMP, UDP, Packet
from course_lib.net.sockets import ephemeral_port
from course_lib.result import CommandResult
from course_lib.shell.nettools.common import parse_ipv4, resolve, reverse_name
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

USAGE = """Usage:
  traceroute [ -46dFITnreAUDV ] [ -f first_ttl ] [ -g gate,... ] [ -i device ] [ -m max_ttl ] [ -N squeries ] [ -p port ] [ -t tos ] [ -l flow_label ] [ -w MAX,HERE,NEAR ] [ -q nqueries ] [ -s src_addr ] [ -z sendwait ] [ --fwmark=num ] host [ packetlen ]
Options:
"""
WITH_ARG = set("fgimNptlwqszM")
FLAGS = set("46dFITnreAUDV")
UNREACH_MARK = {0: "!N", 1: "!H", 2: "!P", 4: "!F", 5: "!S", 9: "!X", 10: "!X", 13: "!X", 14: "!V", 15: "!C"}


@command("traceroute", "traceroute.db")
def traceroute(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    opts: dict[str, str] = {}
    flags: set[str] = set()
    args: list[str] = []
    i = 1
    while i < len(argv):
        a = argv[i]
        if a.startswith("-") and len(a) > 1 and not a.startswith("--"):
            j = 1
            while j < len(a):
                ch = a[j]
                if ch in WITH_ARG:
                    val = a[j + 1:]
                    if not val:
                        i += 1
                        if i >= len(argv):
                            return CommandResult("", f"Option `-{ch}' (argc {i - 1}) requires an argument\n", 2)
                        val = argv[i]
                    opts[ch] = val
                    break
                if ch not in FLAGS:
                    return CommandResult("", f"Bad option `-{ch}' (argc {i})\n", 2)
                flags.add(ch)
                j += 1
        else:
            args.append(a)
        i += 1
    if not args:
        return CommandResult("", USAGE, 2)
    target = args[0]
    dst, err = resolve(ctx, target)
    if dst is None:
        return CommandResult("", f"{target}: {err}\nCannot handle \"host\" cmdline arg `{target}' on position 1 "
                             f"(argc {len(argv) - 1})\n", 2)
    try:
        first = int(opts.get("f", "1"))
        max_ttl = int(opts.get("m", "30"))
        nq = int(opts.get("q", "3"))
        wait = float(opts.get("w", "5").split(",")[0])
        port = int(opts.get("p", "33434" if "I" not in flags else "1"))
    except ValueError:
        return CommandResult("", "Cannot handle `-' option with arg\n", 2)
    size = int(args[1]) if len(args) > 1 and args[1].isdigit() else 60
    numeric = "n" in flags
    head = f"traceroute to {target} ({dst}), {max_ttl} hops max, {size} byte packets"
    netns = ctx.netns
    route, rerr = lookup_route_err(netns, dst)
    if route is None:
        return CommandResult(head, f"connect: {rerr}\n", 1)
    out = [head + "\n"]
    names: dict[Any, str] = {}

    def label(ip: Any) -> str:
        if numeric:
            return str(ip)
        if ip not in names:
            names[ip] = f"{reverse_name(ctx, ip) or ip} ({ip})"
        return names[ip]

    net = netns.machine.network
    sched = scheduler(net)
    icmp = "I" in flags
    ident = ephemeral_port(netns, UDP) if not icmp else 0x2a00 + (len(netns.neighbours) & 0xff)
    ep = open_endpoint(netns, ICMP if icmp else UDP, ident)
    seq = 0
    try:
        for ttl in range(first, max_ttl + 1):
            line = f"{ttl:2d} "
            last_addr = None
            done = False
            for _ in range(nq):
                seq += 1
                answer, rtt = _probe(netns, sched, ep, dst, ttl, ident, port + seq - 1, seq, icmp, wait, size)
                if answer is None:
                    line += " *"
                    continue
                if answer.src != last_addr:
                    line += f" {label(answer.src)}"
                    last_addr = answer.src
                line += f"  {rtt * 1000:.3f} ms"
                mark = _mark(answer, dst)
                if mark:
                    line += f" {mark}"
                if answer.src == dst or mark:
                    done = True
            out.append(line + "\n")
            if done:
                break
    finally:
        close_endpoint(ep)
    return CommandResult("".join(out), "", 0)


def _mark(answer: Packet, dst: Any) -> Optional[str]:
    if answer.icmp_type == 3:
        if answer.icmp_code == 3:
            return None if answer.src == dst else "!P"
        return UNREACH_MARK.get(answer.icmp_code or 0, f"!<{answer.icmp_code}>")
    return None


def _probe(netns: Any, sched: Any, ep: Any, dst: Any, ttl: int, ident: int, dport: int, seq: int,
           icmp: bool, wait: float, size: int) -> tuple[Optional[Packet], float]:
    net = netns.machine.network
    start = net.clock
    if icmp:
        pkt = Packet(src=None, dst=dst, proto=ICMP, ttl=ttl, icmp_type=8, icmp_code=0, icmp_id=ident,  # type: ignore[arg-type]
                     icmp_seq=seq, length=size)
    else:
        pkt = Packet(src=None, dst=dst, proto=UDP, ttl=ttl, sport=ident, dport=dport, length=size)  # type: ignore[arg-type]
    if ip_send(netns, pkt) is not None:
        return None, 0.0
    found: list[Packet] = []

    def got() -> bool:
        while ep.inbox:
            p = ep.inbox.pop(0)
            if p.proto == ICMP:
                inner = p.inner
                if p.icmp_type == 0 and p.icmp_seq == seq:
                    found.append(p)
                elif inner is not None and (inner.icmp_seq == seq if icmp else inner.dport == dport):
                    found.append(p)
        return bool(found)

    sched.pump(start + wait, got)
    if not found:
        return None, 0.0
    return found[0], max(net.clock - start, 0.000001)
