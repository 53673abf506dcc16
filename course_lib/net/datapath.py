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
from course_lib.net import devconf as _devconf
from course_lib.net.netfilter import ACCEPT, nf_hook
from course_lib.net.netns import RT_TABLE_LOCAL, Route
from course_lib.net.route_table import routes_of
from course_lib.net.routing import route_lookup
from course_lib.net.rules import Flow
from course_lib.net.routing import select_src as _select_src

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS
    from course_lib.net.packet import Packet

IPv4 = ipaddress.IPv4Address
_ERRNO = {"Network is unreachable": "ENETUNREACH", "No route to host": "EHOSTUNREACH",
          "Permission denied": "EACCES", "Invalid argument": "EINVAL"}
HOST_DELAY = 0.000004        # model time a netns spends on one packet
LIMITED_BROADCAST = IPv4("255.255.255.255")
_PROTO_NUMBERS = {"icmp": 1, "tcp": 6, "udp": 17}


def _nf_on(netns: "NetNS") -> bool:
    """Whether netfilter has anything to do in this netns (no tables yet: every hook accepts)."""
    nf = netns.netfilter
    return nf is not None and nf.active


# -- routing ---------------------------------------------------------------------------------------
def loopback(netns: "NetNS") -> Optional["Link"]:
    for link in netns.links.values():
        if link.kind == LOOPBACK:
            return link
    return None


def _cached_lookup(netns: "NetNS", dst: IPv4, oif: Optional["Link"], pkt: Optional["Packet"] = None,
                   iif: Optional["Link"] = None) -> tuple[Optional[Route], Optional[str]]:
    """route_lookup with a per-netns cache: RouteTable.lookups, which every edit of the route list (route
    edits, and link changes, which add or remove routes) empties; an entry is trusted while its route
    device is still UP. With policy rules (`ip rule`) the lookup is not cached: the rules match the
    packet (`pkt`: source, mark, ports) and `iif`."""
    if netns.rules is not None:
        return _policy_lookup(netns, dst, oif, pkt, iif)
    try:
        table = netns.routes.lookups
    except AttributeError:                  # a plain list put there by hand
        table = routes_of(netns).lookups
    key = dst._ip if oif is None else (dst._ip, oif)     # the int: IPv4Address hashing is slow Python code
    if netns._redirects:
        redirected = _redirects.lookup(netns, dst)
        if redirected is not None and (oif is None or redirected.dev is oif):
            return redirected, None
    hit = table.get(key)
    if hit is not None:
        route = hit[0]
        if route is None:
            return hit
        dev = route.dev
        if dev is None or dev.admin_up:
            return hit
    # a bound device (oif) takes only its own routes, local ones too (fib_lookup_good_nhc): route_lookup
    hit = (_local_first(netns, dst) if oif is None else None) or route_lookup(netns, dst, None, oif)
    if len(table) >= 4096:
        table.clear()
    table[key] = hit
    return hit


def _policy_lookup(netns: "NetNS", dst: IPv4, oif: Optional["Link"], pkt: Optional["Packet"],
                   iif: Optional["Link"], src: Optional[IPv4] = None) -> tuple[Optional[Route], Optional[str]]:
    """The rule walk (net/rules.py) for a packet: a local packet comes in on lo (flowi4_iif)."""
    if netns.__dict__.get("_redirects"):
        redirected = _redirects.lookup(netns, dst)
        if redirected is not None and (oif is None or redirected.dev is oif):
            return redirected, None
    flow = Flow(src=src, iif="lo" if iif is None else iif.name, oif=oif.name if oif is not None else None)
    if pkt is not None:
        flow.src = pkt.src
        flow.mark = pkt.mark
        flow.proto = _PROTO_NUMBERS.get(pkt.proto)
        flow.sport, flow.dport = pkt.sport, pkt.dport
    local = _local_first(netns, dst) if oif is None else None
    if local is not None and any(r.pref == 0 and r.table == RT_TABLE_LOCAL and r.action == "lookup"
                                 for r in netns.rules.by_family[4][:1]):
        return local
    return route_lookup(netns, dst, None, oif, flow)


def _local_first(netns: "NetNS", dst: IPv4) -> Optional[tuple[Route, None]]:
    """A `local` route of the local table matches whatever the state of its device: the kernel keeps
    them while the address exists (ping to your own address works with the NIC down; lo down loses it)."""
    if dst._version != 4:
        return None
    lo = netns.links.get(1)
    if lo is not None and lo.__dict__.get("inet_off"):
        return None                     # lo has no in_device (MTU < 68): route_lookup's EINVAL
    best = routes_of(netns).first_of_type(RT_TABLE_LOCAL, 4, dst._ip, "local")
    return (best, None) if best is not None else None


