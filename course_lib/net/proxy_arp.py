"""Proxy ARP: the pneigh table (`ip neigh add proxy`, `arp -s ... pub`) and when a netns answers for others.

arp_process() answers a request for an address that is not its own only when forwarding is on for the
receiving device, the input route to the target is unicast and leaves by ANOTHER device, and either
net.ipv4.conf.{all,DEV}.proxy_arp is on or the pneigh table holds the target for that device (or for
no device). It learns the sender (STALE) and replies with the receiving device's MAC; a broadcast
request is answered after a random 0..proxy_delay (net.ipv4.neigh.DEV.proxy_delay, 80 centiseconds)
as pneigh_enqueue() delays it, a unicast one at once. The table is hashed on the address
(pneigh_hash, 16 buckets, newest first in a bucket): `ip neigh show proxy` and /proc/net/arp list it
in that order. Entries of a device that left the netns are gone (pneigh_ifdown), here when next read.
"""
from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any, Optional

from course_lib.net import devconf
from course_lib.net.netns import Neighbour

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS

HZ = 250                    # jiffies per second (Debian's CONFIG_HZ)
USER_HZ = 100               # proxy_delay is given in centiseconds


def _table(netns: "NetNS") -> list[Neighbour]:
    table = netns.__dict__.get("proxy_neigh")
    if table is None:
        table = netns.__dict__["proxy_neigh"] = []
    if table:
        links = netns.links.values()
        gone = [n for n in table if n.link is not None and (n.link.netns is not netns or n.link not in links)]
        for n in gone:
            table.remove(n)
    return table


def bucket(ip: Any) -> int:
    """pneigh_hash(): the last 4 bytes of the key as a host (little-endian) word, folded to 4 bits."""
    value = int.from_bytes(ipaddress.ip_address(ip).packed[-4:], "little")
    value ^= value >> 16
    value ^= value >> 8
    value ^= value >> 4
    return value & 0xF


def entries(netns: "NetNS") -> list[Neighbour]:
    """The pneigh tables in the kernel's dump order: arp_tbl's then nd_tbl's (IPv6 proxies), each by hash
    bucket, newest first within a bucket."""
    table = _table(netns)
    order = {id(n): i for i, n in enumerate(table)}
    return sorted(table, key=lambda n: (n.ip.version, bucket(n.ip), -order[id(n)]))


def find(netns: "NetNS", ip: Any, link: Optional["Link"]) -> Optional[Neighbour]:
    """The entry for `ip` on exactly `link` (None: the device-less entry)."""
    ip = ipaddress.ip_address(ip)
    return next((n for n in _table(netns) if n.ip == ip and n.link is link), None)


def add(netns: "NetNS", ip: Any, link: Optional["Link"]) -> None:
    """pneigh_lookup(creat=1): an existing entry stays as it is (no EEXIST, whatever the flags)."""
    if find(netns, ip, link) is None:
        _table(netns).append(Neighbour(ip=ipaddress.ip_address(ip), link=link, mac=None,  # type: ignore[arg-type]
                                       state="PROXY"))


def delete(netns: "NetNS", ip: Any, link: Optional["Link"]) -> bool:
    """pneigh_delete(): the entry for `ip` on exactly `link`; False when there is none."""
    found = find(netns, ip, link)
    if found is None:
        return False
    _table(netns).remove(found)
    return True


def _lookup(netns: "NetNS", ip: Any, link: "Link") -> bool:
    """pneigh_lookup(creat=0): an entry for `ip` on `link` or on no device."""
    table = netns.__dict__.get("proxy_neigh")
    return bool(table) and any(n.ip == ip and (n.link is link or n.link is None) for n in _table(netns))


def _flag(netns: "NetNS", link: "Link", name: str) -> bool:
    """IN_DEV_ORCONF: conf.all or the device's own value (course_lib.net.devconf)."""
    return devconf.orconf(netns, link, name)


def may_answer(netns: "NetNS", link: "Link") -> bool:
    """Whether `netns` could proxy a request arriving on `link` at all (a cheap test for the flood paths)."""
    return bool(netns.__dict__.get("proxy_neigh")) or _flag(netns, link, "proxy_arp")


def answers(netns: "NetNS", link: "Link", spa: Any, tpa: Any) -> bool:
    """arp_process()'s proxy test for a request from `spa` for `tpa` (not ours) arriving on `link`."""
    if not spa._ip or not may_answer(netns, link):
        return False
    from course_lib.net.routing import route_get_lookup
    route, _ = route_get_lookup(netns, tpa, src=spa, iif=link)
    if route is None or route.type != "unicast" or route.dev is None or route.dev is link:
        return False
    return _flag(netns, link, "proxy_arp") or _lookup(netns, tpa, link)


def reply_delay(netns: "NetNS", link: "Link", broadcast: bool) -> float:
    """0 for a unicast request or proxy_delay 0, else pneigh_enqueue's random wait (model seconds)."""
    if not broadcast:
        return 0.0
    raw = netns.sysctls.get(f"net.ipv4.neigh.{link.name}.proxy_delay",
                            netns.sysctls.get("net.ipv4.neigh.default.proxy_delay", "80"))
    try:
        jiffies = int(raw) * HZ // USER_HZ
    except ValueError:
        jiffies = 0
    if jiffies <= 0:
        return 0.0
    return netns.machine.network.random().randrange(jiffies) / HZ
