"""The IPv4 datapath of one netns: route lookup, source selection, netfilter hooks, forwarding, delivery.

`ip_send(netns, packet)` sends a locally generated packet (a socket's, or an ICMP the kernel makes);
`ip_receive(netns, link, packet)` handles one that arrived on a link. Between them: the local table
decides local delivery vs forwarding, net.ipv4.ip_forward gates forwarding (a router with 0 silently
drops packets not for it), TTL is decremented (ICMP time exceeded at 1), a missing route gives ICMP
net unreachable, and the neighbour layer (arp.py) resolves the next hop. Hooks are called in the
kernel's places: OUTPUT and POSTROUTING for local packets, PREROUTING, INPUT or FORWARD and
POSTROUTING for received ones. A packet with `trace` set records every decision in real words.
"""
from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any, Optional

from course_lib.net.l2 import BROADCAST, node_name
from course_lib.net.link import LOOPBACK
from course_lib.net.netfilter import nf_hook
from course_lib.net.netns import RT_TABLE_LOCAL, RT_TABLE_MAIN, Route

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS
    from course_lib.net.packet import Packet

IPv4 = ipaddress.IPv4Address
HOST_DELAY = 0.000004        # model time a netns spends on one packet
LIMITED_BROADCAST = IPv4("255.255.255.255")


# -- routing ---------------------------------------------------------------------------------------
def loopback(netns: "NetNS") -> Optional["Link"]:
    for link in netns.links.values():
        if link.kind == LOOPBACK:
            return link
    return None


def local_route(netns: "NetNS", dst: IPv4) -> Optional[Route]:
    """The local-table route for `dst` when it is one of our addresses (on an UP link) or a broadcast."""
    for a in netns.addresses:
        if a.family != 4 or not a.link.admin_up:
            continue
        if a.interface.ip == dst:
            return Route(dst=ipaddress.IPv4Network(f"{dst}/32"), dev=loopback(netns) or a.link,
                         table=RT_TABLE_LOCAL, type="local", proto="kernel", scope="host", src=dst)
        if a.broadcast is not None and a.broadcast == dst and a.interface.network.prefixlen < 31:
            return Route(dst=ipaddress.IPv4Network(f"{dst}/32"), dev=a.link, table=RT_TABLE_LOCAL,
                         type="broadcast", proto="kernel", scope="link", src=a.interface.ip)
    if dst.is_loopback:
        lo = loopback(netns)
        if lo is not None and lo.admin_up and any(a.link is lo and dst in a.interface.network
                                                   for a in netns.addresses if a.family == 4):
            return Route(dst=ipaddress.IPv4Network(f"{dst}/32"), dev=lo, table=RT_TABLE_LOCAL,
                         type="local", proto="kernel", scope="host", src=dst)
    return None


def _usable(route: Route, oif: Optional["Link"]) -> bool:
    dev = route.dev
    if oif is not None and dev is not oif:
        return False
    return dev is None or dev.admin_up


def _main_lookup(netns: "NetNS", dst: IPv4, oif: Optional["Link"]) -> Optional[Route]:
    best: Optional[Route] = None
    best_len = -1
    for r in netns.routes:
        if r.table != RT_TABLE_MAIN or r.dst.version != 4 or dst not in r.dst:
            continue
        if r.type in ("local", "broadcast") or not _usable(r, oif):
            continue
        plen = r.dst.prefixlen
        if plen > best_len or (plen == best_len and best is not None and r.metric < best.metric):
            best, best_len = r, plen
    return best


def lookup_route(netns: "NetNS", dst: IPv4, oif: Optional["Link"] = None) -> Optional[Route]:
    """The route the kernel would use for `dst`: local table first, then the main table (LPM, metric)."""
    route = local_route(netns, dst)
    if route is not None:
        return route
    return _main_lookup(netns, dst, oif)


def route_text(route: Route) -> str:
    """The route as `ip route` prints it."""
    if route.type == "local":
        return f"local {route.dst.network_address} dev {route.dev.name if route.dev else '?'} table local " \
               f"proto kernel scope host src {route.src}"
    dst = "default" if route.dst.prefixlen == 0 else (
        str(route.dst.network_address) if route.dst.prefixlen == 32 else str(route.dst))
    parts = [dst] if route.type in ("unicast", "broadcast") else [route.type, dst]
    if route.gateway is not None:
        parts += ["via", str(route.gateway)]
    if route.dev is not None:
        parts += ["dev", route.dev.name]
    if route.proto not in ("boot", "unspec"):
        parts += ["proto", route.proto]
    if route.scope != "global":
        parts += ["scope", route.scope]
    if route.src is not None:
        parts += ["src", str(route.src)]
    if route.metric:
        parts += ["metric", str(route.metric)]
    if route.onlink:
        parts.append("onlink")
    return " ".join(parts)


