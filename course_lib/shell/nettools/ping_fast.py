"""ping's short way for its commonest line, `ping -c N [-i S] [-W S] [-q] [-n] [-s N] [-t N] ADDRESS`.

What ping.py's `ping` reads before and after the echo loop that depends on the words only (the options, the
written address, the header line) is read once per argv and kept; each run checks what depends on the machine
and its network (the userland, a `timeout` limit, the route and the source address, looked up each time as
ping does) and runs ping.py's own echo loop and statistics. A line this does not cover (a name, -I, -w, -b,
option warnings, the options ping_extras handles, a broadcast route, BusyBox) takes ping.py's way. The same
answers and effects either way: ON = False turns it off (tests/shell/test_ping_fast.py compares both).
"""
from __future__ import annotations

from typing import Any, Optional

from course_lib.net.datapath import _cached_lookup, select_src
from course_lib.result import CommandResult
from course_lib.shell import jobs_stream
from course_lib.shell.nettools import ping as base
from course_lib.shell.nettools.ping_options import Exit, extras, options

ON = True
MAX_PLANS = 256
_PLANS: dict[tuple[str, ...], Optional[tuple]] = {}
_UNREAD: Any = object()


def run(ctx: Any, argv: list[str]) -> Optional[CommandResult]:
    """ping's result for `argv` in ctx, or None (nothing done) when ping.py's way must answer."""
    key = tuple(argv)
    plan = _PLANS.get(key, _UNREAD)
    if plan is _UNREAD:
        plan = _plan(key, argv)
    return None if plan is None else _run_plan(ctx.machine, ctx.netns, plan)


def plan_of(argv: list[str]) -> Optional[tuple]:
    """What run() keeps of `argv` (None: ping.py's way answers)."""
    key = tuple(argv)
    plan = _PLANS.get(key, _UNREAD)
    return _plan(key, argv) if plan is _UNREAD else plan


def _run_plan(machine: Any, netns: Any, plan: tuple) -> Optional[CommandResult]:
    """run() in `netns` of `machine` (the only parts of ping's context it reads), for a plan_of."""
    if getattr(machine, "userland", "debian") == "busybox" \
            or netns.machine.network.__dict__.get("time_limit") is not None:
        return None
    dst, count, interval, wait, quiet, size, ttl, header, target, group = plan
    route = _cached_lookup(netns, dst, None)[0]          # ping.py's lookup_route_err without a bound source
    if route is None or route.type == "broadcast":
        return None
    lines = [header] if not jobs_stream._WRITERS else jobs_stream.lines(header)   # beside jobs: written as they come
    st = base._run(None, netns, dst, select_src(netns, route, dst), None, count, interval, None, wait, size, ttl,
                   quiet, False, lines, False, False, group)
    errors = st.errors
    return base.finish(None, st, target, count, None, "".join(errors) if errors else "", False)


def _plan(key: tuple[str, ...], argv: list[str]) -> Optional[tuple]:
    """(dst, count, interval, -W, -q, -s, -t, the header line, the destination as written, multicast) for a line
    run() covers, else None; kept by the words."""
    opts = options(argv)
    plan = None
    if type(opts) is not Exit and argv[0] == "ping" and extras(argv) is None and opts.ip4 is not None \
            and opts.family != 10 and opts.iface is None and opts.deadline is None and opts.count is not None \
            and not opts.warnings and not opts.broadcast_ok and opts.ip4._ip != 0xFFFFFFFF:
        dst = opts.ip4
        plan = (dst, opts.count, opts.interval, base.MAXWAIT if opts.wait is None else opts.wait, opts.quiet,
                opts.size, opts.ttl, base._header(opts.target, dst, opts.size), opts.target,
                dst._ip >> 28 == 14)
    if len(_PLANS) >= MAX_PLANS:
        _PLANS.clear()
    _PLANS[key] = plan
    return plan