def lookup_route(netns: "NetNS", dst: IPv4, oif: Optional["Link"] = None) -> Optional[Route]:
    """The route the kernel would use for `dst` (NETCORE's route_lookup: local table first, then main,
    longest prefix, metric); None when there is none or it is an unreachable/prohibit/blackhole route."""
    return _cached_lookup(netns, dst, oif)[0]


def lookup_route_err(netns: "NetNS", dst: IPv4, oif: Optional["Link"] = None, src: Optional[IPv4] = None
                     ) -> tuple[Optional[Route], Optional[str]]:
    """(route, None) or (None, strerror) as route_lookup gives them (`src`: a bound source, for the rules)."""
    if src is not None and netns.rules is not None:
        return _policy_lookup(netns, dst, oif, None, None, src)
    return _cached_lookup(netns, dst, oif)


def local_route(netns: "NetNS", dst: IPv4) -> Optional[Route]:
    """The route for a received packet's destination when it is local or a broadcast of ours, else None."""
    route = _cached_lookup(netns, dst, None)[0]
    if route is not None and route.type in ("local", "broadcast"):
        return route
    return None


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
    """Source address selection: the route's src, else inet_select_addr on the out device."""
    if route.src is not None:
        return route.src  # type: ignore[return-value]
    src = _select_src(netns, route.dev, route.gateway if dst._version == 4 else route.gateway or dst, route.scope)
    return src if src is not None else IPv4(0)


def is_broadcast(netns: "NetNS", ip: IPv4) -> bool:
    """255.255.255.255, or the explicit broadcast (`brd`) of one of the netns's IPv4 addresses."""
    if ip._version != 4:
        return False
    value = ip._ip
    if value == 0xFFFFFFFF:
        return True
    cached = netns._broadcasts
    if cached is None or cached[0] != netns.addresses:
        cached = _broadcasts(netns)
    return value in cached[1]


def _broadcasts(netns: "NetNS") -> tuple[list, frozenset[int]]:
    """The `brd` addresses of the netns's IPv4 addresses as ints, kept with a copy of the address list they
    were made from: made again when the list holds other objects (an Address keeps its broadcast; the
    lists are compared by identity, at C speed)."""
    addresses = netns.addresses
    found = frozenset(a.broadcast._ip for a in addresses
                      if a.interface._version == 4 and a.broadcast.__class__ is IPv4)
    cached = netns.__dict__["_broadcasts"] = (list(addresses), found)
    return cached


# -- sending ---------------------------------------------------------------------------------------
def ip_send(netns: "NetNS", pkt: "Packet", oif: Optional["Link"] = None, error_reply: bool = False) -> Optional[str]:
    """Send a locally generated packet. Returns None, or the errno name the sending call would get:
    ENETUNREACH (no route), EHOSTUNREACH/EACCES/EINVAL (unreachable/prohibit/blackhole route),
    EPERM (an OUTPUT or POSTROUTING rule dropped or rejected it)."""
    tr = pkt.trace
    if tr is None and oif is None and _express.ON and _express.send(netns, pkt):
        return None
    route, err = _cached_lookup(netns, pkt.dst, oif, pkt)
    if route is None:
        if tr is not None:
            tr.add(node_name(netns), "drop", f"no route to {pkt.dst}: {err}")
        if _ERRNO.get(err or "", "ENETUNREACH") == "ENETUNREACH":
            _snmp.no_route(netns)
        return _ERRNO.get(err or "", "ENETUNREACH")
    if pkt.src is None:
        pkt.src = select_src(netns, route, pkt.dst)
    if tr is not None:
        tr.add(node_name(netns), "route", route_text(route))
    _snmp.ip_local_out(netns, pkt)
    nf = netns.netfilter
    if nf is not None and nf.active:            # no tables yet: every hook accepts, nothing is rewritten
        old_dst, old_mark = pkt.dst, pkt.mark
        verdict = nf_hook(netns, "OUTPUT", pkt, None,            # a local route leaves through lo (ifindex 1)
                          route.dev if route.type != "local" else netns.links.get(1, route.dev))
        if verdict is not ACCEPT and not verdict.accepted:
            if tr is not None:
                tr.add(node_name(netns), "drop", f"iptables OUTPUT: {verdict.rule or verdict.action}")
            if verdict.action == "REJECT" and not error_reply:
                _reject(netns, pkt, verdict)
            return "EPERM"
        if pkt.dst is not old_dst and pkt.dst != old_dst or (pkt.mark != old_mark and netns.rules is not None):
            # ip_route_me_harder: a new destination (DNAT) or mark (MARK, for the rules) is routed again
            new = _cached_lookup(netns, pkt.dst, oif, pkt)[0]
            if new is None:
                return "ENETUNREACH"
            route = new
            if tr is not None:
                tr.add(node_name(netns), "route", f"after DNAT: {route_text(route)}")
    return output_finish(netns, pkt, route)


