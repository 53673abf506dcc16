"""The `ip` command: global options, object dispatch by abbreviation, -batch, and error exits."""
from __future__ import annotations

import shlex
from typing import Callable, Optional

from course_lib.result import CommandError, CommandResult
from course_lib.shell.ip import fast
from course_lib.shell.ip.netns import exec_simple
from course_lib.shell.ip.options import Args, IpOptions, colour_when, invarg, matches, usage
from course_lib.shell.registry import command

VERSION = "ip utility, iproute2-6.1.0, libbpf 1.1.2"


class IpRun:
    """One `ip` invocation: context, options, the NetStack in use and the output so far."""

    def __init__(self, ctx, opts: IpOptions, stack) -> None:
        self.ctx = ctx
        self.opts = opts
        self.stack = stack
        self.out: list[str] = []
        self.err: list[str] = []
        self.stdin = ""

    def write(self, text: str) -> None:
        self.out.append(text)

    def warn(self, text: str) -> None:
        self.err.append(text)


def current_stack(ctx):
    """The NetStack for the context's netns (made fresh on the sim if the context moved)."""
    stack = ctx.stack
    if ctx.backend == "sim" and (stack is None or getattr(stack, "netns", None) is not ctx.netns):
        from course_lib.backends.sim_stack import SimStack
        stack = SimStack(ctx.netns)
    if stack is None:
        raise CommandError("ip: no network stack in this context", 1)
    return stack


_OBJECTS: list = []


_EXACT_OBJECTS: dict[str, Callable] = {}     # filled on first use by _exact_objects()


def _exact_objects() -> dict[str, Callable]:
    """Full object names and their usual short forms that resolve without the matches() scan."""
    if not _EXACT_OBJECTS:
        table = dict(_objects())
        for name in ("address", "route", "link", "netns", "neighbor", "neighbour", "rule"):
            _EXACT_OBJECTS[name] = table[name]
        _EXACT_OBJECTS.update({"addr": table["address"], "a": table["address"], "r": table["route"],
                               "n": table["neighbor"], "neigh": table["neighbor"], "l": table["link"]})
    return _EXACT_OBJECTS


def _objects() -> list[tuple[str, Optional[Callable]]]:
    if not _OBJECTS:
        _OBJECTS.extend(_object_table())
    return _OBJECTS


def _object_table() -> list[tuple[str, Optional[Callable]]]:
    from course_lib.shell.ip import addr, link, maddr, neigh, netns, route, rule
    return [("address", addr.do_address), ("addrlabel", None), ("maddress", maddr.do_maddr), ("route", route.do_route),
            ("rule", rule.do_rule), ("neighbor", neigh.do_neigh), ("neighbour", neigh.do_neigh),
            ("ntable", None), ("ntbl", None), ("link", link.do_link), ("l2tp", None), ("fou", None),
            ("ila", None), ("macsec", None), ("tunnel", None), ("tunl", None), ("tuntap", None), ("tap", None),
            ("token", None), ("tcpmetrics", None), ("tcp_metrics", None), ("monitor", None), ("xfrm", None),
            ("mroute", None), ("mrule", None), ("netns", netns.do_netns), ("netconf", None), ("vrf", _vrf),
            ("sr", None), ("nexthop", None), ("mptcp", None), ("ioam", None), ("help", None), ("stats", None)]


def _vrf(run: IpRun, args: Args) -> None:
    """`ip vrf [show]`: no VRF device exists in the model (the course makes none)."""
    if not args.more() or matches(args.peek(), "show") or matches(args.peek(), "list"):
        run.write("Name              Table\n-----------------------\nNo VRF has been configured\n")


def do_cmd(run: IpRun, argv: list[str]) -> None:
    """Dispatch `OBJECT ARGS...` like ip.c's do_cmd (first object the word abbreviates)."""
    word = argv[0]
    exact = (_EXACT_OBJECTS or _exact_objects()).get(word)
    if exact is not None:
        exact(run, Args(argv[1:]))
        return
    for name, fn in _objects():
        if matches(word, name):
            if name == "help":
                raise usage("ip")
            if fn is None:
                return          # objects the course does not use: nothing to show
            fn(run, Args(argv[1:]))
            return
    raise CommandError(f'Object "{word}" is unknown, try "ip help".', 1)


