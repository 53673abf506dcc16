"""The NetStack protocol: what the `ip`, `bridge`, `sysctl` and `hostname` commands ask of a backend.

One NetStack is a view of ONE network namespace of one machine (the namespace a command runs in).
Both backends implement it: `course_lib.backends.sim.SimStack` over the model, and the real backend
over pyroute2. It deals only in plain records (below) and raises `CommandError(text, rc)` with the
kernel's answer as iproute2 6.1 prints it (e.g. `RTNETLINK answers: File exists`, rc 2). All text
formatting lives in `course_lib.shell.ip`, independent of the backend.

Conventions:
- addresses and prefixes are strings ("10.0.0.1", "10.0.0.0/24", "default" is never used: a default
  route has dst "0.0.0.0/0" or "::/0");
- links are named by their name in THIS netns; records carry ifindexes too;
- a failing operation changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Protocol, runtime_checkable


@dataclass(slots=True)
class LinkRecord:
    """One device as `ip link` shows it."""

    ifindex: int
    name: str
    kind: str                           # "loopback", "ether" (a NIC), "veth", "bridge"
    flags: list[str]                    # inside <...>, in kernel order: LOOPBACK/BROADCAST,MULTICAST,UP,LOWER_UP...
    mtu: int
    qdisc: str                          # "noop", "noqueue", "pfifo_fast", ...
    operstate: str                      # UP, DOWN, UNKNOWN, LOWERLAYERDOWN
    mac: str
    brd: str
    link_type: str = "ether"            # "ether" or "loopback" (the `link/...` word)
    master: Optional[str] = None        # name of the master bridge
    txqlen: int = 1000
    group: str = "default"
    mode: str = "DEFAULT"
    peer_ifindex: Optional[int] = None  # veth: the peer's ifindex (`@ifN`, or `@name` when in this netns)
    peer_name: Optional[str] = None     # veth: the peer's name when the peer is in THIS netns
    link_netnsid: Optional[int] = None  # veth: nsid of the peer's netns when it is another netns
    link_netns: Optional[str] = None    # ... and that netns's `ip netns` name when it has one
    alias: Optional[str] = None
    promiscuity: int = 0
    allmulti: Optional[int] = None      # None: as promiscuity (a bridge port is both)
    minmtu: int = 0
    maxmtu: int = 0
    stats: dict[str, int] = field(default_factory=dict)   # rx_bytes, rx_packets, ... tx_dropped
    bridge_info: dict[str, str] = field(default_factory=dict)  # -d details of a bridge / bridge port
    details: Optional[str] = None       # -d: the kind's own line after its name (vxlan: "id 42 ... ")
    altnames: list[str] = field(default_factory=list)   # `ip link property add ... altname NAME`


@dataclass(slots=True)
class AddrRecord:
    """One address as `ip addr` shows it."""

    ifindex: int
    dev: str
    family: int                         # 4 or 6
    local: str                          # "10.0.0.1"
    prefixlen: int
    scope: str = "global"               # global, link, host
    broadcast: Optional[str] = None
    label: Optional[str] = None         # IPv4 label (printed at the end of the line)
    peer: Optional[str] = None          # "10.0.0.2/32" for point-to-point addresses
    flags: list[str] = field(default_factory=list)   # dynamic, noprefixroute, tentative, ...
    valid_lft: Optional[int] = None     # None = forever
    preferred_lft: Optional[int] = None


@dataclass(slots=True)
class RouteRecord:
    """One route as `ip route` shows it."""

    family: int
    dst: str                            # "0.0.0.0/0" for default; "10.0.0.1/32" for a host route
    type: str = "unicast"               # unicast, local, broadcast, blackhole, unreachable, prohibit, throw
    table: int = 254
    proto: str = "boot"
    scope: str = "global"
    gateway: Optional[str] = None
    dev: Optional[str] = None
    src: Optional[str] = None
    metric: int = 0
    flags: list[str] = field(default_factory=list)   # onlink, linkdown, dead
    pref: Optional[str] = None          # IPv6: "medium"
    nexthops: Optional[list[dict]] = None   # multipath: {gateway, dev, weight, flags} each
    metrics: Optional[dict] = None      # RTA_METRICS by name, in RTAX order
    metric_locks: frozenset = frozenset()
    realms: int = 0


@dataclass(slots=True)
class NeighRecord:
    """One neighbour entry as `ip neigh` shows it."""

    family: int
    ip: str
    dev: str
    lladdr: Optional[str]
    state: str                          # REACHABLE, STALE, DELAY, PROBE, INCOMPLETE, FAILED, PERMANENT, NOARP
    router: bool = False
    cache: Optional[tuple[int, int, int, int]] = None   # `ip -s neigh`: refcnt, seconds since used/confirmed/updated
    probes: Optional[int] = None


@dataclass(slots=True)
class FdbRecord:
    """One bridge forwarding entry as `bridge fdb` shows it."""

    mac: str
    dev: str
    master: Optional[str] = None
    flags: list[str] = field(default_factory=list)    # permanent, static, self, ...
    vlan: Optional[int] = None
    dst: Optional[str] = None                          # vxlan: the remote VTEP (`dst IP`)
    via: Optional[str] = None                          # vxlan: the remote's device (`via DEV`)


@dataclass(slots=True)
class RouteSpec:
    """A parsed `ip route add/del/...` request (fields not given stay None)."""

    dst: str                            # normalised prefix "10.0.0.0/24", "0.0.0.0/0"
    family: int = 4
    type: str = "unicast"
    table: Optional[int] = None         # None = main (for del: any table?) -- the kernel default is main
    gateway: Optional[str] = None
    dev: Optional[str] = None
    src: Optional[str] = None
    metric: Optional[int] = None
    proto: Optional[str] = None
    scope: Optional[str] = None
    onlink: bool = False
    nexthops: Optional[list[dict]] = None   # `nexthop via GW dev DEV weight W [onlink]` blocks
    metrics: Optional[dict] = None      # RTA_METRICS by name (mtu, advmss, rtt...: ip/route_metrics.py)
    metric_locks: frozenset = frozenset()   # the metrics given with `lock`
    realms: Optional[int] = None        # RTA_FLOW: from << 16 | to


@dataclass(slots=True)
class LinkSpec:
    """A parsed `ip link add` request."""

    name: Optional[str]
    kind: str                           # "veth" or "bridge" (others are refused like the kernel does)
    peer_name: Optional[str] = None
    peer_netns: Optional[str] = None    # an `ip netns` name (or a pid as text); default: the current netns
    netns: Optional[str] = None         # `ip link add NAME netns NS type ...`: the device (not its peer) goes there
    mtu: Optional[int] = None
    address: Optional[str] = None
    txqlen: Optional[int] = None
    up: bool = False
    master: Optional[str] = None
    peer_mtu: Optional[int] = None
    peer_address: Optional[str] = None
    info: dict = field(default_factory=dict)     # the kind's own options (vxlan: vni, remote, dev, dstport...)
    index: int = 0                      # `index N` (0: the kernel picks); a veth's peer takes `peer_index` only
    peer_index: int = 0                 # when the device has one (veth_newlink)
    group: int = 0                      # `group N`: the device's (not its peer's) IFLA_GROUP
    queues: tuple = (None, None)        # numtxqueues, numrxqueues as given (checked, not kept, by the sim)
    broadcast: Optional[str] = None     # `broadcast LLADDR` (6 bytes)


@runtime_checkable
class NetStack(Protocol):
    """The network stack of one netns, as the commands see it. Errors: CommandError(text, rc)."""

    # -- namespaces ----------------------------------------------------------------------
    def in_netns(self, name: str) -> "NetStack":
        """The stack of the named netns of the same machine (`ip -n NAME`, `ip netns exec NAME`).
        Unknown: CommandError('Cannot open network namespace "NAME": No such file or directory', 255)."""
    def netns_names(self) -> list[str]: ...            # `ip netns list` order (newest first, like the kernel fs)
    def netns_ids(self) -> dict[str, int]: ...         # name -> nsid as seen from THIS netns (assigned ones only)
    def netns_add(self, name: str) -> None: ...
    def netns_del(self, name: str) -> None: ...
    def netns_set_id(self, name: str, nsid: int) -> None: ...   # nsid -1 = auto
    def current_netns_name(self) -> Optional[str]: ... # `ip netns identify`: the name of this netns, if any

    # -- links ---------------------------------------------------------------------------
    def links(self) -> list[LinkRecord]: ...           # in ifindex order
    def link_exists(self, name: str) -> bool: ...      # ll_name_to_index() != 0 (cheap; used before every change)
    def link_add(self, spec: LinkSpec) -> None: ...
    def link_del(self, name: str) -> None: ...
    def link_set(self, name: str, *, up: Optional[bool] = None, mtu: Optional[int] = None,
                 address: Optional[str] = None, new_name: Optional[str] = None,
                 master: Optional[str] = None, nomaster: bool = False,
                 netns: Optional[str] = None, txqlen: Optional[int] = None,
                 alias: Optional[str] = None, flags: Optional[dict[str, bool]] = None,
                 group: Optional[int] = None, index: int = 0,                 # index: with netns only
                 broadcast: Optional[str] = None) -> None: ...
    def link_change(self, name: str, kind: str, info: dict) -> None: ...
                                                         # `ip link set NAME type KIND ...` (macvlan: mode,
                                                         # flag, bcqueuelen); another kind: Operation not supported

    # -- addresses -----------------------------------------------------------------------
    def addresses(self) -> list[AddrRecord]: ...       # grouped by link in ifindex order
    def addr_add(self, dev: str, local: str, prefixlen: int, *, broadcast: Optional[str] = None,
                 label: Optional[str] = None, scope: Optional[str] = None, peer: Optional[str] = None,
                 noprefixroute: bool = False, replace: bool = False, metric: int = 0,
                 lifetimes: Optional[tuple[Optional[int], Optional[int]]] = None,
                 conf_flags: tuple = ()) -> None: ...
    def addr_del(self, dev: str, local: str, prefixlen: Optional[int]) -> None: ...

    # -- routes --------------------------------------------------------------------------
    def routes(self, family: int = 4, table: Optional[int] = 254) -> list[RouteRecord]: ...  # None = all tables
    def route_add(self, spec: RouteSpec, how: str = "add") -> None: ...   # add, replace, change, append, prepend
    def route_del(self, spec: RouteSpec) -> None: ...
    def route_get(self, dst: str, src: Optional[str] = None, oif: Optional[str] = None,
                  iif: Optional[str] = None, mark: int = 0, **flow: int) -> RouteRecord: ...  # flow: tos, proto, sport, dport

    # -- neighbours ----------------------------------------------------------------------
    def neighbours(self) -> list[NeighRecord]: ...
    def neigh_add(self, ip: str, dev: str, lladdr: Optional[str], state: str = "PERMANENT",
                  how: str = "add", router: bool = False) -> None: ...      # add, replace, change
    def neigh_del(self, ip: str, dev: str) -> None: ...

    # -- bridge fdb ----------------------------------------------------------------------
    def fdb(self) -> list[FdbRecord]: ...                # kernel dump order: by ifindex; master entries newest
                                                         # first, then the device's own (self) uc/mc addresses
    def fdb_add(self, mac: str, dev: str, *, master: bool = False, state: str = "permanent",
                how: str = "add", dst: Optional[str] = None, sticky: bool = False) -> None: ...
                                                         # state: permanent, static, dynamic; how: add/replace/append
                                                         # dst: a vxlan device's remote VTEP
    def fdb_del(self, mac: str, dev: str, *, master: bool = False, dst: Optional[str] = None) -> None: ...
    def bridge_ports(self) -> list[LinkRecord]: ...     # links enslaved to a bridge, ifindex order
                                                         # (bridge_info["state"]: forwarding/disabled)

    # -- sysctl and hostname -------------------------------------------------------------
    def sysctl_get(self, key: str) -> Optional[str]: ...   # "net.ipv4.ip_forward" -> "0"; None if unknown
    def sysctl_set(self, key: str, value: str) -> None: ...
    def sysctl_keys(self) -> list[str]: ...
    def hostname(self) -> str: ...
    def set_hostname(self, name: str) -> None: ...