def output_finish(netns: "NetNS", pkt: "Packet", route: Route, bridged_in: Optional["Link"] = None) -> Optional[str]:
    """POSTROUTING, then to the wire: loopback, a broadcast, or the next hop through ARP."""
    out = route.dev
    nf = netns.netfilter
    if nf is not None and nf.active:
        verdict = nf_hook(netns, "POSTROUTING", pkt, None, out if route.type != "local" else netns.links.get(1, out))
        if verdict is not ACCEPT and not verdict.accepted:
            if pkt.trace is not None:
                pkt.trace.add(node_name(netns), "drop", f"iptables POSTROUTING: {verdict.rule or verdict.action}")
            return "EPERM"
    _snmp.ip_transmit(netns, pkt)
    if out is None:
        return "ENETUNREACH"
    rtype = route.type
    if rtype == "unicast" and out.admin_up and pkt.dst._ip != 0xFFFFFFFF:
        _arp.resolve_and_send(netns, out, route.gateway or pkt.dst, pkt)     # the common case, first
        return None
    if rtype == "local":
        out = loopback(netns) or out
        if not out.admin_up:
            out.stat("tx_dropped")              # lo's noop qdisc drops it (dev_queue_xmit counts it)
            if pkt.trace is not None:
                pkt.trace.add(node_name(netns), "drop", "lo is down: loopback traffic is lost")
            return None
        _arp.resolve_and_send(netns, out, pkt.dst, pkt)
        return None
    if not out.admin_up:
        if pkt.trace is not None:
            pkt.trace.add(node_name(netns), "drop", f"{out.name} is down")
        return "ENETDOWN"
    if route.type == "broadcast" or pkt.dst == LIMITED_BROADCAST:
        _arp.resolve_and_send(netns, out, pkt.dst, pkt, dst_mac=BROADCAST)
        return None
    _arp.resolve_and_send(netns, out, route.gateway or pkt.dst, pkt)
    return None


def _reject(netns: "NetNS", pkt: "Packet", verdict: Any, local: bool = False) -> None:
    """REJECT: an ICMP error (or a TCP reset) back to the packet's source; for a packet to a local address
    (INPUT: its route is RTCF_LOCAL) __icmp_send answers from that address."""
    how = verdict.reject_with
    if how == "tcp-reset" and pkt.proto == "tcp":
        _delivery.send_rst(netns, pkt)
        return
    type_, code = _icmp.REJECT_WITH.get(how, (3, 3))
    _icmp.icmp_error(netns, pkt, type_, code, pkt.dst if local else None)


# -- receiving -------------------------------------------------------------------------------------
def ip_receive(netns: "NetNS", link: "Link", pkt: "Packet", skip_prerouting: bool = False) -> None:
    """An IPv4 packet arrived on `link`: PREROUTING, then local delivery or forwarding."""
    tr = pkt.trace
    _snmp.ip_in(netns, pkt)
    nf = netns.netfilter
    nf_on = nf is not None and nf.active
    if not skip_prerouting and nf_on:
        verdict = nf_hook(netns, "PREROUTING", pkt, link, None)
        if verdict is not ACCEPT and not verdict.accepted:
            if tr is not None:
                tr.add(node_name(netns), "drop", f"iptables PREROUTING: {verdict.rule or verdict.action}")
            return
    route = _cached_lookup(netns, pkt.dst, None, pkt, link)[0]
    if route is not None and route.type not in ("local", "broadcast"):
        route = None
    elif route is None and pkt.dst._version == 4 and (netns.links.get(1) or link).__dict__.get("inet_off"):
        # lo without in_device fails only output to a local address (__mkroute_output); input takes the route
        route = routes_of(netns).first_of_type(RT_TABLE_LOCAL, 4, pkt.dst._ip, "local")
    if route is None and pkt.dst == LIMITED_BROADCAST:
        route = Route(dst=ipaddress.IPv4Network("255.255.255.255/32"), dev=link, table=RT_TABLE_LOCAL,
                      type="broadcast", proto="kernel", scope="link")
    if route is not None:
        if tr is not None:
            tr.add(node_name(netns), "receive", f"{pkt.dst} is local ({route_text(route)})")
        if nf_on:
            verdict = nf_hook(netns, "INPUT", pkt, link, None)
            if verdict is not ACCEPT and not verdict.accepted:
                if tr is not None:
                    tr.add(node_name(netns), "drop", f"iptables INPUT: {verdict.rule or verdict.action}")
                if verdict.action == "REJECT":
                    _reject(netns, pkt, verdict, local=route.type == "local")
                return
        if netns.ipvs is not None and _ipvs.local_in(netns, link, pkt):   # IPVS (net/ipvs.py)
            return
        _delivery.deliver(netns, link, pkt, route.type == "broadcast")
        return
    if link.kind == LOOPBACK:
        if pkt.proto == "icmp" and pkt.icmp_type == 8 and (not nf_on or nf_hook(netns, "INPUT", pkt, link, None).accepted):
            _snmp.delivered(netns, pkt, False)  # sent on link out of lo (ping -I lo): the output route's RTCF_LOCAL
        return                                  # delivers it; icmp_reply's route from a foreign source is EINVAL
    ip_forward(netns, link, pkt)