# ip.c main()'s option chain, in its order: (names matches() tries, action). The first entry whose
# name the option abbreviates wins, so every prefix of every name is resolved once, into _OPTION_ACTION.
_OPTION_CHAIN: list[tuple[tuple[str, ...], str]] = [
    (("-loops",), "skip"), (("-family",), "family"), (("=-4",), "4"), (("=-6",), "6"), (("=-0",), "0"),
    (("=-M", "=-B"), "MB"), (("-human", "-human-readable"), "human"), (("-iec",), "iec"), (("-stats", "-statistics"), "stats"),
    (("-details",), "details"), (("-resolve",), "pass"), (("-oneline",), "oneline"),
    (("-timestamp", "-tshort"), "pass"), (("-Version",), "version"), (("-force",), "force"),
    (("-batch",), "batch"), (("-brief",), "brief"), (("-json",), "json"), (("-pretty",), "pretty"),
    (("-rcvbuf",), "skip_or_usage"), (("-color",), "colour"), (("-help",), "help"),
    (("-netns",), "netns"), (("-Numeric",), "numeric"), (("-all",), "all"), (("=-echo",), "pass"),
]


def _option_actions() -> dict[str, str]:
    table: dict[str, str] = {}
    for names, action in _OPTION_CHAIN:
        for name in names:
            if name.startswith("="):                 # compared whole (opt == NAME)
                table.setdefault(name[1:], action)
            else:                                    # matches(opt, NAME): any non-empty prefix
                for end in range(1, len(name) + 1):
                    table.setdefault(name[:end], action)
    return table


_OPTION_ACTION = _option_actions()
_OPTION_DEFAULTS = dict(vars(IpOptions()))


def _new_options() -> IpOptions:
    """IpOptions() with every default, made by copying them (cheaper than the dataclass __init__)."""
    opts = object.__new__(IpOptions)
    opts.__dict__.update(_OPTION_DEFAULTS)
    return opts
_FAMILIES = {"inet": 4, "inet6": 6, "link": 0, "bridge": 7, "mpls": 28}


def parse_global(argv: list[str], switch: Optional[Callable[[str], None]] = None) -> tuple[IpOptions, list[str]]:
    """ip.c main(): options until the first word without a dash. `-n NAME` switches at once (netns_switch):
    `switch(NAME)` raises when it is missing, before any later option is read."""
    opts = _new_options()
    if argv and argv[0][:1] != "-":                 # no option: the usual `ip OBJECT ...`
        return opts, argv
    i = 0
    n = len(argv)
    while i < n:
        raw = argv[i]
        if raw == "--":
            i += 1
            break
        if not raw.startswith("-"):
            break
        opt = raw[1:] if raw.startswith("--") else raw
        action = _OPTION_ACTION.get(opt)
        if action is None and "=" in opt and _OPTION_ACTION.get(opt.partition("=")[0]) == "colour":
            action = "colour"                       # -c=WHEN (matches_color)
        if action is None:
            raise CommandError(f'Option "{raw}" is unknown, try "ip -help".', 255)
        if action == "netns":
            i += 1
            if i >= n:
                raise CommandError('Cannot open network namespace "(null)": No such file or directory', 255)
            opts.netns = argv[i]
            if switch is not None:
                switch(opts.netns)
        elif action == "pass":
            pass
        elif action == "human":
            opts.human = True
        elif action == "iec":
            opts.iec = True
        elif action == "colour":
            opts.colour = colour_when(opt, raw)
        elif action == "4":
            opts.family = 4
        elif action == "6":
            opts.family = 6
        elif action == "0":
            opts.family = 0
        elif action == "MB":
            opts.family = 7 if opt == "-B" else 28
        elif action == "details":
            opts.details += 1
        elif action == "stats":
            opts.stats += 1
        elif action == "brief":
            opts.brief = True
        elif action == "batch":
            i += 1
            if i >= n:
                raise usage("ip")
            opts.batch = argv[i]
        elif action == "skip":
            i += 1
        elif action == "family":
            i += 1
            if i >= n:
                raise usage("ip")
            fam = argv[i]
            if fam == "help":
                raise usage("ip")
            if fam not in _FAMILIES:
                raise invarg("invalid protocol family", fam, blank=False)
            opts.family = _FAMILIES[fam]
        elif action == "oneline":
            opts.oneline = True
        elif action == "version":
            raise _Version()
        elif action == "force":
            opts.force = True
        elif action == "json":
            opts.json = True
        elif action == "pretty":
            opts.pretty = True
        elif action == "skip_or_usage":
            i += 1
            if i >= n:
                raise usage("ip")
        elif action == "help":
            raise usage("ip")
        elif action == "numeric":
            opts.numeric = True
        elif action == "all":
            opts.all = True
        i += 1
    if opts.json:
        opts.colour = False                         # check_enable_color(): never with -j
    return opts, argv[i:]


