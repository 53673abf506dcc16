"""`ipvsadm` (1.31): list, save and edit the IPVS table of the netns (course_lib.net.ipvs), in ipvsadm's formats.

-L/-l [-n] [--stats|--rate] [-c] [-t|-u VIP:PORT], --timeout, -S [-n], -A/-E/-D service, -a/-e/-d real
server (-r RIP:PORT, -m/-g/-i, -w WEIGHT), -C, -Z. Listing order is libipvs's (qsort with a comparator
that subtracts addresses as 32-bit ints); widths are print_service_entry's (%-33s, `  -> %-28s`).
"""
from __future__ import annotations

import ipaddress
from typing import Any, Optional

from course_lib.net import ipvs as V
from course_lib.net.netfilter.netdb import service_name
from course_lib.result import CommandResult
from course_lib.shell.registry import command

FWD_SWITCH = {"Masq": "-m", "Route": "-g", "Tunnel": "-i"}
LONG = {"--list": "-L", "--numeric": "-n", "--connection": "-c", "--tcp-service": "-t", "--udp-service": "-u",
        "--add-service": "-A", "--edit-service": "-E", "--delete-service": "-D", "--add-server": "-a",
        "--edit-server": "-e", "--delete-server": "-d", "--clear": "-C", "--zero": "-Z", "--save": "-S",
        "--scheduler": "-s", "--persistent": "-p", "--real-server": "-r", "--masquerading": "-m",
        "--gatewaying": "-g", "--ipip": "-i", "--weight": "-w", "--netmask": "-M"}
COMMANDS = "LlAEDaedCZS"


class Usage(Exception):
    def __init__(self, message: str, rc: int = 2) -> None:
        super().__init__(message)
        self.message, self.rc = message, rc


def _split(argv: list[str]) -> list[str]:
    """popt-style: bundled short options (-Lnc) split, long options mapped to short ones."""
    out: list[str] = []
    for a in argv:
        if a.startswith("--"):
            name, eq, val = a.partition("=")
            out.append(LONG.get(name, name))
            if eq:
                out.append(val)
        elif a.startswith("-") and len(a) > 2 and a[1] not in "tursMpw":
            out += [f"-{c}" for c in a[1:]]
        elif a.startswith("-") and len(a) > 2:
            out += [a[:2], a[2:]]
        else:
            out.append(a)
    return out


def _addrport(text: str) -> tuple[ipaddress.IPv4Address, int]:
    host, _, port = text.rpartition(":")
    if not host:
        host, port = text, "0"
    try:
        ip = ipaddress.IPv4Address(host)
    except ValueError:
        raise Usage(f"illegal virtual server address[:port] specified") from None
    if not port.isdigit() or int(port) > 65535:
        raise Usage("illegal virtual server address[:port] specified")
    return ip, int(port)


HOSTS: dict[str, Any] = {}                       # the running command's /etc/hosts (gethostbyaddr, files)


def _name(ip: Any, port: int, proto: str, numeric: bool) -> str:
    """addrport_to_anyname: without -n, the host's name (from /etc/hosts here) and the service's."""
    if numeric:
        return f"{ip}:{port}"
    hosts = HOSTS.get("file")
    entry = hosts.by_address(ip) if hosts is not None else None
    return f"{entry.name if entry is not None else ip}:{service_name(port, proto.lower()) or port}"


def _largenum(i: int) -> str:
    if i < 100000000:
        return f"{i:9d}"
    if i < 1000000000:
        return f"{i // 1000:8d}K"
    return f"{i // 1000000:8d}M"


