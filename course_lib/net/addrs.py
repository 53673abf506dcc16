"""Addresses of the model and the kernel routes that follow them and their link's state.

IPv4 (as fib_add_ifaddr does): `local IP` in table local as soon as the address exists; once the link
is UP also the prefix route (`proto kernel scope link src IP`, not for /32 nor secondaries) in main
and `broadcast` routes in local. Link DOWN removes every route of the link except the local ones.
IPv6: `::1` on lo and an EUI-64 `fe80::/64` link-local when a link is up with carrier, with their
`fe80::/64`, `local` and `multicast ff00::/8` routes; DOWN removes all IPv6 addresses of the link.
"""
from __future__ import annotations

import functools
import ipaddress
import operator
from typing import TYPE_CHECKING, Optional

from course_lib.net import chatter
from course_lib.net.link import LOOPBACK
from course_lib.net.netns import RT_TABLE_LOCAL, RT_TABLE_MAIN, Address, Route, kernel_route, new_address
from course_lib.net.route_table import routes_of
from course_lib.result import CommandError

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS

IPv4Interface = ipaddress.IPv4Interface
LOOPBACK_V4 = ipaddress.IPv4Interface("127.0.0.1/8")
LOOPBACK_V6 = ipaddress.IPv6Interface("::1/128")
ALL_V6_MULTICAST = ipaddress.IPv6Network("ff00::/8")
SCOPE_NUMBERS = {"global": 0, "site": 200, "link": 253, "host": 254, "nowhere": 255}
LL_PREFIX = ipaddress.IPv6Network("fe80::/64")
_LINK_OF = operator.attrgetter("link")


def _slow_link_local(value: int) -> ipaddress.IPv6Interface:
    return ipaddress.IPv6Interface((value, 64))


def _quick_link_local(value: int) -> ipaddress.IPv6Interface:
    """IPv6Interface((value, 64)) for an address of fe80::/64, its network the one (immutable) LL_PREFIX: the
    fields IPv6Interface.__init__ sets, without parsing the tuple and making the network again."""
    iface = _new(_IPv6Interface)
    iface._ip = value
    iface._scope_id = None
    iface.__dict__.update(_LL_FIELDS)
    return iface


def _link_local_maker():
    """_quick_link_local when it makes what IPv6Interface makes on this Python (same fields, equal values)."""
    value = 0xFE80 << 112 | 0x0200_00FF_FE00_0001
    slow, quick = _slow_link_local(value), _quick_link_local(value)
    same = vars(slow).keys() == vars(quick).keys() and all(
        getattr(slow, key) == getattr(quick, key) for key in ("_ip", "_scope_id", *vars(slow)))
    return _quick_link_local if same and slow == quick and slow.network == LL_PREFIX else _slow_link_local


_new = object.__new__
_IPv6Interface = ipaddress.IPv6Interface
_LL_FIELDS = {"network": LL_PREFIX, "netmask": LL_PREFIX.netmask, "_prefixlen": 64}
_link_local = _link_local_maker()
_FE80 = 0xFE80 << 112


@functools.lru_cache(maxsize=4096)
def eui64_link_local(mac: str) -> ipaddress.IPv6Interface:
    """fe80::/64 address from a MAC (universal/local bit flipped, ff:fe in the middle); the same MAC gives
    the same (immutable) address object."""
    b = int(mac.replace(":", ""), 16) ^ 0x0200_0000_0000          # 48 bits, the U/L bit flipped
    return _link_local(_FE80 | (b >> 24) << 40 | 0xFF_FE << 24 | (b & 0xFF_FFFF))


def _running(link: "Link") -> bool:
    return link.admin_up and link.carrier()


def _host(ip) -> ipaddress._BaseNetwork:
    """The /32 (/128) network of an address or interface (immutable, so one object per address is shared)."""
    return _host_network(ip._version, ip._ip)


@functools.lru_cache(maxsize=8192)
def _host_network(version: int, value: int) -> ipaddress._BaseNetwork:
    return _make_host(version, value)


def _slow_host(version: int, value: int) -> ipaddress._BaseNetwork:
    return ipaddress.IPv4Network((value, 32)) if version == 4 else ipaddress.IPv6Network((value, 128))


