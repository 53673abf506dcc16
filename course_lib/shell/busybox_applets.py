"""BusyBox applets in busybox/alpine containers: which commands answer the BusyBox way, and their error texts.

A machine whose `userland` is "busybox" (docker/images.py) runs these instead of the GNU/iproute2 ones:
`ip` (nettools/busybox_ip.py), `ifconfig` (nettools/busybox_ifconfig.py), `nc` (nettools/busybox_nc.py),
`ps`, `hostname`, `arp`, `traceroute`, `route` and `netstat`
(net-tools' answers in BusyBox's columns and words), and the file applets'
errors (`cat: can't open 'X': No such file or directory`, `ls: X: No such file or directory` rc 1,
`rm: can't remove 'X': ...`, `mkdir: can't create directory 'X': ...`). ash's own errors come from
`sh_not_found`: `sh: NAME: not found` (rc 127), also for a program the image does not have.
`install()` wraps the registered commands; it runs when the registry loads this module (last).
"""
from __future__ import annotations

import re
from typing import Any, Callable, Optional

from course_lib.result import CommandResult

BANNERS = {"1.28": "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.",
           "1.36": "BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary."}
# ash's builtins (never looked up in $PATH, so present whatever the image holds)
ASH_BUILTINS = frozenset((". : [ [[ alias bg break cd chdir command continue echo eval exec exit export false fg "
                          "getopts hash help history jobs kill let local printf pwd read readonly return set "
                          "shift source test times trap true type ulimit umask unalias unset wait").split())


def is_busybox(ctx: Any) -> bool:
    return getattr(getattr(ctx, "machine", None), "userland", "debian") == "busybox"


def banner(ctx: Any = None) -> str:
    tools = getattr(getattr(ctx, "machine", None), "tools", None)
    return BANNERS.get(getattr(tools, "busybox", "") or "1.36", BANNERS["1.36"])


def sh_not_found(ctx: Any, name: str) -> Optional[CommandResult]:
    """ash's answer for a command it cannot run, or None when the name is fine (or not a busybox box)."""
    if not is_busybox(ctx):
        return None
    tools = getattr(ctx.machine, "tools", None)
    base = name.rsplit("/", 1)[-1]
    if tools is None or base in tools or base in ASH_BUILTINS:
        return None
    return not_found(name)


def not_found(name: str) -> CommandResult:
    return CommandResult("", f"sh: {name}: not found\n", 127)


# -- file applets' errors: the same file system, BusyBox's words -------------------------------
_GNU_CANNOT = re.compile(r"^(\w+): (?:cannot access |cannot remove |cannot create directory )?"
                         r"['‘]?(.*?)['’]?: (.+)$")
_BB_TEMPLATES = {"cat": "cat: can't open '{path}': {why}", "ls": "ls: {path}: {why}",
                 "rm": "rm: can't remove '{path}': {why}", "mkdir": "mkdir: can't create directory '{path}': {why}"}


def _rewrite_errors(prog: str, result: CommandResult) -> CommandResult:
    if not result.stderr:
        return result
    lines = []
    for line in result.stderr.splitlines():
        match = _GNU_CANNOT.match(line)
        if match and match.group(1) == prog:
            path, why = match.group(2), match.group(3)
            if prog == "cat" and why == "Is a directory":
                lines.append("cat: read error: Is a directory")
            else:
                lines.append(_BB_TEMPLATES[prog].format(path=path, why=why))
        elif line.startswith(("Try '", "Try `")):
            continue
        else:
            lines.append(line)
    rc = 1 if result.returncode else 0
    return CommandResult(result.stdout, "".join(line + "\n" for line in lines), rc)


def _ps(ctx: Any, argv: list[str]) -> CommandResult:
    """BusyBox ps (FEATURE_PS_TIME): `PID   USER     TIME  COMMAND`, the container's processes."""
    procs = []
    for proc in getattr(ctx.machine, "processes", []) or []:
        pid = getattr(proc, "pid", None)
        if isinstance(pid, int):
            procs.append((pid, str(getattr(proc, "cmdline", "") or getattr(proc, "name", ""))))
    if not any(pid == 1 for pid, _ in procs):
        procs.append((1, _init_cmdline(ctx.machine)))
    procs.append((max(pid for pid, _ in procs) + 6, " ".join(["ps"] + argv[1:])))   # an exec'd process
    out = ["PID   USER     TIME  COMMAND\n"]
    out += [f"{pid:5} {'root':<8} {'0:00':>5} {cmd}\n" for pid, cmd in sorted(procs)]
    return CommandResult("".join(out), "", 0)


