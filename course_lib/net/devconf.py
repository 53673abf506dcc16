"""IPv4 per-device settings as the kernel's in_device conf holds them, and the IN_DEV_* rules the datapath reads.

A device's `net.ipv4.conf.DEV.ITEM` is its own value once written (netns.sysctls); until then it follows every
write of conf.default (devinet_copy_dflt_conf) unless it stopped following: an IPv4 address added to it freezes
all its keys (rtm_to_ifaddr: ipv4_devconf_setall, FROZEN), and a device that arrived in the netns after a key's
first write of conf.default copied that key's "written" bit with the rest of devconf_dflt (inetdev_init, COPIED).
`forwarding` never follows conf.default: a device takes conf.default's at arrival, and a change of ip_forward
(conf.all.forwarding) sets every device's (inet_forward_change). A device moved to another netns gets a new
in_device there: it forgets what it froze or copied in the old one.

The datapath combines the device's value with conf.all as the kernel's macros do: rp_filter, arp_ignore and
arp_announce the larger (IN_DEV_MAXCONF), accept_local, route_localnet, send_redirects, proxy_arp the OR
(IN_DEV_ORCONF), forwarding the device's alone (IN_DEV_FORWARD).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS

# per-interface IPv4 keys with a fresh device's value (devinet.c's ipv4_devconf_dflt)
FRESH = {"forwarding": "0", "rp_filter": "0", "proxy_arp": "0", "accept_redirects": "1", "send_redirects": "1",
         "arp_ignore": "0", "arp_announce": "0", "route_localnet": "0", "accept_local": "0", "arp_filter": "0"}
FROZEN = "conf_frozen"      # a link's conf.default values when it got its first IPv4 address (ipv4_devconf_setall)
COPIED = "conf_copied"      # keys whose conf.default "written" bit a link copied when it arrived: their values then
WRITTEN = "_conf_default_written"   # netns: the conf.default keys written so far (their bit set in devconf_dflt)
DEFAULT = "net.ipv4.conf.default."


def followed(netns: "NetNS", dev: str, item: str) -> Optional[str]:
    """The value of an IPv4 per-interface key nobody wrote for device `dev` (or "default"), None when it is the
    fresh value: forwarding as the device took it (or ip_forward), else what it copied, froze or follows."""
    link = netns.link_by_name(dev) if dev != "default" else None
    if link is None:
        return netns.sysctls.get(DEFAULT + item)
    return _followed(netns, link, item)


def _followed(netns: "NetNS", link: "Link", item: str) -> Optional[str]:
    fields = link.__dict__
    copied = fields.get(COPIED)
    if copied is not None and item in copied:
        return copied[item]
    if item == "forwarding":
        return netns.sysctls.get("net.ipv4.ip_forward", "0")
    frozen = fields.get(FROZEN)
    return (netns.sysctls if frozen is None else frozen).get(DEFAULT + item)


def raw(netns: "NetNS", link: "Link", item: str) -> str:
    """The device's own value of `item` as the datapath reads it (in_dev->cnf), as the sysctl shows it."""
    found = netns.sysctls.get(f"net.ipv4.conf.{link.name}.{item}")
    if found is None:
        found = _followed(netns, link, item)
        if found is None:
            found = FRESH.get(item, "0")
    return found


def value(netns: "NetNS", link: "Link", item: str) -> int:
    """raw() as an int."""
    found = raw(netns, link, item)
    return int(found) if found.strip().lstrip("-").isdigit() else 0


def _all(netns: "NetNS", item: str) -> int:
    raw = netns.sysctls.get(f"net.ipv4.conf.all.{item}", FRESH.get(item, "0"))
    return int(raw) if raw.strip().lstrip("-").isdigit() else 0


def maxconf(netns: "NetNS", link: "Link", item: str) -> int:
    """IN_DEV_MAXCONF: the larger of conf.all and the device's (rp_filter: 0 off, 1 strict, 2 loose)."""
    return max(_all(netns, item), value(netns, link, item))


def orconf(netns: "NetNS", link: "Link", item: str) -> bool:
    """IN_DEV_ORCONF: conf.all or the device's (accept_local, route_localnet, send_redirects, proxy_arp)."""
    return bool(_all(netns, item)) or bool(value(netns, link, item))


def forwarding(netns: "NetNS", link: "Link") -> bool:
    """IN_DEV_FORWARD: the device's own forwarding."""
    return value(netns, link, "forwarding") != 0


def rx_redirects(netns: "NetNS", link: "Link") -> bool:
    """IN_DEV_RX_REDIRECTS: a forwarding device takes redirects when conf.all and it accept them, another when
    either does."""
    if forwarding(netns, link):
        return bool(_all(netns, "accept_redirects")) and bool(value(netns, link, "accept_redirects"))
    return orconf(netns, link, "accept_redirects")


def arrive(link: "Link") -> None:
    """A link arrives in a netns (made, or moved there): a new in_device copies conf.default with its "written"
    bits (the keys written there stop following for it) and its forwarding; nothing frozen yet."""
    netns = link.netns
    fields = link.__dict__
    fields.pop(FROZEN, None)
    sysctls = netns.sysctls
    written = netns.__dict__.get(WRITTEN, ())
    copied = {item: sysctls.get(DEFAULT + item, FRESH.get(item)) for item in written if item != "forwarding"}
    forwarding = sysctls.get(DEFAULT + "forwarding", "0")
    if "forwarding" in written and forwarding != sysctls.get("net.ipv4.ip_forward", "0"):
        copied["forwarding"] = forwarding   # (unwritten, conf.default's is ip_forward's: the device follows that)
    if copied:
        fields[COPIED] = copied
    else:
        fields.pop(COPIED, None)


def default_written(netns: "NetNS", item: str) -> None:
    """Before a write of conf.default.ITEM: its "written" bit is set from now on (devices arriving later copy it)."""
    written = netns.__dict__.get(WRITTEN)
    if written is None:
        written = netns.__dict__[WRITTEN] = set()
    written.add(item)


def freeze(netns: "NetNS", link: "Link") -> None:
    """rtm_to_ifaddr's ipv4_devconf_setall: the device stops following conf.default."""
    if FROZEN not in link.__dict__:
        link.__dict__[FROZEN] = {k: v for k, v in netns.sysctls.items() if k.startswith(DEFAULT)}