def forwarding(netns: "NetNS", link: "Link") -> bool:
    """IN_DEV_FORWARD: the input device's forwarding switch (net.ipv4.ip_forward sets them all)."""
    own = netns.sysctls.get(f"net.ipv4.conf.{link.name}.forwarding")
    if own is not None:
        return own == "1"
    return _devconf.forwarding(netns, link)


def _rp_filter(netns: "NetNS", link: "Link") -> int:
    """The effective rp_filter mode: the larger of conf.all and the device's (0 off, 1 strict, 2 loose)."""
    return _devconf.maxconf(netns, link, "rp_filter")


def ip_forward(netns: "NetNS", link: "Link", pkt: "Packet") -> None:
    """Forward a packet that is not for this netns (when net.ipv4.ip_forward=1)."""
    tr = pkt.trace
    if pkt.dst == LIMITED_BROADCAST or is_broadcast(netns, pkt.dst) or pkt.dst.is_multicast:
        return
    if not forwarding(netns, link):
        if tr is not None:
            tr.add(node_name(netns), "drop", f"{pkt.dst} is not local and net.ipv4.ip_forward=0: dropped")
        _snmp.inc(netns, "Ip", "InAddrErrors")          # ip_error: EHOSTUNREACH without forwarding
        return
    if _rp_filter(netns, link) == 1:
        back = lookup_route(netns, pkt.src)
        if back is None or back.dev is not link:
            if tr is not None:
                tr.add(node_name(netns), "drop", f"rp_filter: {pkt.src} is not reachable via {link.name}")
            return
    route, err = _cached_lookup(netns, pkt.dst, None, pkt, link)
    if route is None or route.type != "unicast":
        if tr is not None:
            tr.add(node_name(netns), "drop", f"no route to {pkt.dst}: {err or 'not unicast'}")
        code = {"Network is unreachable": 0, "No route to host": 1, "Permission denied": 13}.get(err or "")
        if code == 0:
            _snmp.inc(netns, "IpExt", "InNoRoutes")
        if code is not None:
            _icmp.route_error(netns, pkt, code)        # ip_error: its own rate limit, then icmp_send
        return
    if pkt.ttl <= 1:
        if tr is not None:
            tr.add(node_name(netns), "drop", "TTL exceeded in transit (ICMP time exceeded)")
        _snmp.inc(netns, "Ip", "InHdrErrors")
        _icmp.icmp_error(netns, pkt, 11, 0)
        return
    if route.dev is link:
        _redirects.maybe_send(netns, link, pkt, route)
    pkt.ttl -= 1
    if tr is not None:
        tr.add(node_name(netns), "forward", f"{route_text(route)} (ttl {pkt.ttl})")
    verdict = nf_hook(netns, "FORWARD", pkt, link, route.dev) if _nf_on(netns) else ACCEPT
    if verdict is not ACCEPT and not verdict.accepted:
        if tr is not None:
            tr.add(node_name(netns), "drop", f"iptables FORWARD: {verdict.rule or verdict.action}")
        if verdict.action == "REJECT":
            _reject(netns, pkt, verdict)
        return
    if netns.ipvs is not None:                         # IPVS replies without conntrack (net/ipvs.py)
        _ipvs.out(netns, pkt)
    _snmp.forwarded(netns, pkt)
    output_finish(netns, pkt, route)


# the datapath's modules call each other; bound here, after every definition
from course_lib.net import arp as _arp  # noqa: E402
from course_lib.net import delivery as _delivery  # noqa: E402
from course_lib.net import express as _express  # noqa: E402
from course_lib.net import icmp as _icmp  # noqa: E402
from course_lib.net import ipvs as _ipvs  # noqa: E402
from course_lib.net import redirects as _redirects  # noqa: E402
from course_lib.net import snmp as _snmp  # noqa: E402