def _service_lines(table: V.IpvsTable, svc: V.VirtualService, fmt: set[str], now: float) -> list[str]:
    numeric = "n" in fmt
    vname = _name(svc.ip, svc.port, svc.protocol, numeric)
    if "rule" in fmt:
        flag = {"TCP": "-t", "UDP": "-u"}.get(svc.protocol, "--sctp-service")
        line = f"-A {flag} {vname} -s {svc.scheduler}" + (f" -p {svc.persistent}" if svc.persistent else "")
        lines = [line]
        for d in V.sort_dests(svc.dests):
            lines.append(f"-a {flag} {vname} -r {_name(d.ip, d.port, svc.protocol, numeric)} "
                         f"{FWD_SWITCH[d.forward]} -w {d.weight}")
        return lines
    head = f"{svc.protocol}  {vname}"[:33]
    if "stats" in fmt or "rate" in fmt:
        nums = svc.stats() if "stats" in fmt else (0, 0, 0, 0, 0)
        lines = [f"{head:<33}" + "".join(_largenum(n) for n in nums)]
    else:
        line = f"{head} {svc.scheduler}"
        if svc.persistent:
            line += f" persistent {svc.persistent}"
            if svc.netmask != ipaddress.IPv4Address("255.255.255.255"):
                line += f" mask {svc.netmask}"
        lines = [line]
    for d in V.sort_dests(svc.dests):
        dname = _name(d.ip, d.port, svc.protocol, numeric)[:28]
        if "stats" in fmt:
            nums = (d.conns, d.inpkts, d.outpkts, d.inbytes, d.outbytes)
            lines.append(f"  -> {dname:<28}" + "".join(_largenum(n) for n in nums))
        elif "rate" in fmt:
            lines.append(f"  -> {dname:<28} {0:8d} {0:8d} {0:8d}" + _largenum(0) + _largenum(0))
        else:
            active, inactive = table.counts(d, now)
            lines.append(f"  -> {dname:<28} {d.forward:<7} {d.weight:<6d} {active:<10d} {inactive:<10d}")
    return lines


def _title(fmt: set[str]) -> list[str]:
    if "stats" in fmt:
        return [f"{'Prot LocalAddress:Port':<33} {'Conns':>8} {'InPkts':>8} {'OutPkts':>8} {'InBytes':>8} "
                f"{'OutBytes':>8}", "  -> RemoteAddress:Port"]
    if "rate" in fmt:
        return [f"{'Prot LocalAddress:Port':<33} {'CPS':>8} {'InPPS':>8} {'OutPPS':>8} {'InBPS':>8} {'OutBPS':>8}",
                "  -> RemoteAddress:Port"]
    return ["Prot LocalAddress:Port Scheduler Flags",
            "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn"]


def _connections(table: V.IpvsTable, now: float, numeric: bool) -> str:
    lines = ["IPVS connection entries", f"pro expire {'state':<11} {'source':<18} {'virtual':<18} destination"]
    for c in table.connections(now):
        left = max(0, int(c.expires - now))
        proto = "IP" if c.template else c.protocol
        src = _name(c.client[0], c.client[1], c.protocol, numeric)
        virt = _name(c.virtual[0], c.virtual[1], c.protocol, numeric)
        dst = _name(c.dest.ip, c.dest.port, c.protocol, numeric)
        lines.append(f"{proto:<3} {left // 60:02d}:{left % 60:02d} {c.state:<11} {src:<18} {virt:<18} {dst:<18}")
    return "\n".join(lines) + "\n"


