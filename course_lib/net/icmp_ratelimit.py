"""The kernel's ICMP error rate limit (icmpv4_xrlim_allow): a token bucket per destination, on the model clock.

An error whose type is in net.ipv4.icmp_ratemask (6168: unreachable, source quench, time exceeded,
parameter problem; never "fragmentation needed") to a destination not routed over loopback spends one
token of that destination's inet_peer. Tokens are jiffies: they grow with time up to 6 x the
net.ipv4.icmp_ratelimit interval (1000 ms), an error needs one interval; a new peer starts full. So a
router answers a burst of 6 errors to one source, then one per second: a second traceroute right
after the first, or a REJECT after a few, gets `*` or nothing, as on a real machine. A forwarded packet
without a route goes through ip_error first, which spends the same peer's tokens by its own rule
(cost 1 s, burst 5 s): an unreachable network costs a router two tokens per error.
"""
from __future__ import annotations

from typing import Any

BURST_FACTOR = 6                      # XRLIM_BURST_FACTOR
ERROR_COST, ERROR_BURST = 1, 5        # ip_rt_error_cost (1 s) and ip_rt_error_burst (5 s), in seconds
HZ = 250                              # jiffies per second (Debian's CONFIG_HZ): the bucket counts in jiffies


def _sysctl_int(netns: Any, key: str, default: int) -> int:
    try:
        return int(str(netns.sysctls.get(key, default)).split()[0])
    except (ValueError, IndexError):
        return default


def allow(netns: Any, dst: Any, type_: int, code: int) -> bool:
    """May `netns` send an ICMP error of type/code to `dst` now? (spends a token when it may)."""
    if type_ > 18 or (type_ == 3 and code == 4):
        return True
    if not (1 << type_) & _sysctl_int(netns, "net.ipv4.icmp_ratemask", 6168):
        return True
    from course_lib.net.datapath import lookup_route
    route = lookup_route(netns, dst)
    if route is None or route.type == "local" or (route.dev is not None and route.dev.is_loopback):
        return True                   # no limit towards itself (dst->dev is loopback)
    interval = -(-_sysctl_int(netns, "net.ipv4.icmp_ratelimit", 1000) * HZ // 1000)     # msecs_to_jiffies
    now = int(netns.machine.network.clock * HZ)
    peers = netns.__dict__.setdefault("icmp_peers", {})
    tokens, last = peers.get(dst, (0, now - 60 * HZ))       # inet_getpeer: rate_last = jiffies - 60 s
    tokens = min(tokens + now - last, BURST_FACTOR * interval)
    ok = tokens >= interval
    if ok:
        tokens -= interval
    peers[dst] = (tokens, now)
    return ok


def route_error_allow(netns: Any, dst: Any) -> bool:
    """ip_error's check for a forwarded packet with no route, on the same inet_peer tokens."""
    now = int(netns.machine.network.clock * HZ)
    peers = netns.__dict__.setdefault("icmp_peers", {})
    tokens, last = peers.get(dst, (0, now - 60 * HZ))
    tokens = min(tokens + now - last, ERROR_BURST * HZ)
    ok = tokens >= ERROR_COST * HZ
    if ok:
        tokens -= ERROR_COST * HZ
    peers[dst] = (tokens, now)
    return ok
