"""Which ARP requests a netns answers and which sender address its own requests carry: arp_ignore, arp_filter
and arp_announce, as arp.c's arp_ignore(), arp_filter() and arp_solicit() read them.

- arp_ignore (IN_DEV_MAXCONF: the larger of conf.all and the device's): 0 answers for any local address, 1 only
  for an address of the receiving device (inet_confirm_addr with scope host), 2 also needs the sender in a subnet
  of that device, 3 for an address of any device that is not host-scope, 4-7 as 0, 8 never.
- arp_filter (IN_DEV_ORCONF): a request is answered only when the route back to the sender (from the target
  address) leaves by the receiving device; a route by another device counts TcpExt ArpFilter.
- arp_announce (IN_DEV_MAXCONF): 0 tells the waiting packet's source when it is local, 1 only when the target is
  on one of the device's subnets with it, 2 never; otherwise inet_select_addr(dev, target, RT_SCOPE_LINK).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from course_lib.net import devconf, snmp
from course_lib.net.routing import SCOPES, inet_select_addr, route_get_lookup

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import Address, NetNS
    from course_lib.net.packet import Packet

_HOST, _LINK = SCOPES["host"], SCOPES["link"]


def _match(ip: Any, a: "Address") -> bool:
    """inet_ifa_match: `ip` is in the address's subnet (its peer's, for a point-to-point address)."""
    return ip in (a.peer or a.interface).network


def _scope(a: "Address") -> int:
    return SCOPES.get(a.scope, int(a.scope) if a.scope.isdigit() else 0)


def _confirm_on(addresses: list, dst: Any, local: Any, scope: int) -> bool:
    """confirm_addr_indev with a target: `local` is one of these addresses with a scope up to `scope`, and one of
    them has a subnet holding `local` (and `dst`, unless 0)."""
    return any(a.ip == local and _scope(a) <= scope for a in addresses) and \
        any(_match(local, a) and (not dst._ip or _match(dst, a)) for a in addresses)


def _v4_of(netns: "NetNS", link: "Link") -> list:
    return [a for a in netns.addresses if a.link is link and a.family == 4]


def ignores(netns: "NetNS", link: "Link", sip: Any, tip: Any) -> bool:
    """arp_ignore(in_dev, sip, tip) for a request for our local address `tip` arriving on `link`."""
    mode = devconf.maxconf(netns, link, "arp_ignore")
    if mode == 8:
        return True
    if mode not in (1, 2, 3):
        return False
    dst = sip if mode == 2 else type(sip)(0)
    if mode == 3:                                   # in_dev NULL: every device of the netns, scope link
        return not any(_confirm_on(_v4_of(netns, dev), dst, tip, _LINK)
                       for dev in netns.links.values() if not dev.__dict__.get("inet_off"))
    return not _confirm_on(_v4_of(netns, link), dst, tip, _HOST)


def filtered(netns: "NetNS", link: "Link", sip: Any, tip: Any) -> bool:
    """IN_DEV_ARPFILTER and arp_filter(): the output route to `sip` from `tip` fails or leaves by another device."""
    if not devconf.orconf(netns, link, "arp_filter"):
        return False
    route, _ = route_get_lookup(netns, sip, src=tip)
    if route is None:
        return True
    if route.dev is not link:
        snmp.inc(netns, "TcpExt", "ArpFilter")
        return True
    return False


def request_source(netns: "NetNS", link: "Link", target: Any, pkt: Optional["Packet"], local: dict) -> Any:
    """arp_solicit's sender address for a request for `target` out of `link`, `pkt` the packet waiting for it
    (None for a probe nothing waits for), `local` the netns's IPv4 addresses by int (arp.local_v4)."""
    mode = devconf.maxconf(netns, link, "arp_announce")
    if pkt is not None and mode != 2:
        src = pkt.src
        if src.version == 4 and src._ip in local and \
                (mode != 1 or any(_match(target, a) and _match(src, a) for a in _v4_of(netns, link))):
            return src
    return inet_select_addr(netns, link, target, _LINK)
