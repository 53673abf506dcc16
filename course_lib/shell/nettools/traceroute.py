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
  -4                          Use IPv4
  -6                          Use IPv6
  -d  --debug                 Enable socket level debugging
  -F  --dont-fragment         Do not fragment packets
  -f first_ttl  --first=first_ttl
                              Start from the first_ttl hop (instead from 1)
  -g gate,...  --gateway=gate,...
                              Route packets through the specified gateway
                              (maximum 8 for IPv4 and 127 for IPv6)
  -I  --icmp                  Use ICMP ECHO for tracerouting
  -T  --tcp                   Use TCP SYN for tracerouting (default port is 80)
  -i device  --interface=device
                              Specify a network interface to operate with
  -m max_ttl  --max-hops=max_ttl
                              Set the max number of hops (max TTL to be
                              reached). Default is 30
  -N squeries  --sim-queries=squeries
                              Set the number of probes to be tried
                              simultaneously (default is 16)
  -n                          Do not resolve IP addresses to their domain names
  -p port  --port=port        Set the destination port to use. It is either
                              initial udp port value for "default" method
                              (incremented by each probe, default is 33434), or
                              initial seq for "icmp" (incremented as well,
                              default from 1), or some constant destination
                              port for other methods (with default of 80 for
                              "tcp", 53 for "udp", etc.)
  -t tos  --tos=tos           Set the TOS (IPv4 type of service) or TC (IPv6
                              traffic class) value for outgoing packets
  -l flow_label  --flowlabel=flow_label
                              Use specified flow_label for IPv6 packets
  -w MAX,HERE,NEAR  --wait=MAX,HERE,NEAR
                              Wait for a probe no more than HERE (default 3)
                              times longer than a response from the same hop,
                              or no more than NEAR (default 10) times than some
                              next hop, or MAX (default 5.0) seconds (float
                              point values allowed too)
  -q nqueries  --queries=nqueries
                              Set the number of probes per each hop. Default is
                              3
  -r                          Bypass the normal routing and send directly to a
                              host on an attached network
  -s src_addr  --source=src_addr
                              Use source src_addr for outgoing packets
  -z sendwait  --sendwait=sendwait
                              Minimal time interval between probes (default 0).
                              If the value is more than 10, then it specifies a
                              number in milliseconds, else it is a number of
                              seconds (float point values allowed too)
  -e  --extensions            Show ICMP extensions (if present), including MPLS
  -A  --as-path-lookups       Perform AS path lookups in routing registries and
                              print results directly after the corresponding
                              addresses
  -M name  --module=name      Use specified module (either builtin or external)
                              for traceroute operations. Most methods have
                              their shortcuts (`-I' means `-M icmp' etc.)
  -O OPTS,...  --options=OPTS,...
                              Use module-specific option OPTS for the
                              traceroute module. Several OPTS allowed,
                              separated by comma. If OPTS is "help", print info
                              about available options
  --sport=num                 Use source port num for outgoing packets. Implies
                              `-N 1'
  --fwmark=num                Set firewall mark for outgoing packets
  -U  --udp                   Use UDP to particular port for tracerouting
                              (instead of increasing the port per each probe),
                              default port is 53
  -UL                         Use UDPLITE for tracerouting (default dest port
                              is 53)
  -D  --dccp                  Use DCCP Request for tracerouting (default port
                              is 33434)
  -P prot  --protocol=prot    Use raw packet of protocol prot for tracerouting
  --mtu                       Discover MTU along the path being traced. Implies
                              `-F -N 1'
  --back                      Guess the number of hops in the backward path and
                              print if it differs
  -V  --version               Print version info and exit
  --help                      Read this help and exit

Arguments:
+     host          The host to traceroute to
      packetlen     The full packet length (default is the length of an IP
                    header plus 40). Can be ignored or increased to a minimal
                    allowed value
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
        return CommandResult("", USAGE, 0)
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
    size = 60
    if len(args) > 1:
        if not (args[1].isascii() and args[1].isdigit()):
            return CommandResult("", f"Cannot handle \"packetlen\" cmdline arg `{args[1]}' on position 2 "
                                 f"(argc {len(argv) - 1})\n", 2)
        size = int(args[1])
    numeric = "n" in flags
    head = f"traceroute to {target} ({dst}), {max_ttl} hops max, {size} byte packets"
    netns = ctx.netns
    route, rerr = lookup_route_err(netns, dst)
    if route is None:
        return CommandResult(head, f"\nconnect: {rerr}\n", 1)
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
                line += f"  {rtt * 1000 + _jitter(ttl, seq):.3f} ms"
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


def _jitter(ttl: int, seq: int) -> float:
    """A few deterministic microseconds (in ms) so that probes do not all look identical."""
    return ((seq * 7919 + ttl * 31) % 17) / 1000.0


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
            if p.proto == ICMP and p.icmp_type != 5:          # a redirect is no answer
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
