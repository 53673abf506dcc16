"""iputils ping over IPv6 (ping -6, ping6, a name whose first address is IPv6): echo to the netns's own addresses.

The simulated datapath carries IPv4 only, so an IPv6 echo is answered when the destination is an address
of the pinging netns on an up link (::1 on lo, as `ping localhost` on Debian reaches first); any other
IPv6 destination gets connect()'s error as a netns without an IPv6 route to it gives it.
"""
from __future__ import annotations

from typing import Any, Optional

from course_lib.net.events import scheduler
from course_lib.result import CommandResult
from course_lib.shell.nettools.ping_target import Target, reverse, v6_local

LOOPBACK_US = 20                 # model microseconds of an echo over lo


def run(ctx: Any, target: str, found: Target, count: Optional[int], interval: float, deadline: Optional[float],
        size: int, quiet: bool, numeric: bool, prefix: str, summary: Any, format_rtt: Any) -> CommandResult:
    """ping6_run: header, replies and statistics (`summary`, `format_rtt`: ping's own formatters)."""
    netns = ctx.netns
    ok, error = v6_local(netns, found.ip)
    if not ok:
        return CommandResult("", f"{prefix}ping: connect: {error}\n", 2)
    ip = str(found.ip)
    name = None if numeric or found.numeric else reverse(ctx, found.ip)
    who = f"{name} ({ip})" if name else ip
    out = [f"PING {target}({who}) {size} data bytes\n"]
    net = netns.machine.network
    sched = scheduler(net)
    step = interval + 0.0055
    if count is None:
        count = max(1, int((deadline or 0) / step) + 1)
    t0 = net.clock
    rtts = []
    for seq in range(1, count + 1):
        if deadline is not None and (seq - 1) * step >= deadline:
            break
        if seq > 1:
            sched.pump(t0 + (seq - 1) * step)
        us = LOOPBACK_US + (seq * 7919) % 23
        rtts.append(us)
        if not quiet:
            timing = f" time={format_rtt(us)} ms" if size >= 8 else ""
            out.append(f"{size + 8} bytes from {who}: icmp_seq={seq} ttl=64{timing}\n")
    n = len(rtts)
    stats = {"ntx": n, "nrx": n, "nerr": 0, "pipe": 1, "rtts": rtts if size >= 8 else [],
             "last": t0 + (n - 1) * step, "t0": t0}
    out.append(summary(target, stats))
    return CommandResult("".join(out), prefix, 0)