def select_src(netns: "NetNS", route: Route, dst: IPv4) -> IPv4:
    """Source address selection (inet_select_addr): the route's src, else an address of the out device
    in the next hop's subnet, else its first primary address, else any global address."""
    if route.src is not None:
        return route.src  # type: ignore[return-value]
    target = route.gateway or dst
    dev = route.dev
    first = None
    for a in netns.addresses:
        if a.family != 4 or a.link is not dev:
            continue
        if target in a.interface.network:
            return a.interface.ip
        if first is None and a.scope != "host":
            first = a.interface.ip
    if first is not None:
        return first
    for a in netns.addresses:
        if a.family == 4 and a.scope == "global" and a.link.admin_up:
            return a.interface.ip
    return IPv4(0)


def is_broadcast(netns: "NetNS", ip: IPv4) -> bool:
    if ip == LIMITED_BROADCAST:
        return True
    return any(a.family == 4 and a.broadcast == ip for a in netns.addresses)


# -- sending ---------------------------------------------------------------------------------------
def ip_send(netns: "NetNS", pkt: "Packet", oif: Optional["Link"] = None, error_reply: bool = False) -> Optional[str]:
    """Send a locally generated packet. Returns None, or the errno name the sending call would get:
    ENETUNREACH (no route), EHOSTUNREACH/EACCES/EINVAL (unreachable/prohibit/blackhole route),
    EPERM (an OUTPUT or POSTROUTING rule dropped or rejected it)."""
    node = node_name(netns)
    tr = pkt.trace
    route = lookup_route(netns, pkt.dst, oif)
    if route is None:
        if tr is not None:
            tr.add(node, "drop", f"no route to {pkt.dst}: Network is unreachable")
        return "ENETUNREACH"
    if route.type != "unicast" and route.type not in ("local", "broadcast"):
        if tr is not None:
            tr.add(node, "drop", f"route {route_text(route)}")
        return {"unreachable": "EHOSTUNREACH", "prohibit": "EACCES", "blackhole": "EINVAL"}.get(route.type, "EINVAL")
    if pkt.src is None:
        pkt.src = select_src(netns, route, pkt.dst)
    if tr is not None:
        tr.add(node, "route", route_text(route))
    out = route.dev
    old_dst = pkt.dst
    verdict = nf_hook(netns, "OUTPUT", pkt, None, out)
    if not verdict.accepted:
        if tr is not None:
            tr.add(node, "drop", f"iptables OUTPUT: {verdict.rule or verdict.action}")
        if verdict.action == "REJECT" and not error_reply:
            _reject(netns, pkt, verdict)
        return "EPERM"
    if pkt.dst != old_dst:
        new = lookup_route(netns, pkt.dst, oif)
        if new is None:
            return "ENETUNREACH"
        route, out = new, new.dev
        if tr is not None:
            tr.add(node, "route", f"after DNAT: {route_text(route)}")
    return output_finish(netns, pkt, route)


def output_finish(netns: "NetNS", pkt: "Packet", route: Route, bridged_in: Optional["Link"] = None) -> Optional[str]:
    """POSTROUTING, then to the wire: loopback, a broadcast, or the next hop through ARP."""
    node = node_name(netns)
    out = route.dev
    verdict = nf_hook(netns, "POSTROUTING", pkt, None, out)
    if not verdict.accepted:
        if pkt.trace is not None:
            pkt.trace.add(node, "drop", f"iptables POSTROUTING: {verdict.rule or verdict.action}")
        return "EPERM"
    if out is None:
        return "ENETUNREACH"
    from course_lib.net.arp import resolve_and_send
    if route.type == "local":
        if not out.admin_up:
            if pkt.trace is not None:
                pkt.trace.add(node, "drop", "lo is down: loopback traffic is lost")
            return None
        resolve_and_send(netns, out, pkt.dst, pkt)
        return None
    if not out.admin_up:
        if pkt.trace is not None:
            pkt.trace.add(node, "drop", f"{out.name} is down")
        return "ENETDOWN"
    if route.type == "broadcast" or pkt.dst == LIMITED_BROADCAST:
        resolve_and_send(netns, out, pkt.dst, pkt, dst_mac=BROADCAST)
        return None
    resolve_and_send(netns, out, route.gateway or pkt.dst, pkt)
    return None