ROUTE_USAGE = """
Usage: route [-ne] [-A inet[6]] [{add|del} [-net|-host] TARGET [netmask MASK]
\t[gw GATEWAY] [metric N] [mss BYTES] [window BYTES] [reject] [IFACE]]

Show or edit kernel routing tables

\t-n\tDon't resolve names
\t-e\tDisplay other/more information
\t-A inet[6]\tSelect address family
"""


def _route(ctx: Any, argv: list[str], stdin: str, original: Callable) -> CommandResult:
    """net-tools' route on the same tables; BusyBox prints `*` for no gateway and `route: SIOC...` (rc 1)."""
    opts = [a for a in argv[1:] if a.startswith("-") and a not in ("-net", "-host")]
    if any(o.lstrip("-").strip("ne") or o in ("--", "-") for o in opts if o not in ("-A", "-4", "-6")):
        return CommandResult("", banner(ctx) + "\n" + ROUTE_USAGE, 1)
    words = [a for a in argv[1:] if not a.startswith("-")]
    if words and words[0] not in ("add", "del", "delete", "inet", "inet6"):
        return CommandResult("", banner(ctx) + "\n" + ROUTE_USAGE, 1)
    result = original(ctx, argv, stdin)
    if result.returncode:
        first = result.stderr.split("\n", 1)[0]
        return CommandResult("", f"route: {first}\n" if first.startswith("SIOC") else result.stderr, 1)
    if "-n" in "".join(opts) or not result.stdout:
        return result
    lines = result.stdout.split("\n")
    for i, line in enumerate(lines[2:], 2):
        if line[16:32] == "0.0.0.0         ":
            lines[i] = line[:16] + "*               " + line[32:]
    return CommandResult("\n".join(lines), "", 0)


NETSTAT_USAGE = """
Usage: netstat [-ral] [-tuwx] [-enWp]

Display networking information

\t-r\tRouting table
\t-a\tAll sockets
\t-l\tListening sockets
\t\tElse: connected sockets
\t-t\tTCP sockets
\t-u\tUDP sockets
\t-w\tRaw sockets
\t-x\tUnix sockets
\t\tElse: all socket types
\t-e\tOther/more information
\t-n\tDon't resolve names
\t-W\tWide display
\t-p\tShow PID/program name for sockets
"""


def _netstat(ctx: Any, argv: list[str], stdin: str, original: Callable) -> CommandResult:
    """net-tools' netstat on the same sockets, in BusyBox's columns: `State` 12 wide, `tcp` for tcp6 too,
    `I-Node Path`, `*` for no gateway in `-r`; its own options only (getopt32 "laentuwxrWp")."""
    for arg in argv[1:]:
        bad = next((c for c in arg[1:] if c not in "laentuwxrWp"), None) if arg.startswith("-") else arg[:1]
        if bad:
            text = f"netstat: invalid option -- '{bad}'\n" if arg.startswith("-") else ""
            return CommandResult("", text + banner(ctx) + "\n" + NETSTAT_USAGE, 1)
    result = original(ctx, argv, stdin)
    if result.returncode:
        return result
    flags = "".join(a[1:] for a in argv[1:])
    lines = result.stdout.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("Proto Recv-Q Send-Q"):
            lines[i] = line[:line.index("State")] + "State       " + ("PID/Program name    " if "p" in flags else "")
        elif line.startswith("Proto RefCnt"):
            lines[i] = line.replace("I-Node   Path", "I-Node Path")
        elif line[:4] in ("tcp ", "udp ", "raw ", "tcp6", "udp6", "raw6") and len(line) >= 68:
            state, prg = line[68:79].rstrip(), line[79:].strip()
            lines[i] = f"{line[:3]:<5}{line[5:68]}{state:<12}{prg}"
        elif "r" in flags and "n" not in flags and line[16:32] == "0.0.0.0         ":
            lines[i] = line[:16] + "*               " + line[32:]
    return CommandResult("\n".join(lines), result.stderr, 0)


HOSTNAME_USAGE = """
Usage: hostname [-sidf] [HOSTNAME | -F FILE]

Show or set hostname or DNS domain name

\t-s\tShort
\t-i\tAddresses for the hostname
\t-d\tDNS domain name
\t-f\tFully qualified domain name
\t-F FILE\tUse FILE's content as hostname
"""


