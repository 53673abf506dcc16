"""IPv6 and a device's MTU (addrconf_notify NETDEV_CHANGEMTU): below IPV6_MIN_MTU (1280) a device has no IPv6.

A device whose MTU goes below 1280 loses its IPv6 addresses, routes and neighbours (addrconf_ifdown). Any device
but lo loses its inet6_dev too, with its net.ipv6.conf.DEV / net.ipv6.neigh.DEV sysctls; at 1280 or more a new
one is made (conf from conf.default) and, if the device is up, it configures itself again (a link-local address).
lo keeps its inet6_dev, whose mtu stays what it was: ::1 comes back only at lo's next up with an MTU of 1280 or
more (init_loopback). A device made or brought up below 1280 gets no IPv6 at all (ipv6_add_dev refuses it).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from course_lib.net.link import LOOPBACK

if TYPE_CHECKING:
    from course_lib.net.link import Link

IPV6_MIN_MTU = 1280
MTU6 = "mtu6"              # lo: its inet6_dev's mtu while the device's is below 1280 (not updated then)


def no_inet6_dev(link: "Link") -> bool:
    """The device has no inet6_dev (its IPv6 sysctls do not exist): any device but lo below 1280."""
    return link.mtu < IPV6_MIN_MTU and link.kind != LOOPBACK


def conf_mtu(link: "Link") -> int:
    """net.ipv6.conf.DEV.mtu as the inet6_dev holds it."""
    return link.__dict__.get(MTU6, link.mtu)


def mtu_changed(link: "Link", old: int) -> None:
    """addrconf_notify(NETDEV_CHANGEMTU) after the MTU went from `old` to link.mtu."""
    from course_lib.net import addrs
    mtu = link.mtu
    if mtu < IPV6_MIN_MTU:
        if link.kind == LOOPBACK:
            link.__dict__.setdefault(MTU6, old if old >= IPV6_MIN_MTU else mtu)
        _ifdown(link)
        if old >= IPV6_MIN_MTU and link.kind != LOOPBACK:
            _forget_conf(link)
        return
    link.__dict__.pop(MTU6, None)
    if old < IPV6_MIN_MTU and link.kind != LOOPBACK:
        from course_lib.net import chatter
        chatter.inherit(link)                   # a new inet6_dev: conf.default's written keys
        addrs.carrier_changed(link)             # and, up with carrier, its link-local address


def _ifdown(link: "Link") -> None:
    """addrconf_ifdown: the device's IPv6 addresses, routes and neighbours go."""
    netns = link.netns
    netns.addresses[:] = [a for a in netns.addresses if not (a.link is link and a.family == 6)]
    netns.routes[:] = [r for r in netns.routes if not (r.dev is link and r.family == 6)]
    netns.neighbours[:] = [n for n in netns.neighbours if not (n.link is link and n.ip.version == 6)]
    link.has_v6 = False


def _forget_conf(link: "Link") -> None:
    """The inet6_dev goes with the values written for it."""
    sysctls = link.netns.sysctls
    for prefix in (f"net.ipv6.conf.{link.name}.", f"net.ipv6.neigh.{link.name}."):
        for key in [k for k in sysctls if k.startswith(prefix) and "." not in k[len(prefix):]]:
            del sysctls[key]
