"""`route` and `netstat -r` (net-tools 2.10): the main IPv4 table in the /proc/net/route layout."""
from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from course_lib.net.route_table import routes_of
from course_lib.net.routing import table_routes
from course_lib.result import CommandResult
from course_lib.shell.nettools.common import parse_ipv4
from course_lib.shell.nettools.netdb import route_namer
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

ROUTE_HEADER = ("Kernel IP routing table\n"
                "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n")
NETSTAT_HEADER = ("Kernel IP routing table\n"
                  "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n")


def kernel_routes(netns: Any) -> list[Any]:
    """The routes /proc/net/route lists: main table, IPv4, in fib order."""
    return [r for r in table_routes(netns, 4, 254) if r.type in ("unicast", "unreachable", "prohibit", "blackhole",
                                                                 "throw") and (r.dev is None or r.dev.admin_up)]


REJECT = ("unreachable", "prohibit")      # fib_flag_trans: RTF_REJECT; blackhole and throw are plain RTF_UP


def _flags(r: Any) -> str:
    flags = "!" if r.type in REJECT else "U"
    if r.gateway is not None:
        flags += "G"
    if r.dst.prefixlen == 32:
        flags += "H"
    return flags


def _names(r: Any, numeric: bool, name: Any) -> tuple[str, str]:
    """The Destination and Gateway columns: numbers with -n; else `default`, a /32's host name or a network's
    /etc/networks name, and the gateway's host name (net-tools' INET_rresolve)."""
    if numeric:
        return str(r.dst.network_address), str(r.gateway or "0.0.0.0")
    dst = "default" if r.dst.prefixlen == 0 else name(r.dst.network_address, r.dst.prefixlen == 32)
    return dst, "0.0.0.0" if r.gateway is None else name(r.gateway, True)


def fib_rc(ctx: "ExecContext") -> int:
    """rprint_fib's exit code: 1 while /proc/net/route is empty (no title line: the netns never made its
    main table, e.g. a new netns with lo down and no address yet), else 0."""
    return 0 if routes_of(ctx.netns).main_made else 1


def routes_ext(ctx: "ExecContext", numeric: bool, ext: int) -> str:
    """rprint_fib's levels: 1 Metric/Ref/Use (route), 2 MSS/Window/irtt (route -e, netstat -r), 3 both
    (route -ee, netstat -ree), more: the title alone."""
    if ext >= 4:
        return ROUTE_HEADER.splitlines(keepends=True)[0]
    return render_routes(ctx, numeric, netstat=ext == 2, wide=ext == 3)


def render_routes(ctx: "ExecContext", numeric: bool, netstat: bool, wide: bool = False) -> str:
    """route -n (-e: netstat's columns, -ee: both, with MSS/Window/irtt after the Iface)."""
    head = NETSTAT_HEADER if netstat else ROUTE_HEADER
    if wide:
        head = head.rstrip("\n") + "    MSS   Window irtt\n"
    out = [head]
    name = None if numeric else route_namer(ctx)
    for r in kernel_routes(ctx.netns):
        dst, gw = _names(r, numeric, name)
        mask = str(r.dst.netmask)
        dev = r.dev.name if r.dev is not None else "*"
        ref = mss = "0"
        if r.type in REJECT:                   # a reject route: no gateway, device, MSS, window or irtt
            gw, ref, dev, mss = "-", "-", "-", "-"
        if netstat:
            out.append(f"{dst[:15]:<15} {gw[:15]:<15} {mask:<15} {_flags(r):<5} {mss:>5} {mss:<6} {mss:>5} {dev}\n")
        elif wide:
            out.append(f"{dst[:15]:<15} {gw[:15]:<15} {mask:<15} {_flags(r):<5} {r.metric:<6} {ref:<2} {0:>7} "
                       f"{dev:<8} {mss:<5} {mss:<6} {mss}\n")
        else:
            out.append(f"{dst[:15]:<15} {gw[:15]:<15} {mask:<15} {_flags(r):<5} {r.metric:<6} {ref:<2} {0:>7} {dev}\n")
    return "".join(out)