def _quick_host(version: int, value: int) -> ipaddress._BaseNetwork:
    """_slow_host's network without parsing the tuple: the fields IPv4Network/IPv6Network.__init__ set for a
    host prefix (its `hosts` the one-address list it makes), the address and mask the shared immutable ones."""
    cls, address, plen = (_IPv4Network, _IPv4Address, 32) if version == 4 else (_IPv6Network, _IPv6Address, 128)
    net = _new(cls)
    net.network_address = _address_object(version, value)
    net.netmask = _ALL_ONES[version]
    net._prefixlen = plen
    net.hosts = lambda: [address(value)]
    return net


def _host_maker():
    """_quick_host when it makes what the ipaddress constructors make on this Python (same fields, equal values)."""
    for version, value in ((4, 0x0A00_0001), (6, 0xFE80 << 112 | 7)):
        slow, quick = _slow_host(version, value), _quick_host(version, value)
        if vars(slow).keys() != vars(quick).keys() or slow != quick or hash(slow) != hash(quick) or \
                slow.hosts() != quick.hosts() or str(slow) != str(quick) or any(
                    getattr(slow, key) != getattr(quick, key) for key in ("network_address", "netmask", "_prefixlen")):
            return _slow_host
    return _quick_host


def _ip_of(addr: Address) -> ipaddress._BaseAddress:
    """addr.ip, one shared (immutable) object per address value."""
    return _address_object(addr.interface._version, addr.interface._ip)


@functools.lru_cache(maxsize=8192)
def _address_object(version: int, value: int) -> ipaddress._BaseAddress:
    return ipaddress.IPv4Address(value) if version == 4 else ipaddress.IPv6Address(value)


_IPv4Network, _IPv6Network = ipaddress.IPv4Network, ipaddress.IPv6Network
_IPv4Address, _IPv6Address = ipaddress.IPv4Address, ipaddress.IPv6Address
_ALL_ONES = {4: ipaddress.IPv4Address((1 << 32) - 1), 6: ipaddress.IPv6Address((1 << 128) - 1)}
_make_host = _host_maker()


def _add_route(netns: "NetNS", route: Route) -> None:
    """Add a kernel route unless the same one (device, table, metric, type, dst, gateway) is there."""
    routes_of(netns).add_unique(route)


def _primary_for(netns: "NetNS", addr: Address) -> Optional[Address]:
    """The primary IPv4 address of the same subnet on the same link (None if `addr` is primary)."""
    for a in netns.addresses:
        if a is addr:
            return None
        if a.link is addr.link and a.family == 4 and not a.secondary and \
                a.interface.network == addr.interface.network and a.interface.network.prefixlen == \
                addr.interface.network.prefixlen:
            return a
    return None


def _v4_routes_up(addr: Address) -> None:
    """Prefix and broadcast routes of an IPv4 address on an UP link."""
    link, netns = addr.link, addr.link.netns
    # a primary address has no earlier primary of its subnet on the link (it would have made it secondary,
    # and addresses are only appended), so only a secondary needs the search
    primary = (_primary_for(netns, addr) or addr) if addr.secondary else addr
    src = _ip_of(primary)
    if addr.broadcast is not None and int(addr.broadcast) != 0xFFFFFFFF:
        _add_route(netns, kernel_route(_host(addr.broadcast), link, RT_TABLE_LOCAL, "broadcast", "link", src, 0))
    # fib_add_ifaddr(): the prefix is IFA_ADDRESS's -- the peer's for a point-to-point address
    net = addr.peer.network if addr.peer is not None else addr.interface.network
    if addr.secondary or int(net.network_address) == 0 or (net.prefixlen == 32 and addr.peer is None):
        return
    if not addr.noprefixroute:
        loopback = link.kind == LOOPBACK
        _add_route(netns, kernel_route(net, link, RT_TABLE_LOCAL if loopback else RT_TABLE_MAIN,
                                       "local" if loopback else "unicast", "host" if loopback else "link", src,
                                       addr.metric))
    if net.prefixlen < 31:
        broadcast = net.network_address._ip | 0xFFFF_FFFF >> net._prefixlen      # net.broadcast_address's value
        _add_route(netns, kernel_route(_host_network(4, broadcast), link, RT_TABLE_LOCAL, "broadcast", "link", src, 0))


