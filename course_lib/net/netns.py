"""One network namespace of the model: its links, addresses, routes, neighbours, sysctls and netfilter."""
from __future__ import annotations

import ipaddress
import operator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

from course_lib.net.link import Link
from course_lib.net.quick import maker
from course_lib.net.route_table import RouteTable

if TYPE_CHECKING:
    from course_lib.net.machine import Machine

RT_TABLE_MAIN = 254
RT_TABLE_LOCAL = 255


@dataclass(eq=False)
class Address:
    """An IPv4 or IPv6 address on a link, as `ip addr` shows it."""

    link: Link
    interface: ipaddress.IPv4Interface | ipaddress.IPv6Interface
    broadcast: Optional[ipaddress.IPv4Address] = None
    scope: str = "global"            # global, link, host
    label: Optional[str] = None
    peer: Optional[ipaddress.IPv4Interface] = None
    noprefixroute: bool = False
    dynamic: bool = False
    tentative: bool = False
    secondary: bool = False          # IPv4: another address of the same subnet on the link came first
    metric: int = 0                  # priority of the prefix route (`ip addr add ... metric N`)
    valid_until: Optional[float] = None      # model time the address goes (None: forever, IFA_F_PERMANENT)
    preferred_until: Optional[float] = None  # model time it becomes deprecated (None: forever)
    conf_flags: tuple = ()           # IPv6 flags given at `ip addr add`: nodad, home, mngtmpaddr, autojoin

    @property
    def ip(self) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
        return self.interface.ip

    @property
    def family(self) -> int:
        return self.interface.version


@dataclass(eq=False)
class Route:
    """One route of a routing table, with the attributes `ip route` prints."""

    dst: ipaddress.IPv4Network | ipaddress.IPv6Network
    dev: Optional[Link] = None
    gateway: Optional[ipaddress.IPv4Address | ipaddress.IPv6Address] = None
    table: int = RT_TABLE_MAIN
    type: str = "unicast"            # unicast, local, broadcast, blackhole, unreachable, prohibit
    proto: str = "boot"              # kernel, boot, static, ...
    scope: str = "global"            # global, link, host
    src: Optional[ipaddress.IPv4Address | ipaddress.IPv6Address] = None
    metric: int = 0
    onlink: bool = False
    nexthops: Optional[list[tuple]] = None  # multipath: (gateway, dev, weight, onlink); dev/gateway = the one used
    metrics: Optional[dict] = None          # RTA_METRICS by name in RTAX order (mtu, advmss...), as `ip route` shows
    metric_locks: frozenset = frozenset()   # metrics given with `lock`
    realms: int = 0                         # RTA_FLOW (from << 16 | to)

    @property
    def family(self) -> int:
        return self.dst.version


# kernel_route(dst, dev, table, type, scope, src, metric): Route(..., proto="kernel"); new_address(link, interface,
# broadcast, scope, label, peer, noprefixroute): Address(...) -- made without a call through type() (net/quick.py)
kernel_route = maker(Route, ("dst", "dev", "table", "type", "scope", "src", "metric"), {"proto": "kernel"},
                     (ipaddress.IPv4Network("10.0.0.0/8"), None, RT_TABLE_MAIN, "unicast", "link", None, 5))
new_address = maker(Address, ("link", "interface", "broadcast", "scope", "label", "peer", "noprefixroute"), {},
                    (None, ipaddress.IPv4Interface("10.0.0.1/8"), None, "global", "x", None, True))


@dataclass(eq=False)
class Neighbour:
    """An entry of the neighbour (ARP) table."""

    ip: ipaddress.IPv4Address | ipaddress.IPv6Address
    link: Link
    mac: Optional[str]
    state: str = "REACHABLE"         # REACHABLE, STALE, DELAY, PROBE, INCOMPLETE, FAILED, PERMANENT, NOARP
    router: bool = False
    updated: float = 0.0             # model time of the last confirmation
    used: Optional[float] = None     # the kernel's neigh->used / ->confirmed (course_lib.net.neigh_cache)
    confirmed: Optional[float] = None
    probes: int = 0                  # neigh->probes: solicitations sent (INCOMPLETE starts at ucast_probes)


def default_sysctls() -> dict[str, str]:
    """The per-netns sysctls the course reads and writes, with a fresh netns's values."""
    return {
        "net.ipv4.ip_forward": "0",
        "net.ipv4.conf.all.forwarding": "0",
        "net.ipv4.conf.default.forwarding": "0",
        "net.ipv4.conf.all.rp_filter": "0",
        "net.ipv4.conf.default.rp_filter": "0",
        "net.ipv4.ip_local_port_range": "32768\t60999",
        "net.ipv4.ip_nonlocal_bind": "0",
        "net.ipv4.icmp_echo_ignore_all": "0",
        "net.ipv4.icmp_ratelimit": "1000",
        "net.ipv4.icmp_ratemask": "6168",
        "net.ipv4.ping_group_range": "1\t0",
        "net.bridge.bridge-nf-call-iptables": "1",
        "net.bridge.bridge-nf-call-ip6tables": "1",
        "net.bridge.bridge-nf-call-arptables": "1",
        "net.ipv6.conf.all.disable_ipv6": "0",
        "net.ipv6.conf.default.disable_ipv6": "0",
        "net.ipv6.conf.all.forwarding": "0",
        "net.ipv6.bindv6only": "0",
        "net.core.somaxconn": "4096",
    }


_NAME = operator.attrgetter("name")
_ALTNAMES = operator.attrgetter("altnames")


