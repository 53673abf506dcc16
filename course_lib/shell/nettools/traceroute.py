"""`traceroute` (Debian's traceroute 2.1): UDP probes (or ICMP echo with -I) with rising TTL in model time."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Optional

from course_lib.net.datapath import lookup_route_err
from course_lib.net.delivery import close_endpoint, open_endpoint
from course_lib.net.packet import ICMP, UDP
from course_lib.net.sockets import bindable, ephemeral_port
from course_lib.result import CommandResult
from course_lib.shell.nettools.common import resolve
from course_lib.shell.nettools.ping_target import fill_names, marked
from course_lib.shell.nettools.traceroute_probes import Settings, run_trace, settle_in_flight
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
VERSION = ("Modern traceroute for Linux, version 2.1.2\n"
           "Copyright (c) 2016  Dmitry Butskoy,   License: GPL v2 or any later\n")
WITH_ARG = set("fgimNptlwqszM")
LONG_FLAGS = {"icmp": "I", "tcp": "T", "udp": "U", "debug": "d", "dont-fragment": "F", "extensions": "e",
              "as-path-lookups": "A"}
LONG_ARGS = {"first": "f", "gateway": "g", "interface": "i", "max-hops": "m", "sim-queries": "N", "port": "p",
             "tos": "t", "flowlabel": "l", "wait": "w", "queries": "q", "source": "s", "sendwait": "z", "module": "M",
             "fwmark": "fwmark"}
FLAGS = set("46dFITnreAUDV")


@command("traceroute", "traceroute.db")
def traceroute(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    opts: dict[str, tuple[str, int]] = {}            # option letter -> (value, index of the value in argv)
    flags: set[str] = set()
    args: list[str] = []
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in ("--help", "--version"):
            return CommandResult("", USAGE if a == "--help" else VERSION, 0)
        if a.startswith("--") and len(a) > 2:
            name, eq, value = a[2:].partition("=")
            if name in LONG_FLAGS:
                flags.add(LONG_FLAGS[name])
            elif name in LONG_ARGS or name == "sport":
                if not eq:
                    i += 1
                    if i >= len(argv):
                        return CommandResult("", f"Option `{a}' (argc {i - 1}) requires an argument\n", 2)
                    value = argv[i]
                opts[LONG_ARGS.get(name, "sport")] = (value, i)
            else:
                return CommandResult("", f"Bad option `{a}' (argc {i})\n", 2)
            i += 1
            continue
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
                    opts[ch] = (val, i)
                    break
                if ch not in FLAGS:
                    return CommandResult("", f"Bad option `-{ch}' (argc {i})\n", 2)
                flags.add(ch)
                j += 1
        else:
            if len(args) == 2:
                return CommandResult("", f"Extra arg `{a}' (position 3, argc {i})\n", 2)
            args.append(a)
        i += 1
    if "V" in flags:
        return CommandResult("", VERSION, 0)
    if not args:
        return CommandResult("", USAGE, 0)
    settings, err = _settings(opts, flags)
    if err:
        return CommandResult("", err, 2)
    target = args[0]
    dst, rerr0 = resolve(ctx, target)
    if dst is None:
        return CommandResult("", f"{target}: {rerr0}\nCannot handle \"host\" cmdline arg `{target}' on position 1 "
                             f"(argc {len(argv) - 1})\n", 2)
    packetlen = _strtoul(args[1]) if len(args) > 1 else None
    if len(args) > 1 and packetlen is None:
        return CommandResult("", f"Cannot handle \"packetlen\" cmdline arg `{args[1]}' on position 2 "
                             f"(argc {len(argv) - 1})\n", 2)
    err = _check(settings)
    if err:
        return CommandResult("", err + "\n", 2)
    if packetlen is not None:
        packetlen = min(packetlen, 2**64 - 1) & 0xFFFFFFFF  # (int) strtoul(): from 2^31 on negative, the default
        if packetlen < 2**31:
            if packetlen > MAX_PACKET_LEN:
                return CommandResult("", f"too big packetlen {packetlen} specified\n", 2)
            settings.size = max(packetlen, 28)
    numeric = "n" in flags
    if settings.gateways:
        settings.size += 4 * (settings.gateways + 2)      # NOP + LSRR header, the gateways and the destination
    head = f"traceroute to {target} ({dst}), {settings.max_hops} hops max, {settings.size} byte packets"
    # the icmp and tcp modules open, bind and connect their raw socket in init(), before the header is
    # printed; the udp module does it at its first probe, after it (checked with traceroute 2.1.2)
    failed_head = "" if settings.icmp or settings.tcp else head
    netns = ctx.netns
    if "s" in opts:
        src, serr = resolve(ctx, opts["s"][0])
        if src is None:
            return CommandResult("", f"{opts['s'][0]}: {serr}\n"
                                 f"Cannot handle `-s' option with arg `{opts['s'][0]}' (argc {opts['s'][1]})\n", 2)
        if not bindable(netns, src):
            return CommandResult(failed_head, "\nbind: Cannot assign requested address\n", 1)
        settings.src = src
    if "i" in opts:
        settings.oif = netns.link_by_name(opts["i"][0])
        if settings.oif is None:
            return CommandResult(failed_head, "\nsetsockopt SO_BINDTODEVICE: No such device\n", 1)
    route, rerr = lookup_route_err(netns, dst, settings.oif)
    if route is not None and "r" in flags and (route.gateway is not None or route.type != "unicast"):
        route, rerr = None, "Network is unreachable"           # SO_DONTROUTE: attached networks only
    if route is None:
        return CommandResult(failed_head, f"\nconnect: {rerr}\n", 1)
    names: dict[Any, str] = {}

    def label(ip: Any) -> str:
        if numeric:
            return str(ip)
        if ip not in names:
            names[ip] = marked(str(ip))        # getnameinfo (hosts, DNS PTR) once the probes are done
        return names[ip]

    icmp = settings.icmp
    ident = ephemeral_port(netns, UDP) if not icmp else 0x2a00 + (len(netns.neighbours) & 0xff)
    if settings.sport is not None:
        ident = settings.sport
    ep = open_endpoint(netns, ICMP if icmp else UDP, ident)
    try:
        text, send_error = run_trace(netns, ep, dst, ident, settings, label, _jitter)
    finally:
        close_endpoint(ep)
        settle_in_flight(netns.machine.network)
    text = fill_names(ctx, [text], "{ip} ({ip})")[0]
    if send_error is not None:
        return CommandResult(head + text, f"\nsend: {send_error}\n", 1)
    return CommandResult(head + text, "", 0)


def _settings(opts: dict[str, tuple[str, int]], flags: set[str]) -> tuple[Settings, str]:
    """The options as CLIF sets them; a value it cannot take gives its message."""
    s = Settings(icmp="I" in flags, tcp="T" in flags and "I" not in flags)
    s.port = 1 if s.icmp else 80 if s.tcp else 33434
    for ch, attr in (("f", "first"), ("m", "max_hops"), ("q", "per_hop"), ("N", "sim"), ("t", "tos"), ("p", "port")):
        if ch in opts:
            value, where = opts[ch]
            number = _strtoul(value)
            if number is None:
                return s, f"Cannot handle `-{ch}' option with arg `{value}' (argc {where})\n"
            setattr(s, attr, number)
    if "w" in opts:
        value, where = opts["w"]
        spec = _wait_specs(value)
        if spec is None:
            return s, f"Cannot handle `-w' option with arg `{value}' (argc {where})\n"
        s.wait, s.here, s.near = spec
    if "sport" in opts:
        value, where = opts["sport"]
        number = _strtoul(value)
        if number is None:
            return s, f"Cannot handle `--sport' option with arg `{value}' (argc {where})\n"
        s.sport, s.sim, s.here, s.near = number, 1, 0.0, 0.0
    if "g" in opts:
        s.gateways = len(opts["g"][0].split(","))
    if "z" in opts:
        value, where = opts["z"]
        try:
            s.send_secs = float(value)
        except ValueError:
            return s, f"Cannot handle `-z' option with arg `{value}' (argc {where})\n"
        if s.send_secs >= 10:
            s.send_secs /= 1000                 # more than 10: milliseconds
    return s, ""


def _strtoul(text: str) -> Optional[int]:
    m = re.match(r"\s*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$", text)
    if m is None:
        return None
    digits = m.group(1)
    return int(digits, 16) if digits[:2].lower() == "0x" else int(digits, 8) if digits.startswith("0") else int(digits)


def _wait_specs(text: str) -> Optional[tuple[float, float, float]]:
    """set_wait_specs: MAX[,HERE[,NEAR]]; the factors not given are 0."""
    parts = text.split(",")
    if len(parts) > 3:
        return None
    values = []
    for part in parts:
        m = re.match(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", part)
        if m is None or m.end() != len(part):
            return None
        values.append(float(part))
    return (values + [0.0, 0.0])[0], (values + [0.0, 0.0])[1], (values + [0.0, 0.0, 0.0])[2]


MAX_PACKET_LEN = 65000


def _check(s: Settings) -> str:
    if not s.first or s.first > s.max_hops:
        return "first hop out of range"
    if s.max_hops > 255:
        return "max hops cannot be more than 255"
    if not s.per_hop or s.per_hop > 10:
        return "no more than 10 probes per hop"
    if s.wait < 0 or s.here < 0 or s.near < 0:
        return f"bad wait specifications `{s.wait:g},{s.here:g},{s.near:g}' used"
    if s.send_secs < 0:
        return f"bad sendtime `{s.send_secs:g}' specified"
    return ""


def _jitter(ttl: int, seq: int) -> float:
    """A few deterministic microseconds (in ms) so that probes do not all look identical."""
    return ((seq * 7919 + ttl * 31) % 17) / 1000.0