def _v6_routes(addr: Address) -> None:
    link, netns = addr.link, addr.link.netns
    routes = routes_of(netns)
    routes.add_unique(kernel_route(_host(addr.interface), link, RT_TABLE_LOCAL, "local", "global", None, 0))
    if link.kind == LOOPBACK:
        return
    if not addr.noprefixroute:
        routes.add_unique(kernel_route(addr.interface.network, link, RT_TABLE_MAIN, "unicast", "global", None, 256))
    routes.add_unique(kernel_route(ALL_V6_MULTICAST, link, RT_TABLE_LOCAL, "multicast", "global", None, 256))


def scope_number(scope: str) -> int:
    """rtnl_rtscope_a2n: the number of a scope name (or a number given as text)."""
    number = SCOPE_NUMBERS.get(scope)
    return number if number is not None else int(scope) if scope.isdigit() else 0


def _v4_position(netns: "NetNS", addr: Address) -> Optional[int]:
    """__inet_insert_ifa(): a secondary (same subnet and mask as an address of the link) goes last
    (None); a primary right after the link's last primary of a scope at least as narrow (host before
    link before site before global), or before the link's first address. A same-subnet address of
    another scope is refused."""
    scope = scope_number(addr.scope)
    after_primary: Optional[int] = None
    first: Optional[int] = None
    secondary = False
    for i, a in enumerate(netns.addresses):
        if a.link is not addr.link or a.family != 4:
            continue
        if first is None:
            first = i
        if not a.secondary and scope <= scope_number(a.scope):
            after_primary = i + 1
        if a.interface.network == addr.interface.network:
            if a.scope != addr.scope:
                raise CommandError("Error: ipv4: Invalid scope value.", 2)
            secondary = True
    addr.secondary = secondary
    if secondary or first is None:
        return None
    return after_primary if after_primary is not None else first


def insert_address(netns: "NetNS", addr: Address) -> None:
    """Put an address in the list the way the kernel orders it, with its routes."""
    if addr.family == 4:
        position = _v4_position(netns, addr)
        if position is None:
            netns.addresses.append(addr)
        else:
            netns.addresses.insert(position, addr)
        primary = (_primary_for(netns, addr) or addr) if addr.secondary else addr
        _add_route(netns, kernel_route(_host(addr.interface), addr.link, RT_TABLE_LOCAL, "local", "host",
                                       _ip_of(primary), 0))
        if addr.link.admin_up:
            _v4_routes_up(addr)
    else:
        netns.addresses.append(addr)
        addr.link.has_v6 = True
        _v6_routes(addr)


def add_address(link: "Link", interface, *, broadcast=None, scope: Optional[str] = None,
                label: Optional[str] = None, peer=None, noprefixroute: bool = False,
                replace: bool = False, metric: int = 0,
                lifetimes: Optional[tuple[Optional[int], Optional[int]]] = None, conf_flags: tuple = ()) -> Address:
    """`ip addr add`: refuses a duplicate with the kernel's error. `lifetimes` (valid, preferred) in
    seconds, None for forever; `replace` of an existing address changes only its lifetimes."""
    netns = link.netns
    if label is not None and len(label) > 15:          # IFA_LABEL: at most IFNAMSIZ - 1 characters
        raise CommandError("Error: Attribute failed policy validation.", 2)
    value, version = interface._ip, interface._version
    # (the walk only when the link has an address: looked for at C speed)
    for a in netns.addresses if link in map(_LINK_OF, netns.addresses) else ():
        # a.ip == interface.ip, without making the two address objects
        if a.link is link and a.interface._ip == value and a.interface._version == version:
            if a.family == 4 and a.interface.network.prefixlen != interface.network.prefixlen:
                continue
            if replace:
                if lifetimes is not None:
                    set_lifetimes(a, *lifetimes)
                return a
            if a.family == 4:
                raise CommandError("Error: ipv4: Address already assigned.", 2)
            raise CommandError("Error: ipv6: address already assigned.", 2)
    if scope is None:
        scope = "host" if (interface.version == 4 and interface.ip.is_loopback) or \
            (interface.version == 6 and interface.ip.is_loopback) else \
            ("link" if interface.version == 6 and interface.ip.is_link_local else "global")
    addr = new_address(link, interface, broadcast, scope, label, peer, noprefixroute)
    addr.metric = metric
    addr.conf_flags = conf_flags
    if lifetimes is not None:
        set_lifetimes(addr, *lifetimes)
    insert_address(netns, addr)
    if version == 4 and netns.__dict__.get("_dead_nexthops"):
        for r in netns.routes:                  # fib_sync_up: the device's multipath nexthops live again
            r.__dict__.get("dead_devs", set()).discard(link)
    return addr