class LinkTable(dict):
    """NetNS.links (ifindex -> Link) that notes each link's name as the link is put in, so that
    link_by_name finds a new link without looking through all of them. A noted name is only a hint:
    link_by_name checks it (the link may have been renamed or removed since)."""

    __slots__ = ("names",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names: dict[str, Link] = {}

    def __setitem__(self, ifindex: int, link: Link) -> None:
        super().__setitem__(ifindex, link)
        self.names[link.name] = link

    def __reduce_ex__(self, protocol: Any) -> tuple:
        return (type(self), (dict(self),))


def _find_link(links: dict[int, Link], name: str) -> Optional[Link]:
    """The first link (ifindex order of insertion) named `name` or with that altname, by looking at all."""
    values = list(links.values())
    if not any(map(_ALTNAMES, values)):
        names = list(map(_NAME, values))             # the usual case, compared at C speed
        return values[names.index(name)] if name in names else None
    for link in values:
        if link.name == name or name in link.altnames:
            return link
    return None


class NsidMap(dict):
    """A netns's ids for its peers (nsid -> NetNS), with the reverse lookup and lowest free id kept."""

    def __init__(self) -> None:
        super().__init__()
        self._by_ns: dict[int, int] = {}      # id(NetNS) -> nsid
        self._free_from = 0                   # no free id below this one

    def __setitem__(self, nsid: int, ns: "NetNS") -> None:
        old = self.get(nsid)
        if old is not None:
            self._by_ns.pop(id(old), None)
        super().__setitem__(nsid, ns)
        self._by_ns.setdefault(id(ns), nsid)

    def __delitem__(self, nsid: int) -> None:
        ns = self[nsid]
        super().__delitem__(nsid)
        if self._by_ns.get(id(ns)) == nsid:
            del self._by_ns[id(ns)]
            again = next((k for k, v in self.items() if v is ns), None)     # the same netns under 2 ids
            if again is not None:
                self._by_ns[id(ns)] = again
        self._free_from = min(self._free_from, nsid)

    def id_of(self, ns: "NetNS") -> Optional[int]:
        """The id given to `ns`, or None."""
        nsid = self._by_ns.get(id(ns))
        return nsid if nsid is not None and self.get(nsid) is ns else None

    def lowest_free(self) -> int:
        nsid = self._free_from
        while nsid in self:
            nsid += 1
        self._free_from = nsid
        return nsid

    def __reduce__(self):  # noqa: ANN204 - copy/pickle as a plain map rebuilt through __setitem__
        return (_nsid_map, (list(self.items()),))


def _nsid_map(items: list) -> NsidMap:
    out = NsidMap()
    for nsid, ns in items:
        out[nsid] = ns
    return out


@dataclass(eq=False)
class NetNS:
    """A network namespace: the root one of a machine, or one made by `ip netns add`."""

    name: str                        # "" for a machine's root netns
    machine: "Machine"
    links: dict[int, Link] = field(default_factory=LinkTable)     # by ifindex
    addresses: list[Address] = field(default_factory=list)        # in the order they were added
    routes: RouteTable = field(default_factory=RouteTable)        # all tables, indexed (route_table.py)
    neighbours: list[Neighbour] = field(default_factory=list)
    sysctls: dict[str, str] = field(default_factory=default_sysctls)
    netfilter: Any = None            # course_lib.net.netfilter state, made lazily
    conntrack: Any = None            # course_lib.net.conntrack table, made lazily
    sockets: list[Any] = field(default_factory=list)              # listening sockets (servers)
    next_ifindex: int = 1
    nsid: NsidMap = field(default_factory=NsidMap)               # peer netns ids, as `link-netnsid` shows
    rules: Any = None                # policy rules (net/rules.py RuleSet); None: only the default ones
    # state made on first use in the instance's __dict__, which the datapath reads per packet: None here
    # until then, so a read is one attribute access (not fields: `dataclasses.fields` and copies are unchanged)
    _snmp = None                     # net/snmp.py Mib
    _broadcasts = None               # datapath.is_broadcast's cache
    _redirects = None                # net/redirects.py
    _endpoints = None                # net/delivery.py
    ipvs = None                      # net/ipvs.py

    def __post_init__(self) -> None:
        # CPython 3.11 keeps an attribute load specialized only when the instance's __dict__ is a combined
        # dict holding the key at the same place in every instance: a split dict (what an instance's values
        # become when its __dict__ is first asked for) or a key found on the class makes each load a generic
        # lookup. So: a combined dict, with the per-packet state's keys after the fields, in a fixed order
        # (None: not made yet, as the class defaults say)
        self.__dict__ = dict(self.__dict__, _snmp=None, _broadcasts=None, _redirects=None, ipvs=None)

    @property
    def is_root(self) -> bool:
        return self.name == ""

    def link_by_name(self, name: str) -> Optional[Link]:
        """The link named `name` (or with that altname) in this netns, or None."""
        links = self.links
        cache = links.names if type(links) is LinkTable else self.__dict__.setdefault("_name_cache", {})
        link = cache.get(name)
        if link is not None and link.name == name and links.get(link.ifindex) is link:
            return link
        link = _find_link(links, name)
        if link is not None:
            cache[name] = link
        return link

    def alloc_ifindex(self) -> int:
        index = self.next_ifindex
        self.next_ifindex += 1
        return index

    def addresses_of(self, link: Link) -> list[Address]:
        return [a for a in self.addresses if a.link is link]

    @property
    def ip_forward(self) -> bool:
        return self.sysctls.get("net.ipv4.ip_forward", "0") == "1"