def _hostname(ctx: Any, argv: list[str], stdin: str, original: Callable) -> CommandResult:
    """The hostname answers, BusyBox's options: -d prints nothing without a domain (puts only if a dot);
    setting (HOSTNAME, extra operands ignored, or -F FILE) is sethostname(), EPERM in a container."""
    for arg in argv[1:]:
        bad = next((c for c in arg[1:] if c not in "sidfF"), None) if arg.startswith("-") else None
        if bad:
            return CommandResult("", f"hostname: invalid option -- '{bad}'\n" + banner(ctx) + "\n" + HOSTNAME_USAGE, 1)
    flags = "".join(a[1:] for a in argv[1:] if a.startswith("-") and a != "-")
    operands = [a for a in argv[1:] if not a.startswith("-") or a == "-"]
    if not set(flags) & set("dfis") and (operands or "F" in flags):
        return _sethostname(ctx, argv, stdin, original, operands)
    result = original(ctx, argv, stdin)
    if result.returncode and any(a.startswith("-") and "i" in a for a in argv[1:]):
        name = getattr(ctx.machine, "hostname", "") or "localhost"      # xgethostbyname's h_errno text
        return CommandResult("", f"hostname: {name}: Host name lookup failure\n", 1)
    if result.returncode == 0 and result.stdout == "\n":
        return CommandResult("", result.stderr, 0)
    return result


def _sethostname(ctx: Any, argv: list[str], stdin: str, original: Callable, operands: list[str]) -> CommandResult:
    """do_sethostname(): -F reads the file's first non-comment line (xfopen's `can't open`), then
    sethostname(), whose EPERM is `hostname: sethostname: Operation not permitted`."""
    if "-F" in argv[1:]:
        path = argv[argv.index("-F") + 1] if argv.index("-F") + 1 < len(argv) else ""
        from course_lib.shell.fs import FsError
        from course_lib.shell.fs_view import View
        try:
            text = View(ctx).read(path)
        except FsError as exc:
            return CommandResult("", f"hostname: can't open '{path}': {exc.strerror}\n", 1)
        names = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
        operands = names[:1] or [""]
    from course_lib.docker.hostops import may_set_hostname
    if not may_set_hostname(ctx.machine):
        return CommandResult("", "hostname: sethostname: Operation not permitted\n", 1)
    from course_lib.shell.ip.main import current_stack
    current_stack(ctx).set_hostname(operands[0])        # no check of the name: the kernel takes any 64 bytes
    return CommandResult("", "", 0)


def _arp(ctx: Any, argv: list[str], stdin: str, original: Callable) -> CommandResult:
    """net-tools' arp on the same table; BusyBox always lists BSD style (`? (IP) at MAC [ether] on DEV`),
    prints `<incomplete>  on` and fails a delete with `arp: SIOCDARP(pub): ...` (rc 1)."""
    args = argv[1:]
    if not any(a.startswith("-") and set(a[1:]) & set("dsH") for a in args) and "-a" not in args:
        args = ["-a"] + args
    result = original(ctx, [argv[0]] + args, stdin)
    if result.returncode:
        if (result.stderr + result.stdout).startswith("No ARP entry for "):
            return CommandResult("", "arp: SIOCDARP(pub): No such file or directory\n", 1)
        return CommandResult(result.stdout, result.stderr, 1)
    if re.fullmatch(r"\S+ \(\S+\) -- no entry\n", result.stdout):         # a HOST filter that matched nothing
        from course_lib.shell.ip.main import current_stack
        entries = sum(1 for n in current_stack(ctx).neighbours() if n.family == 4)
        return CommandResult(f"No match found in {entries} entries\n", result.stderr, 0)
    return CommandResult(result.stdout.replace(" at <incomplete> on ", " at <incomplete>  on "), result.stderr, 0)


TRACEROUTE_USAGE = """
Usage: traceroute [-46FIlnrv] [-f 1ST_TTL] [-m MAXTTL] [-q PROBES] [-p PORT]
\t[-t TOS] [-w WAIT_SEC] [-s SRC_IP] [-i IFACE]
\t[-z PAUSE_MSEC] HOST [BYTES]

Trace the route to HOST

\t-4,-6\tForce IP or IPv6 name resolution
\t-F\tSet don't fragment bit
\t-I\tUse ICMP ECHO instead of UDP datagrams
\t-l\tDisplay TTL value of the returned packet
\t-n\tPrint numeric addresses
\t-r\tBypass routing tables, send directly to HOST
\t-v\tVerbose
\t-f N\tFirst number of hops (default 1)
\t-m N\tMax number of hops
\t-q N\tNumber of probes per hop (default 3)
\t-p N\tBase UDP port number used in probes
\t\t(default 33434)
\t-s IP\tSource address
\t-i IFACE Source interface
\t-t N\tType-of-service in probe packets (default 0)
\t-w SEC\tWait for a response (default 3)
\t-z MSEC\tWait before each send
"""