def _now(link: "Link") -> float:
    return link.netns.machine.network.clock


def set_lifetimes(addr: Address, valid: Optional[int], preferred: Optional[int]) -> None:
    """set_ifa_lifetime(): a finite valid lifetime makes the address dynamic; an infinite one
    (IFA_F_PERMANENT) makes both lifetimes forever."""
    now = _now(addr.link)
    addr.valid_until = None if valid is None else now + valid
    addr.preferred_until = None if valid is None or preferred is None else now + preferred
    addr.dynamic = valid is not None


def remaining_lifetimes(addr: Address) -> tuple[Optional[int], Optional[int]]:
    """(valid, preferred) seconds left as the kernel reports them (None: forever)."""
    if addr.valid_until is None:
        return None, None
    now = _now(addr.link)
    left = lambda until: None if until is None else max(0, int(until - now))  # noqa: E731
    return left(addr.valid_until), left(addr.preferred_until)


def expire_addresses(netns: "NetNS") -> None:
    """check_lifetime(): addresses whose valid lifetime ran out are deleted."""
    now = netns.machine.network.clock
    for a in [a for a in netns.addresses if a.valid_until is not None and a.valid_until <= now]:
        if a in netns.addresses:
            remove_address(a)


def _drop_routes(netns: "NetNS", pred) -> None:
    netns.routes[:] = [r for r in netns.routes if not pred(r)]


def remove_address(addr: Address) -> None:
    """`ip addr del`: the address and its kernel routes; the kernel promotes no secondary (promote_secondaries=0)
    -- deleting a primary deletes its secondaries too."""
    netns = addr.link.netns
    victims = [addr]
    if addr.family == 4 and not addr.secondary:
        victims += [a for a in netns.addresses if a is not addr and a.link is addr.link and a.family == 4
                    and a.secondary and a.interface.network == addr.interface.network]
    for v in victims:
        netns.addresses.remove(v)
    if addr.family == 6:
        addr.link.has_v6 = any(a.link is addr.link and a.family == 6 for a in netns.addresses)
    for v in victims:
        ip, link = v.ip, v.link
        if v.family == 4:
            _drop_routes(netns, lambda r: r.dev is link and r.proto == "kernel" and r.family == 4 and (
                r.src == ip or (r.type == "local" and r.dst.network_address == ip)))
            # the local/broadcast routes shared with remaining addresses come back
            for a in netns.addresses:
                if a.link is link and a.family == 4:
                    primary = _primary_for(netns, a) or a
                    _add_route(netns, Route(dst=_host(a.ip), dev=link, table=RT_TABLE_LOCAL, type="local",
                                            proto="kernel", scope="host", src=primary.ip))
                    if link.admin_up:
                        _v4_routes_up(a)
        else:
            _drop_routes(netns, lambda r: r.dev is link and r.family == 6 and r.type == "local" and
                         r.dst.network_address == ip)
            if not any(a.link is link and a.family == 6 and a.interface.network == v.interface.network
                       for a in netns.addresses):
                _drop_routes(netns, lambda r: r.dev is link and r.dst == v.interface.network and r.proto == "kernel")
            if not any(a.link is link and a.family == 6 for a in netns.addresses):
                _drop_routes(netns, lambda r: r.dev is link and r.type == "multicast")
    # static routes whose preferred source vanished die with it (fib_sync_down_addr)
    gone = {v.ip for v in victims}
    if not any(a.ip in gone for a in netns.addresses):
        _drop_routes(netns, lambda r: r.src in gone and r.proto != "kernel")
    # the last IPv4 address of a device gone: IP is disabled there, every route through it goes
    link = addr.link
    if addr.family == 4 and not any(a.link is link and a.family == 4 for a in netns.addresses):
        _multipath_down(netns, link, gone=False, dead=True)     # fib_disable_ip: fib_sync_down_dev(NETDEV_DOWN)
        _drop_routes(netns, lambda r: r.dev is link and r.family == 4 and not r.nexthops)
        netns.neighbours[:] = [n for n in netns.neighbours if not (n.link is link and n.ip.version == 4)]