USAGE = """Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables
       route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.

       route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.
       route {-V|--version}                  Display version/author and exit.

        -v, --verbose            be verbose
        -n, --numeric            don't resolve names
        -e, --extend             display other/more information
        -F, --fib                display Forwarding Information Base (default)
        -C, --cache              display routing cache instead of FIB

  <AF>=Use -4, -6, '-A <af>' or '--<af>'; default: inet
  List of possible address families (which support routing):
    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) 
    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) 
    ddp (Appletalk DDP) x25 (CCITT X.25) 
"""
# a bad option: the usage goes to stdout without its last lines (the address families), which go to stderr
_SPLIT = USAGE.index("    inet (DARPA Internet)")
BAD_OPTION_STDOUT, BAD_OPTION_STDERR_TAIL = USAGE[:_SPLIT], USAGE[_SPLIT:]
INET_USAGE = """Usage: inet_route [-vF] del {-host|-net} Target[/prefix] [gw Gw] [metric M] [[dev] If]
       inet_route [-vF] add {-host|-net} Target[/prefix] [gw Gw] [metric M]
                              [netmask N] [mss Mss] [window W] [irtt I]
                              [mod] [dyn] [reinstate] [[dev] If]
       inet_route [-vF] add {-host|-net} Target[/prefix] [metric M] reject
       inet_route [-FC] flush      NOT supported
"""