class _Version(Exception):
    pass


def run_batch(run: IpRun, name: str, stdin: str) -> int:
    """`ip -batch FILE` (or `-` for stdin): one command per line; stops at the first failure unless -force."""
    if name == "-":
        text = stdin
    else:
        try:
            from course_lib.shell.fs import read_file
            text = read_file(run.ctx, name)
        except Exception:  # noqa: BLE001 - any unreadable file
            raise CommandError(f'Cannot open file "{name}" for reading: No such file or directory', 1) \
                from None
    rc = 0
    for lineno, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if '"' in line or "'" in line or "\\" in line:
            try:
                words = shlex.split(line)
            except ValueError:
                words = line.split()
        else:
            words = line.split()
        try:
            request = fast.plan(words, 0) if fast.ON and run.opts.family is None and not run.opts.all else None
            if request is None or not request(run.stack):
                do_cmd(run, words)
        except CommandError as error:
            if error.returncode == 255:
                raise
            run.warn(error.message + "\n")
            run.warn(f"Command failed {name}:{lineno}\n")
            rc = 1
            if not run.opts.force:
                break
    return rc


_NO_OPTIONS = IpOptions()


@command("ip")
def ip_command(ctx, argv: list[str], stdin: str = "") -> CommandResult:
    if len(argv) > 4 and argv[2] == "exec" and argv[1] == "netns":         # the commonest line: a program in a netns
        result = exec_simple(ctx, argv, stdin)
        if result is not None:
            return result
    if len(argv) > 3 and fast.ON:           # the commonest requests, plain words (ip/fast.py)
        made = fast.run(ctx, argv)
        if made is not None:
            return CommandResult("", made[0], made[1])
    run = IpRun(ctx, _NO_OPTIONS, None)       # the parsed options replace these (never changed) defaults
    run.stdin = stdin
    try:
        stack = current_stack(ctx)
        if len(argv) > 1 and argv[1][:1] != "-":      # no option: parse_global's defaults (read, never changed)
            opts, rest = _NO_OPTIONS, argv[1:]
        else:
            switched: list = []
            opts, rest = parse_global(argv[1:], lambda name: switched.append(stack.in_netns(name)))
            if switched:
                stack = switched[-1]
        run.opts = opts
        run.stack = stack
        if opts.batch is not None:
            rc = run_batch(run, opts.batch, stdin)
            return CommandResult("".join(run.out), "".join(run.err), rc)
        if not rest:
            raise usage("ip")
        do_cmd(run, rest)
        rc = 0
    except _Version:
        return CommandResult(VERSION + "\n", "", 0)
    except CommandError as error:
        if type(error).__name__ == "VethUsage":
            run.write("Usage: ip link <options> type veth [peer <options>]\n"
                      "To get <options> type 'ip link add help'\n")
        if error.message:
            run.warn(error.message + "\n")
        rc = error.returncode
    return CommandResult("".join(run.out), "".join(run.err), rc)
