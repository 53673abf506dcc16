"""iputils ping options that act before or around the echo loop in ping.py, as iputils 20221126 prints them:

    -p PATTERN    `PATTERN: 0x...` (the pad bytes, 16 at most) on stdout while the options are read, -q or not
    -t 0          `ping: cannot set unicast time-to-live: Invalid argument`, exit 2, once the destination resolved
    -M do -s N    a packet bigger than the route's MTU is never sent: each sendmsg's EMSGSIZE comes back from the
                  error queue as `ping: local error: message too long, mtu=M` and counts as an error (not with -q);
                  so does any packet above 65535 bytes, and one whose ICMP part alone is above it fails silently
Registered over ping.py's `ping` (nettools/commands.py imports this module after it); a command line without
these options costs one look-up in ping_options' cache.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from course_lib.net.datapath import lookup_route_err
from course_lib.result import CommandResult
from course_lib.shell.nettools import ping as base, ping_fast
from course_lib.shell.nettools.busybox_ping import uses_busybox_ping
from course_lib.shell.nettools.ping_options import Exit, extras, options
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext


@command("ping")
def ping(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    if ping_fast.ON:
        result = ping_fast.run(ctx, argv)
        if result is not None:
            return result
    plan = options(argv)
    extra = extras(argv)
    if extra is None or type(plan) is Exit or uses_busybox_ping(ctx):
        return base.ping(ctx, argv, stdin)
    lead = f"PATTERN: 0x{extra.pattern.hex()}\n" if extra.pattern is not None else ""
    if extra.zero_ttl and plan.ip4 is not None:
        return CommandResult(lead, plan.warnings + "ping: cannot set unicast time-to-live: Invalid argument\n", 2)
    result = _oversized(ctx, plan, extra) or base.ping(ctx, argv, stdin)
    return CommandResult(lead + result.stdout, result.stderr, result.returncode) if lead else result


def _oversized(ctx: "ExecContext", plan: Any, extra: Any) -> Optional[CommandResult]:
    """ping of an address whose every request is too big to leave (see above); None when they fit (or for a
    case this does not model: a name, -I, -w, no route)."""
    if plan.ip4 is None or plan.iface is not None or plan.deadline is not None or plan.count is None:
        return None
    route, _ = lookup_route_err(ctx.netns, plan.ip4)
    if route is None or route.dev is None:
        return None
    mtu = int((route.metrics or {}).get("mtu") or route.dev.mtu)
    length = plan.size + 28
    if length - 20 > 65535:
        error = ""                              # ping_v4_sendmsg's EMSGSIZE: nothing queued
    elif length > 65535 or extra.pmtudisc == "do" and length > mtu:
        error = "" if plan.quiet else f"ping: local error: message too long, mtu={mtu}\n"
    else:
        return None
    net = ctx.netns.machine.network
    t0 = net.clock
    step = plan.interval + base.SEND_OVERHEAD
    if plan.count > 1:
        net.advance((plan.count - 1) * step)
    stats = {"ntx": plan.count, "nrx": 0, "nerr": plan.count if error else 0, "rtts": [], "dups": 0, "pipe": 0,
             "last": t0 + (plan.count - 1) * step, "t0": t0}
    header = f"PING {plan.target} ({plan.ip4}) {plan.size}({length}) bytes of data.\n"
    return CommandResult(header + base._summary(plan.target, stats), plan.warnings + error * plan.count, 1)