def link_up(link: "Link") -> None:
    netns = link.netns
    # NETDEV_UP adds 127.0.0.1 when missing, with an in_device (none below a valid IPv4 MTU: inetdev_valid_mtu)
    if link.is_loopback and link.mtu >= 68 and not any(a.link is link and a.interface == LOOPBACK_V4
                                                       for a in netns.addresses):
        add_address(link, LOOPBACK_V4, scope="host")
    for a in list(netns.addresses) if link in map(_LINK_OF, netns.addresses) else ():
        if a.link is link and a.family == 4:
            _v4_routes_up(a)
    if link.kind == "bridge":
        chatter.bridge_up(link)                         # ip_mc_up: a snooping bridge's IGMP join (net.chatter)
    carrier_changed(link)


def _multipath_down(netns: "NetNS", link: "Link", gone: bool, dead: bool = False) -> None:
    """fib_sync_down_dev(): a multipath route loses a nexthop through a device going down (marked dead;
    traffic moves to a live one) and dies when none is left -- or at once when the device is deleted.
    `dead`: the device stays up but lost its last IPv4 address; its IPv4 nexthops are marked dead
    (route.__dict__["dead_devs"], `dead linkdown`) until it gets one again (add_address)."""
    for r in [r for r in netns.routes if r.nexthops and any(dev is link for _, dev, _, _ in r.nexthops)]:
        if dead and r.family != 4:
            continue
        gone_devs = r.__dict__.get("dead_devs", ())
        live = [(gw, dev) for gw, dev, _, _ in r.nexthops if dev is not link and dev.admin_up and dev not in gone_devs]
        if dead and live:
            r.__dict__.setdefault("dead_devs", set()).add(link)
            netns.__dict__["_dead_nexthops"] = True
        if gone or not live:
            netns.routes.remove(r)
        elif r.dev is link:
            r.gateway, r.dev = live[0]
            routes_of(netns)._ids = None          # the identity index holds the old nexthop


def link_down(link: "Link") -> None:
    netns = link.netns
    _multipath_down(netns, link, gone=False)
    _drop_routes(netns, lambda r: r.dev is link and not r.nexthops and not (r.family == 4 and r.type == "local"))
    if link.has_v6:
        netns.addresses[:] = [a for a in netns.addresses if not (a.link is link and a.family == 6)]
        link.has_v6 = False
    # NETDEV_DOWN flushes the device's neighbours, PERMANENT ones included (neigh_ifdown)
    netns.neighbours[:] = [n for n in netns.neighbours if n.link is not link]


def carrier_changed(link: "Link") -> None:
    """Give a link that is now up with carrier its IPv6 addresses (::1 or link-local)."""
    if link.has_v6 or not _running(link):       # has_v6 first: a bridge's carrier may look at every port
        if link.has_v6:
            chatter.carrier_back(link)                  # configured already: MLD reports again on carrier (net.chatter)
        return
    netns = link.netns
    if not chatter.ipv6_on(link):                       # disable_ipv6 (all or the link's), addrgenmode none
        return
    if link.is_loopback:
        add_address(link, LOOPBACK_V6, scope="host")
    else:
        add_address(link, eui64_link_local(link.mac), scope="link")
        chatter.announce(link)


def forget_link(link: "Link") -> None:
    """The link leaves its netns: its addresses, routes and neighbours go."""
    netns = link.netns
    gone = {a.ip for a in netns.addresses if a.link is link}
    netns.addresses[:] = [a for a in netns.addresses if a.link is not link]
    link.has_v6 = False
    _multipath_down(netns, link, gone=True)
    _drop_routes(netns, lambda r: r.dev is link or (r.src in gone and r.proto != "kernel"))
    netns.neighbours[:] = [n for n in netns.neighbours if n.link is not link]


def relabel(link: "Link", old: str, new: str) -> None:
    for a in link.netns.addresses:
        if a.link is link and a.label:
            if a.label == old:
                a.label = None
            elif a.label.startswith(old + ":"):
                a.label = new + a.label[len(old):]


def addresses_in_order(netns: "NetNS", link: "Link") -> list[Address]:
    """A link's addresses as `ip addr` lists them: IPv4 primaries, then secondaries, then IPv6
    (global before link scope, newest first within a scope)."""
    mine = [a for a in netns.addresses if a.link is link]
    v4 = [a for a in mine if a.family == 4]
    v6 = [a for a in mine if a.family == 6]
    rank = {"global": 0, "site": 1, "link": 2, "host": 3}
    v6_sorted = sorted(reversed(v6), key=lambda a: rank.get(a.scope, 0))
    return [a for a in v4 if not a.secondary] + [a for a in v4 if a.secondary] + v6_sorted