@command("route")
def route(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    numeric = False
    extend = 0
    args = argv[1:]
    while args and args[0].startswith("-") and args[0] not in ("-net", "-host"):
        a = args.pop(0)
        if a in ("-V", "--version"):
            return CommandResult("net-tools 2.10\n+NEW_ADDRT +RTF_IRTT +RTF_REJECT +I18N +SELINUX\nAF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\n"
                                 "HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64\n", "", 0)
        if a in ("--numeric", "--extend", "--verbose", "--fib", "--inet", "-4"):
            numeric |= a == "--numeric"
            extend += a == "--extend"
        elif a == "-A" and args and args[0] == "inet":
            args.pop(0)
        elif not a.startswith("--") and set(a[1:]) <= set("nveF4"):
            numeric |= "n" in a
            extend += a.count("e")
        else:
            bad = a.lstrip("-")[:1]
            return CommandResult(BAD_OPTION_STDOUT, f"route: invalid option -- '{bad}'\n{BAD_OPTION_STDERR_TAIL}", 0)
    if args and args[0] in ("add", "del"):
        return _change(ctx, args[0], args[1:])
    if args:
        return CommandResult("", USAGE, 3)
    return CommandResult(routes_ext(ctx, numeric, extend + 1), "", fib_rc(ctx))


_IP_TO_SIOC = {
    "RTNETLINK answers: File exists": "File exists",
    "Error: Nexthop has invalid gateway.": "Network is unreachable",
    "RTNETLINK answers: No such process": "No such process",
    "RTNETLINK answers: Network is unreachable": "Network is unreachable",
    "Error: FIB table does not exist.": "No such process",         # ESRCH
    "Error: Device for nexthop is not up.": "Network is down",     # ENETDOWN
    "Error: Nexthop device is not up.": "Network is down",         # (IPv6's words)
}


def _change(ctx: "ExecContext", verb: str, args: list[str]) -> CommandResult:
    """`route add|del [-net|-host] TARGET [netmask NM] [gw GW] [metric N] [[dev] IF]` via `ip route`."""
    sioc = "SIOCADDRT" if verb == "add" else "SIOCDELRT"
    kind = None
    if args and args[0] in ("-net", "-host"):
        kind = args.pop(0)[1:]
    if not args:
        return CommandResult(INET_USAGE, "", 0)
    target = args.pop(0)
    netmask = gw = metric = dev = None
    reject = False
    while args:
        word = args.pop(0)
        if word in ("netmask", "gw", "metric", "dev", "mss", "window", "irtt") and args:
            value = args.pop(0)
            if word == "netmask":
                netmask = value
            elif word == "gw":
                gw = value
            elif word == "metric":
                metric = value
            elif word == "dev":
                dev = value
        elif word in ("reject", "mod", "dyn", "reinstate"):
            reject = reject or word == "reject"
        else:
            dev = word
    if target == "default":
        prefix = "0.0.0.0/0"
    else:
        addr_text, slash, plen = target.partition("/")
        ip = parse_ipv4(addr_text)
        if ip is None:
            return CommandResult("", f"{target}: Host name lookup failure\n", 6)
        if slash:
            if not (plen.isdigit() and int(plen) <= 32):
                return CommandResult("", "route: netmask doesn't match route address\n" + INET_USAGE, 3)
            length = int(plen)
        elif netmask is not None:
            mask = parse_ipv4(netmask)
            if mask is None:                    # INET_resolve: a name, looked up as a host
                return CommandResult("", f"{netmask}: Host name lookup failure\n", 6)
            bits = f"{int(mask):032b}"
            if "01" in bits:
                return CommandResult("", f"route: bogus netmask {netmask}\n" + INET_USAGE, 3)
            length = bits.count("1")
            if length == 0 and int(ip):
                return CommandResult("", f"{sioc}: Invalid argument\n", 7)     # the kernel's EINVAL
        elif kind == "net":
            length = -1                        # no netmask for a network: the kernel refuses it
        else:
            length = 32
        if length < 0:
            return CommandResult("", f"{sioc}: Invalid argument\n", 7)
        host_mask = (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF
        if kind != "net" and length != 32:      # inet_setroute: a host route (or no -net) takes no netmask
            return CommandResult("", f"route: netmask {(~host_mask) & 0xFFFFFFFF:08x} doesn't make sense with host "
                                 f"route\n" + INET_USAGE, 3)
        if int(ip) & ~host_mask & 0xFFFFFFFF:
            return CommandResult("", "route: netmask doesn't match route address\n" + INET_USAGE, 3)
        prefix = f"{ipaddress.IPv4Network((int(ip), length), strict=False)}"
    # SIOCADDRT asks for NLM_F_CREATE without EXCL or APPEND: `ip route prepend` (a route differing only in
    # gateway, device, type or proto goes in before the existing one; an identical one is 'File exists')
    how = "prepend" if verb == "add" else verb
    if reject:
        ip_argv = ["ip", "route", how, "unreachable", prefix] + (["metric", metric] if metric is not None else [])
        result = ctx.run_argv(ip_argv, "")
        reason = _IP_TO_SIOC.get(result.stderr.strip().removeprefix("ip: "), "Invalid argument")
        return CommandResult("", "", 0) if result.returncode == 0 else CommandResult("", f"{sioc}: {reason}\n", 7)
    # SIOCDELRT without `reject` asks for a unicast route (rtentry_to_fib_config): an unreachable one stays
    ip_argv = ["ip", "route", how] + (["unicast"] if verb == "del" else []) + [prefix]
    if gw is not None:
        if parse_ipv4(gw) is None:
            return CommandResult("", f"{gw}: Unknown host\n", 6)
        ip_argv += ["via", str(parse_ipv4(gw))]
    if metric is not None:
        ip_argv += ["metric", metric]
    if dev is not None:
        ip_argv += ["dev", dev]
    result = ctx.run_argv(ip_argv, "")
    if result.returncode == 0:
        return CommandResult("", "", 0)
    text = result.stderr.strip().removeprefix("ip: ")          # busybox's ip prefixes its errors
    if text.startswith(("Cannot find device", "can't find device")):
        reason = "No such device"
    else:
        reason = _IP_TO_SIOC.get(text, "Invalid argument")
    return CommandResult("", f"{sioc}: {reason}\n", 7)