def _reject(netns: "NetNS", pkt: "Packet", verdict: Any) -> None:
    """REJECT: an ICMP error (or a TCP reset) back to the packet's source."""
    from course_lib.net.icmp import REJECT_WITH, icmp_error
    how = verdict.reject_with
    if how == "tcp-reset" and pkt.proto == "tcp":
        from course_lib.net.delivery import send_rst
        send_rst(netns, pkt)
        return
    type_, code = REJECT_WITH.get(how, (3, 3))
    icmp_error(netns, pkt, type_, code)


# -- receiving -------------------------------------------------------------------------------------
def ip_receive(netns: "NetNS", link: "Link", pkt: "Packet", skip_prerouting: bool = False) -> None:
    """An IPv4 packet arrived on `link`: PREROUTING, then local delivery or forwarding."""
    node = node_name(netns)
    tr = pkt.trace
    if not skip_prerouting:
        verdict = nf_hook(netns, "PREROUTING", pkt, link, None)
        if not verdict.accepted:
            if tr is not None:
                tr.add(node, "drop", f"iptables PREROUTING: {verdict.rule or verdict.action}")
            return
    route = local_route(netns, pkt.dst)
    if route is None and pkt.dst == LIMITED_BROADCAST:
        route = Route(dst=ipaddress.IPv4Network("255.255.255.255/32"), dev=link, table=RT_TABLE_LOCAL,
                      type="broadcast", proto="kernel", scope="link")
    if route is not None:
        if tr is not None:
            tr.add(node, "receive", f"{pkt.dst} is local ({route_text(route)})")
        verdict = nf_hook(netns, "INPUT", pkt, link, None)
        if not verdict.accepted:
            if tr is not None:
                tr.add(node, "drop", f"iptables INPUT: {verdict.rule or verdict.action}")
            if verdict.action == "REJECT":
                _reject(netns, pkt, verdict)
            return
        from course_lib.net.delivery import deliver
        deliver(netns, link, pkt)
        return
    if link.kind == LOOPBACK:
        return
    ip_forward(netns, link, pkt)


def _rp_filter(netns: "NetNS", link: "Link") -> int:
    s = netns.sysctls
    return max(int(s.get("net.ipv4.conf.all.rp_filter", "0") or 0),
               int(s.get(f"net.ipv4.conf.{link.name}.rp_filter", "0") or 0))


def ip_forward(netns: "NetNS", link: "Link", pkt: "Packet") -> None:
    """Forward a packet that is not for this netns (when net.ipv4.ip_forward=1)."""
    from course_lib.net.icmp import icmp_error
    node = node_name(netns)
    tr = pkt.trace
    if pkt.dst == LIMITED_BROADCAST or is_broadcast(netns, pkt.dst) or pkt.dst.is_multicast:
        return
    if netns.sysctls.get("net.ipv4.ip_forward", "0") != "1":
        if tr is not None:
            tr.add(node, "drop", f"{pkt.dst} is not local and net.ipv4.ip_forward=0: dropped")
        return
    if _rp_filter(netns, link) == 1:
        back = lookup_route(netns, pkt.src)
        if back is None or back.dev is not link:
            if tr is not None:
                tr.add(node, "drop", f"rp_filter: {pkt.src} is not reachable via {link.name}")
            return
    route = _main_lookup(netns, pkt.dst, None)
    if route is None:
        if tr is not None:
            tr.add(node, "drop", f"no route to {pkt.dst}: Network is unreachable (ICMP net unreachable)")
        icmp_error(netns, pkt, 3, 0)
        return
    if route.type != "unicast":
        if tr is not None:
            tr.add(node, "drop", f"route {route_text(route)}")
        if route.type == "unreachable":
            icmp_error(netns, pkt, 3, 1)
        elif route.type == "prohibit":
            icmp_error(netns, pkt, 3, 13)
        return
    if pkt.ttl <= 1:
        if tr is not None:
            tr.add(node, "drop", "TTL exceeded in transit (ICMP time exceeded)")
        icmp_error(netns, pkt, 11, 0)
        return
    pkt.ttl -= 1
    if tr is not None:
        tr.add(node, "forward", f"{route_text(route)} (ttl {pkt.ttl})")
    verdict = nf_hook(netns, "FORWARD", pkt, link, route.dev)
    if not verdict.accepted:
        if tr is not None:
            tr.add(node, "drop", f"iptables FORWARD: {verdict.rule or verdict.action}")
        if verdict.action == "REJECT":
            _reject(netns, pkt, verdict)
        return
    output_finish(netns, pkt, route)
