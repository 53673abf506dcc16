"""ICMP redirects: a router tells a host on the same link about a better next hop; the host remembers it.

A router forwarding a packet out of the interface it came in on, to a host on that link, sends
"Redirect Host (New nexthop: GW)" (net.ipv4.conf.*.send_redirects=1) and still forwards the packet.
A host that does not forward (accept_redirects=1) keeps a route exception for the destination --
`ip route get` shows it as `cache <redirected> expires Nsec` -- valid EXPIRES seconds. As on the
kernel, the host's cached output route is refreshed one packet late, so the packet after the first
redirect still takes the old way (ping shows two redirects, then none).
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from course_lib.net import devconf
from course_lib.net.netns import RT_TABLE_MAIN, Route
from course_lib.net.packet import ICMP, Packet

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS

EXPIRES = 300.0
REDIRECT, REDIR_HOST = 5, 1


@dataclass(eq=False)
class NexthopException:
    """A learned next hop for one destination (a fib nexthop exception)."""

    dst: ipaddress.IPv4Address
    gateway: ipaddress.IPv4Address
    route: Route
    expires: float
    stale_lookups: int = 1          # lookups still answered with the old route (the cached dst)


def exceptions(netns: "NetNS") -> dict:
    """The netns's redirect exceptions by destination (int), made on first use."""
    table = netns.__dict__.get("_redirects")
    if table is None:
        table = netns.__dict__["_redirects"] = {}
    return table


def lookup(netns: "NetNS", dst: ipaddress.IPv4Address) -> Optional[Route]:
    """The redirected route for `dst`, if an exception is in force (None: use the tables)."""
    table = netns.__dict__.get("_redirects")
    if not table:
        return None
    exc = table.get(dst._ip)
    if exc is None:
        return None
    if netns.machine.network.clock >= exc.expires or not exc.route.dev.admin_up:
        del table[dst._ip]
        return None
    if exc.stale_lookups > 0:
        exc.stale_lookups -= 1
        return None
    return exc.route


def maybe_send(netns: "NetNS", in_link: "Link", pkt: Packet, route: Route) -> None:
    """While forwarding: redirect the sender when the packet leaves by the link it came in on."""
    if route.dev is not in_link or pkt.proto == ICMP and pkt.icmp_type == REDIRECT:
        return
    if not devconf.orconf(netns, in_link, "send_redirects"):          # IN_DEV_TX_REDIRECTS
        return
    nexthop = route.gateway or pkt.dst
    if not any(a.family == 4 and a.link is in_link and pkt.src in a.interface.network
               and nexthop in a.interface.network for a in netns.addresses):
        return
    inner = pkt.copy()
    inner.trace = None
    from course_lib.net.datapath import ip_send
    from course_lib.net.l2 import node_name
    if pkt.trace is not None:
        pkt.trace.add(node_name(netns), "reply", f"ICMP redirect to {pkt.src}: new nexthop {nexthop}")
    ip_send(netns, Packet(src=None, dst=pkt.src, proto=ICMP, icmp_type=REDIRECT, icmp_code=REDIR_HOST,  # type: ignore[arg-type]
                          inner=inner, payload=nexthop, length=56 + 28, trace=pkt.trace), error_reply=True)


def receive(netns: "NetNS", link: "Link", pkt: Packet) -> None:
    """A redirect arrived: remember the new next hop when the host accepts redirects."""
    inner: Any = pkt.inner
    gateway = pkt.payload
    if inner is None or not isinstance(gateway, ipaddress.IPv4Address):
        return
    if not devconf.rx_redirects(netns, link):
        return
    from course_lib.net.routing import route_lookup
    current, _ = route_lookup(netns, inner.dst, None, None)
    if current is None or current.gateway != pkt.src or current.dev is not link:
        return                                      # only the gateway we use may redirect us
    if not any(a.family == 4 and a.link is link and gateway in a.interface.network for a in netns.addresses):
        return                                      # the new next hop must be on the link
    table = exceptions(netns)
    now = netns.machine.network.clock
    old = table.get(inner.dst._ip)
    route = Route(dst=ipaddress.IPv4Network(f"{inner.dst}/32"), dev=link, gateway=gateway, table=RT_TABLE_MAIN,
                  proto="redirect", scope="global", src=current.src)
    if old is not None:
        old.gateway, old.route, old.expires = gateway, route, now + EXPIRES
    else:
        table[inner.dst._ip] = NexthopException(dst=inner.dst, gateway=gateway, route=route, expires=now + EXPIRES)