def _traceroute(ctx: Any, argv: list[str], stdin: str, original: Callable) -> CommandResult:
    """The same probes; BusyBox's 46-byte default packets (HOST [BYTES]), its options and texts."""
    from course_lib.shell.busybox_getopt import getopt32, usage
    found = getopt32(ctx, argv, "46FIlnrvf:m:q:p:t:w:s:i:z:", TRACEROUTE_USAGE, numeric_after="tmpqwzf",
                     operands=(1, 1 << 30))
    if isinstance(found, CommandResult):
        return found
    operands = found.operands
    if len(operands) > 2:
        return usage(ctx, TRACEROUTE_USAGE)
    from course_lib.http.client import resolve
    if resolve(ctx, operands[0]) is None:
        return CommandResult("", f"traceroute: bad address '{operands[0]}'\n", 1)
    result = original(ctx, argv + ([] if len(operands) == 2 else ["46"]), stdin)
    return CommandResult(result.stdout, result.stderr, 1 if result.returncode else 0)


def _time(ctx: Any, argv: list[str], stdin: str, original: Callable) -> CommandResult:
    """BusyBox time (ash has no time keyword): `real\t0m 2.00s` in model time, after the command's own
    output; a failure first says `Command exited with non-zero status N`; exit status the command's."""
    args = argv[1:]
    while args and args[0] in ("-v", "-p", "-a", "--"):
        args = args[1:]
    if not args:
        return CommandResult("", banner(ctx) + "\n\nUsage: time [-vpa] [-o FILE] PROG ARGS\n\n"
                             "Run PROG, display resource usage when it exits\n\n\t-v\tVerbose\n"
                             "\t-p\tPOSIX output format\n\t-f FMT\tCustom format\n"
                             "\t-o FILE\tWrite result to FILE\n\t-a\tAppend (else overwrite)\n", 1)
    from course_lib.shell.coreutils_sys import model_clock
    from course_lib.shell.interpreter import run_argv
    started = model_clock(ctx)
    result = run_argv(ctx, args, stdin)
    err = result.stderr
    if result.returncode == 127 and err.endswith(("not found\n", "No such file or directory\n")):
        err = f"time: can't execute '{args[0]}': No such file or directory\n"
    if result.returncode:
        err += f"Command exited with non-zero status {result.returncode}\n"
    minutes, seconds = divmod(max(0.0, model_clock(ctx) - started), 60)
    err += f"real\t{int(minutes)}m {seconds:.2f}s\nuser\t0m 0.00s\nsys\t0m 0.00s\n"
    return CommandResult(result.stdout, err, result.returncode)


def _init_cmdline(box: Any) -> str:
    """PID 1 of a Docker container: its command (a pod's box has none known here: `sh`)."""
    engine = getattr(getattr(box, "owner_machine", None), "docker_engine", None)
    for container in getattr(engine, "containers", {}).values():
        if container.box is box and container.argv:
            return " ".join(container.argv)
    return "sh"


def _variants() -> dict[str, Callable[[Any, list[str], str, Callable], CommandResult]]:
    from course_lib.shell import busybox_coreutils
    from course_lib.shell.nettools import busybox_ifconfig, busybox_ip, busybox_nc
    files = {prog: (lambda prog: lambda ctx, argv, stdin, original:
                    _rewrite_errors(prog, original(ctx, argv, stdin)))(prog) for prog in _BB_TEMPLATES}
    return {"ip": lambda ctx, argv, stdin, original: busybox_ip.busybox_ip(ctx, argv),
            "ifconfig": lambda ctx, argv, stdin, original: busybox_ifconfig.ifconfig(ctx, argv),
            "ps": lambda ctx, argv, stdin, original: _ps(ctx, argv), "route": _route,
            "netstat": _netstat, "nc": lambda ctx, argv, stdin, original: busybox_nc.nc(ctx, argv, stdin),
            "hostname": _hostname, "arp": _arp, "traceroute": _traceroute, "time": _time, **files,
            **busybox_coreutils.VARIANTS}


def _wrap(name: str, original: Optional[Callable], variant: Callable) -> Callable:
    def run(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
        if is_busybox(ctx):
            return variant(ctx, argv, stdin, original)
        if original is None:
            return CommandResult("", f"bash: {argv[0]}: command not found\n", 127)
        return original(ctx, argv, stdin)
    run.__name__ = f"busybox_or_{name}"
    return run


_OWN: dict[str, Callable] = {}        # applets with no GNU counterpart here (ifconfig, nc): busybox boxes only


def own_applet(name: str) -> Optional[Callable]:
    """The implementation of an applet only busybox images have (resolve() asks, after PATH and registry)."""
    return _OWN.get(name)


def install() -> None:
    from course_lib.shell import registry
    from course_lib.shell.nettools import nc_openbsd  # noqa: F401 - registers netcat-openbsd's nc, wrapped below
    for name, variant in _variants().items():
        original = registry.common(name)        # never the real backend's binary, whichever backend loads this
        if getattr(original, "__name__", "").startswith("busybox_or_"):
            continue
        if original is None:                  # not registered: `which ifconfig` stays empty on Debian hosts
            _OWN[name] = _wrap(name, None, variant)
            continue
        registry.command(name)(_wrap(name, original, variant))


install()