@command("ipvsadm")
def ipvsadm(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    try:
        from course_lib.dns.resolver import load_hosts
        HOSTS["file"] = load_hosts(ctx)
    except Exception:          # no readable /etc/hosts: addresses stay numeric
        HOSTS["file"] = None
    try:
        return _run(ctx, _split(argv[1:]))
    except Usage as e:
        return CommandResult("", e.message + "\n", e.rc)
    finally:
        HOSTS.clear()


def _run(ctx: Any, args: list[str]) -> CommandResult:
    table = V.ipvs_of(ctx.netns)
    now = V._now(ctx.netns)
    cmd: Optional[str] = None
    fmt: set[str] = set()
    opts: dict[str, Any] = {}
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if len(a) == 2 and a[0] == "-" and a[1] in COMMANDS:
            letter = "L" if a[1] == "l" else a[1]
            if cmd is not None and cmd != letter:
                raise Usage("ipvsadm: multiple commands specified")
            cmd = letter
        elif a == "-n":
            fmt.add("n")
        elif a == "-c":
            fmt.add("c")
        elif a in ("--stats", "--rate", "--timeout", "--exact", "--sort"):
            fmt.add(a[2:])
        elif a == "--set":                       # --set tcp tcpfin udp (0 keeps a value)
            values = args[i:i + 3]
            if len(values) < 3 or not all(v.isdigit() for v in values):
                raise Usage("ipvsadm: --set requires 3 timeout values", 2)
            table.timeouts = tuple(int(v) or old for v, old in zip(values, table.timeouts))  # type: ignore
            return CommandResult()
        elif a in ("-t", "-u", "-r", "-s", "-w", "-M"):
            if i >= len(args):
                raise Usage(f"ipvsadm: option requires an argument -- '{a[1]}'")
            opts[a] = args[i]
            i += 1
        elif a == "-p":
            opts["-p"] = args[i] if i < len(args) and args[i].isdigit() else "300"
            i += 1 if i < len(args) and args[i].isdigit() else 0
        elif a in ("-m", "-g", "-i"):
            opts["fwd"] = {"-m": "Masq", "-g": "Route", "-i": "Tunnel"}[a]
        else:
            raise Usage(f"ipvsadm: invalid option -- '{a.lstrip('-')[:1] or a}'\n"
                        "Try `ipvsadm -h' or 'ipvsadm --help' for more information.")
    if cmd is None and "timeout" in fmt:
        return CommandResult("Timeout (tcp tcpfin udp): %d %d %d\n" % table.timeouts)
    if cmd in (None, "L", "S"):
        return _list(table, cmd or "L", fmt, opts, now)
    return _edit(table, cmd, opts)


def _selected(table: V.IpvsTable, opts: dict[str, Any]) -> Optional[tuple[str, Any, int]]:
    for flag, proto in (("-t", "TCP"), ("-u", "UDP")):
        if flag in opts:
            ip, port = _addrport(opts[flag])
            return proto, ip, port
    return None


def _list(table: V.IpvsTable, cmd: str, fmt: set[str], opts: dict[str, Any], now: float) -> CommandResult:
    table.reap(now)
    if cmd == "S":
        fmt.add("rule")
    if "c" in fmt and cmd == "L":
        return CommandResult(_connections(table, now, "n" in fmt))
    if "timeout" in fmt:
        return CommandResult("Timeout (tcp tcpfin udp): %d %d %d\n" % table.timeouts)
    sel = _selected(table, opts)
    if sel is not None:
        svc = table.get(*sel)
        if svc is None:
            return CommandResult("", "No such service\n", 1)
        lines = ([] if "rule" in fmt else _title(fmt)) + _service_lines(table, svc, fmt, now)
        return CommandResult("\n".join(lines) + "\n")
    lines = [] if "rule" in fmt else [f"IP Virtual Server version {V.VERSION} (size={V.TABLE_SIZE})"] + _title(fmt)
    for svc in V.sort_services(list(table.services.values())):
        lines += _service_lines(table, svc, fmt, now)
    return CommandResult("\n".join(lines) + "\n" if lines else "")


def _edit(table: V.IpvsTable, cmd: str, opts: dict[str, Any]) -> CommandResult:
    if cmd == "C":
        table.clear()
        return CommandResult()
    if cmd == "Z":
        for svc in table.services.values():
            for d in svc.dests:
                d.conns = d.inpkts = d.outpkts = d.inbytes = d.outbytes = 0
        return CommandResult()
    sel = _selected(table, opts)
    if sel is None:
        raise Usage("ipvsadm: service not specified", 2)
    svc = table.get(*sel)
    sched = opts.get("-s", "wlc")
    if sched not in V.SCHEDULERS:
        return CommandResult("", "Scheduler not found: ip_vs_" + sched + ".ko\n", 255)
    if cmd == "A":
        if svc is not None:
            return CommandResult("", "Service already exists\n", 255)
        svc = table.add_service(V.VirtualService(sel[0], sel[1], sel[2], sched, int(opts.get("-p", 0))))
        return CommandResult()
    if svc is None:
        return CommandResult("", ("No such service" if cmd in "ED" else "Service not defined") + "\n", 255)
    if cmd == "E":
        svc.scheduler, svc.persistent = sched, int(opts.get("-p", 0))
        return CommandResult()
    if cmd == "D":
        table.delete_service(svc)
        return CommandResult()
    if "-r" not in opts:
        raise Usage("ipvsadm: No real server specified", 2)
    ip, port = _addrport(opts["-r"])
    port = port or svc.port
    dest = svc.find(ip, port)
    weight = opts.get("-w", "1")
    if not weight.isdigit():
        raise Usage("illegal weight specified", 2)
    if cmd == "a":
        if dest is not None:
            return CommandResult("", "Destination already exists\n", 255)
        table.add_dest(svc, V.RealServer(ip, port, int(weight), opts.get("fwd", "Route")))
    elif dest is None:
        return CommandResult("", "No such destination\n", 255)
    elif cmd == "e":
        dest.weight = int(weight)
        dest.forward = opts.get("fwd", dest.forward)
    else:
        table.delete_dest(svc, dest)
    return CommandResult()
