"""The frames a Linux link sends by itself when it comes up (IPv6 DAD, MLD reports, router solicitations, IGMP).

As the kernel does it (addrconf, mcast.c, igmp.c), on the model clock, with its random delays drawn
from a generator seeded by the lab seed and the link (the lab's own draws are left alone):
- a link that gets its IPv6 link-local address (up with carrier, IPv6 on) joins the address's
  solicited-node group: an MLDv2 report two jiffies on and its retransmission within a second
  (mldv2_unsolicited_report_interval); a bridge with multicast snooping also reports ff02::6a;
- DAD: a neighbour solicitation after a random delay below rtr_solicit_delay (1 s) when accept_dad
  and dad_transmits allow it, done one retrans_time (1 s) per transmit later;
- when DAD is done: an MLD report (then its retransmission within a second) and, when the link
  accepts router advertisements and does not forward, a router solicitation, repeated after
  4 s x [0.9, 1.1], each interval then x [1.9, 2.1] (RFC 3315 backoff, at most
  router_solicitation_max_interval), router_solicitations times (-1: without end); a forwarding link's
  reports also carry ff02::2 and ff05::2, and when DAD is done it joins the subnet-router anycast's
  group too (accept_ra 2 solicits anyway); a configured link whose carrier comes back reports again;
- a bridge with multicast snooping that comes up joins 224.0.0.106: an IGMPv3 report two jiffies on and
  one within a second (the first dropped at once when it has no carrier yet: tx_dropped).
`send` walks each frame as the datapath would count it: the sender's tx (tx_dropped without carrier:
a link keeps its address and timers when its carrier goes), a veth peer's rx, a bridge
port's learning and flood (the bridge device gets it too: rx without the Ethernet header, multicast),
a Lab switch's other ports. Frames that are no longer due (the link went down, lost its address or
was deleted) are not sent. Lab switches themselves send nothing.

Cheap at build time: a link that comes up gets a `Talk` (its timers) and one background scheduler
event (events.Scheduler.background), two jiffies on; the random delays (in jiffies, HZ 250) are drawn
when the clock passes the first timer, and each timer runs as the scheduler's clock reaches it (`sleep`,
ping, anything that pumps). A veth's first report is counted at the link-up on it and its peer, and a
bridge behind the peer learns its MAC at once (the kernel's leaves 8 ms later, before any next command
reads), the bridge's flood of it following with that first timer: bringing up N ports walks no bridge.
`TIMELINE` (on) switches all this on; off, a link that comes up only makes the bridges its first frame
reaches learn its MAC (the old model, kept for comparisons).
"""
from __future__ import annotations

import heapq
import random
from typing import TYPE_CHECKING, Callable, Optional

from course_lib.net.events import scheduler
from course_lib.net.link import BRIDGE, ETHER, VETH, FdbEntry
from course_lib.net.port_flags import MULTICAST, floods_to, learns

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS

MLD_BYTES = 70                 # Ethernet + IPv6 + hop-by-hop (router alert) + MLDv2 header ...
MLD_RECORD = 20                # ... + one 20-byte record per group
NS_BYTES = 86                  # DAD neighbour solicitation (with a nonce option)
RS_BYTES = 70                  # router solicitation with the source link-layer address
IGMP_BYTES = 54                # IGMPv3 report with one record, router alert
ETH_HEADER = 14
RS_INTERVAL = 4.0              # router_solicitation_interval
RETRANS_TIME = 1.0
HZ = 250                       # this kernel's jiffies a second
FIRST = 2 / HZ                 # the least delay of a report's work (mld/igmp_ifc_start_work(dev, 1))
TIMELINE = True                # see the module docstring


def port_forwarding(port: "Link") -> bool:
    """A bridge port forwards when it is up with carrier and its bridge is up (STP off)."""
    bridge = port.master
    return bridge is not None and bridge.admin_up and port.admin_up and port.carrier()


def _conf(link: "Link", key: str, default: int) -> int:
    """net.ipv6.conf.DEV.KEY (the netns's .default ones were copied when the link came, `inherit`), else
    the kernel's default."""
    value = link.netns.sysctls.get(f"net.ipv6.conf.{link.name}.{key}")
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        return default


def inherit(link: "Link") -> None:
    """A link arrives in a netns (made, or moved there): its IPv6 settings start as the netns's
    net.ipv6.conf.default.* (ipv6_add_dev copies devconf_dflt); only keys written there are copied."""
    sysctls = link.netns.sysctls
    # usually the only .default key is disable_ipv6 = 0 (a fresh netns's): found at C speed, nothing to copy
    if sysctls.get("net.ipv6.conf.default.disable_ipv6") == "0" and \
            "\n".join(("", *sysctls)).count("\nnet.ipv6.conf.default.") == 1:
        return
    copies = [(key[22:], value) for key, value in sysctls.items() if key.startswith("net.ipv6.conf.default.")
              and not (value == "0" and key == "net.ipv6.conf.default.disable_ipv6")]
    for item, value in copies:
        sysctls.setdefault(f"net.ipv6.conf.{link.name}.{item}", value)


def ipv6_on(link: "Link") -> bool:
    """IPv6 is neither disabled (all, or the link's own disable_ipv6) nor without a generated link-local
    address (addr_gen_mode 1, `ip link set DEV addrgenmode none`; not lo's ::1)."""
    sysctls = link.netns.sysctls
    if sysctls.get("net.ipv6.conf.all.disable_ipv6") == "1" or link.mtu < 1280:     # (net.inet6_mtu)
        return False
    prefix = "net.ipv6.conf." + link.name
    # _conf(link, "disable_ipv6", 0) == 1, then _conf(link, "addr_gen_mode", 0) != 1 (both unset, usually)
    value = sysctls.get(prefix + ".disable_ipv6")
    if value is not None and _number(value) == 1:
        return False
    if link.kind == "loopback":
        return True
    value = sysctls.get(prefix + ".addr_gen_mode")
    return value is None or _number(value) != 1


def _number(value: str) -> int:
    """_conf's reading of a value that is there (0 when it is no number)."""
    try:
        return int(value)
    except ValueError:
        return 0


def _snooping(link: "Link") -> bool:
    opts = link.bridge_opts
    return link.kind == BRIDGE and (not opts or bool(opts.get("mcast_snooping", 1)))


# -- the frames on their way ----------------------------------------------------------------------
def send(link: "Link", size: int, count: bool = True, src: Optional[str] = None) -> None:
    """One multicast frame of `size` bytes sent by `link` itself, counted (`count`) wherever it goes
    (a macvlan's leaves by its lower device, with the macvlan's MAC)."""
    lower = link.macvlan.lower if link.macvlan is not None else None
    if link.kind not in (VETH, ETHER, BRIDGE) and lower is None:
        return
    if not link.carrier():
        if count:
            link.stat("tx_dropped")             # no carrier: the deactivated qdisc drops it
        return
    if count:
        link.stat("tx_packets")
        link.stat("tx_bytes", size)
    src = src or link.mac
    if lower is not None:
        send(lower, size, count, src)
    elif link.kind == BRIDGE:
        _flood(link, None, size, src, set(), count)
    elif link.kind == VETH:
        peer = link.peer
        if peer is not None and peer.admin_up:
            _arrive(peer, size, src, set(), count)
    elif link.switch is not None and count:
        from course_lib.net.segment import multicast    # the quiet nodes take it when read: O(1) a frame
        for other in multicast(link.switch, link, size, src):
            _arrive(other, size, src, set(), count)


def _arrive(port: "Link", size: int, src: str, seen: set, count: bool) -> None:
    if count:
        port.stat("rx_packets")
        port.stat("rx_bytes", size)
    bridge = port.master
    if bridge is None or bridge.kind != BRIDGE or not port_forwarding(port) or id(bridge) in seen:
        return
    if learns(port) or not count:
        _learn(bridge, port, src)
    _cross(bridge, port, size, src, seen, count)


def _learn(bridge: "Link", port: "Link", src: str) -> None:
    entry = bridge.fdb.get(src)
    now = bridge.netns.machine.network.clock
    if entry is None or not (entry.local or entry.static):
        bridge.fdb.pop(src, None)
        bridge.fdb[src] = FdbEntry(mac=src, port=port, age=now)
    elif not entry.local and not entry.sticky:          # a static entry roams (br_fdb_update), a sticky one not
        entry.port, entry.age = port, now


def _cross(bridge: "Link", port: "Link", size: int, src: str, seen: set, count: bool) -> None:
    """A frame that came in by `port` goes up to the bridge device and out of the other ports."""
    if count:
        bridge.stat("rx_packets")               # passed up to the bridge device (multicast)
        bridge.stat("rx_bytes", size - ETH_HEADER)
        bridge.stat("multicast")
    _flood(bridge, port, size, src, seen, count)


def _first(talk: "Talk", size: int) -> bool:
    """A veth's join report as it leaves at the link-up: counted on it and its peer, and a bridge behind
    the peer learns its MAC at once (the kernel's report leaves 8 ms later, before any next command
    could read); the bridge passes it on with the talk's first timer, two jiffies later (`_begin`), so
    that bringing up N ports walks no bridge. False: not a veth, the report goes with that timer."""
    link = talk.link
    if link.kind != VETH:
        return False
    if not link.carrier():
        link.stat("tx_dropped")
        return True
    stats = link.stats                          # (link.stat, inline)
    if stats is None:
        stats = link.stats = {}
    stats["tx_packets"] = stats.get("tx_packets", 0) + 1
    stats["tx_bytes"] = stats.get("tx_bytes", 0) + size
    peer = link.peer
    if peer is None or not peer.admin_up:
        return True
    stats = peer.stats
    if stats is None:
        stats = peer.stats = {}
    stats["rx_packets"] = stats.get("rx_packets", 0) + 1
    stats["rx_bytes"] = stats.get("rx_bytes", 0) + size
    bridge = peer.master
    if bridge is not None and bridge.kind == BRIDGE and port_forwarding(peer):
        if learns(peer):
            _learn(bridge, peer, link.mac)
        talk.onward = (bridge, peer, size, link.mac)
    return True


def _flood(bridge: "Link", ingress: Optional["Link"], size: int, src: str, seen: set, count: bool) -> None:
    seen.add(id(bridge))
    for port in bridge.port_list:
        if port is ingress or not port_forwarding(port) or \
                (count and not floods_to(port, MULTICAST, ingress, ingress is None)):
            continue
        if count:
            port.stat("tx_packets")
            port.stat("tx_bytes", size)
        peer = port.peer
        if peer is not None and peer.admin_up:
            _arrive(peer, size, src, seen, count)


# -- the timeline ---------------------------------------------------------------------------------
class Talk:
    """One link's pending chatter: its own timers (a small heap) behind at most one scheduler event.

    Made at link-up with O(1) work; the random delays are drawn from a generator seeded by the lab seed,
    the link and the time it came up, made only when the first timer runs (the clock passed it)."""

    __slots__ = ("link", "key", "t0", "_rng", "timers", "seq", "armed", "join_pending", "carrier", "onward")

    def __init__(self, link: "Link", key: str, t0: float) -> None:
        self.link, self.key, self.t0 = link, key, t0
        self._rng: Optional[random.Random] = None
        self.timers: list = []
        self.seq = 0
        self.armed: Optional[float] = None
        self.join_pending = False
        self.carrier = True
        self.onward: Optional[tuple] = None     # the first report, on its way through a bridge (`_first`)

    @property
    def rng(self) -> random.Random:
        if self._rng is None:
            link = self.link
            net = link.netns.machine.network
            self._rng = random.Random(f"{net.seed}/{link.netns.machine.name}/{link.netns.name}/{link.name}/"
                                      f"{link.mac}/{self.key}/{self.t0!r}")
        return self._rng

    def later(self, start: float) -> float:
        """A report's retransmission: get_random_u32_below(1 s in jiffies) + 2 jiffies after `start`."""
        return start + (int(self.rng.random() * HZ) + 2) / HZ

    def at(self, when: float, step: Callable[..., None], *args: object) -> None:
        self.seq += 1
        heapq.heappush(self.timers, (when, self.seq, step, args))

    def arm(self) -> None:
        """One scheduler event at the earliest timer (an earlier one supersedes it)."""
        if self.timers:
            when = self.timers[0][0]
            if self.armed is None or when < self.armed:
                self.armed = when
                scheduler(self.link.netns.machine.network).background(when, _wake, self, when)

    def current(self) -> bool:
        link = self.link
        return link.__dict__.get(self.key) is self and link.admin_up and link.netns.links.get(link.ifindex) is link


def _wake(talk: Talk, when: float) -> None:
    if talk.armed != when:
        return                                  # superseded by an earlier arming
    talk.armed = None
    if not talk.current():
        talk.timers.clear()
        return
    clock = talk.link.netns.machine.network.clock
    timers = talk.timers
    while timers and timers[0][0] <= clock:
        when, _, step, args = heapq.heappop(timers)
        step(talk, when, *args)
        if talk.link.__dict__.get(talk.key) is not talk:
            return
    talk.arm()


def ipv6_switched(netns: "NetNS", dev: str) -> None:
    """net.ipv6.conf.DEV.disable_ipv6 was written (DEV "all" sets default and every link too, as
    addrconf_disable_change does): a link with IPv6 now off loses its IPv6 addresses (addrconf_ifdown),
    a running one with IPv6 on again gets a new link-local address and a new sequence (measured: 586 B
    in 7 frames over the next 10 s)."""
    from course_lib.net import addrs
    sysctls = netns.sysctls
    if dev == "default":
        return
    if dev == "all":
        value = sysctls.get("net.ipv6.conf.all.disable_ipv6", "0")
        sysctls["net.ipv6.conf.default.disable_ipv6"] = value
        for key in [k for k in sysctls if k.endswith(".disable_ipv6") and k.startswith("net.ipv6.conf.")]:
            sysctls[key] = value
        links = list(netns.links.values())
    else:
        link = netns.link_by_name(dev)
        links = [link] if link is not None else []
    for link in links:
        if not ipv6_on(link):
            for addr in [a for a in netns.addresses if a.link is link and a.family == 6]:
                addrs.remove_address(addr)
            link.has_v6 = False
        elif not link.has_v6:
            addrs.carrier_changed(link)


def _due(talk: Talk) -> bool:
    link = talk.link
    return link.has_v6 and ipv6_on(link)


def _forwarding(link: "Link") -> bool:
    value = link.netns.sysctls.get(f"net.ipv6.conf.{link.name}.forwarding")
    if value is None:
        value = link.netns.sysctls.get("net.ipv6.conf.all.forwarding")
    return value == "1"


def _records(link: "Link") -> int:
    """The groups an MLDv2 report carries: the solicited-node one, all-routers ff02::2 and ff05::2 on a
    forwarding link, all-snoopers ff02::6a on a snooping bridge."""
    return 1 + 2 * _forwarding(link) + _snooping(link)


def announce(link: "Link") -> None:
    """`link` just got its IPv6 link-local address: the solicited-node join, DAD, then RS (see above).
    O(1) now: one timer, two jiffies on (mld_ifc_start_work's least delay), behind one scheduler event."""
    if not TIMELINE:
        send(link, MLD_BYTES + MLD_RECORD * _records(link), count=False)   # the first frame's FDB learning only
        return
    if not ipv6_on(link):
        return
    net = link.netns.machine.network
    talk = Talk(link, "_chatter", net.clock)
    link.__dict__["_chatter"] = talk
    if _first(talk, MLD_BYTES + MLD_RECORD * _records(link)):
        talk.join_pending = True
        talk.at(net.clock + FIRST, _begin, True)
    else:
        talk.at(net.clock + FIRST, _begin)
    talk.arm()


def _send_v6(talk: Talk, size: int) -> None:
    if _due(talk):
        send(talk.link, size)


def _begin(talk: Talk, now: float, reported: bool = False) -> None:
    """addrconf_dad_begin: the join report (unless `_first` sent it) and its retransmission, DAD's
    solicitations after a random delay, or DAD done."""
    link = talk.link
    if talk.onward is not None:
        bridge, port, size, src = talk.onward
        talk.onward = None
        if port.master is bridge and port_forwarding(port):
            _cross(bridge, port, size, src, set(), True)
    if not _due(talk):
        return
    if reported:
        talk.at(talk.later(now), _join_again, MLD_BYTES + MLD_RECORD * _records(link))
    else:
        _join(talk, now)
    transmits = _conf(link, "dad_transmits", 1)
    if _conf(link, "accept_dad", 1) > 0 and transmits > 0:
        delay = talk.t0 + int(talk.rng.random() * HZ) / HZ     # rtr_solicit_delay, from the DAD start
        for i in range(transmits):
            talk.at(delay + i * RETRANS_TIME, _ns)
        talk.at(delay + transmits * RETRANS_TIME, _dad_done)
    else:
        _dad_done(talk, now)


def _ns(talk: Talk, now: float) -> None:
    _send_v6(talk, NS_BYTES)


def _join(talk: Talk, now: float, records: int = 0) -> None:
    """mld_ifc_event: a report now and its retransmission within a second (one pending at a time)."""
    size = MLD_BYTES + MLD_RECORD * (records or _records(talk.link))
    _send_v6(talk, size)
    if not talk.join_pending:
        talk.join_pending = True
        talk.at(talk.later(now), _join_again, size)


def _join_again(talk: Talk, now: float, size: int) -> None:
    talk.join_pending = False
    _send_v6(talk, size)


def _report(talk: Talk, now: float, size: int) -> None:
    _send_v6(talk, size)


def carrier_back(link: "Link") -> None:
    """A configured link's carrier changed; when it came back (NETDEV_CHANGE, IF_READY) ipv6_mc_up reports
    its groups again -- two jiffies on, and a retransmission unless one is still pending."""
    if not TIMELINE:
        return
    talk = link.__dict__.get("_chatter")
    if talk is None:
        return
    on = link.carrier()
    was, talk.carrier = talk.carrier, on
    if on and not was and talk.current() and _due(talk):
        talk.at(link.netns.machine.network.clock + FIRST, _join)
        talk.arm()


def _dad_done(talk: Talk, now: float) -> None:
    """addrconf_dad_completed: the reports again (with the subnet-router anycast's solicited-node group
    on a forwarding link, whose own join follows), and router solicitations when RAs are accepted."""
    link = talk.link
    if not _due(talk):
        return
    forwarding = _forwarding(link)
    size = MLD_BYTES + MLD_RECORD * (_records(link) + forwarding)
    _send_v6(talk, size)
    talk.at(talk.later(now), _report, size)
    if forwarding:
        talk.at(now + FIRST, _join, 1)
    accept_ra = _conf(link, "accept_ra", 1)
    if (accept_ra == 2 if forwarding else accept_ra > 0) and _conf(link, "router_solicitations", -1) != 0:
        _solicit(talk, now, RS_INTERVAL * talk.rng.uniform(0.9, 1.1), 1)


def _solicit(talk: Talk, now: float, interval: float, sent: int) -> None:
    """A router solicitation now; the next one `interval` later, while router_solicitations allows."""
    link = talk.link
    if not _due(talk):
        return
    send(link, RS_BYTES)
    limit = _conf(link, "router_solicitations", -1)
    if limit >= 0 and sent >= limit:
        return
    longest = _conf(link, "router_solicitation_max_interval", 3600)
    following = interval * talk.rng.uniform(1.9, 2.1)
    if following > longest:
        following = longest * talk.rng.uniform(0.9, 1.1)
    talk.at(now + interval, _solicit, following, sent + 1)


def bridge_up(link: "Link") -> None:
    """A bridge with multicast snooping came up: it joins 224.0.0.106 (all-snoopers), reported twice.
    Without carrier yet (its ports come up after it) the first report is dropped at once."""
    if not TIMELINE or not _snooping(link):
        return
    net = link.netns.machine.network
    talk = Talk(link, "_igmp", net.clock)
    link.__dict__["_igmp"] = talk
    if not link.carrier():
        link.stat("tx_dropped")
        talk.at(net.clock, _igmp_later)
    else:
        talk.at(net.clock + FIRST, _igmp)
    talk.arm()


def _igmp(talk: Talk, now: float) -> None:
    send(talk.link, IGMP_BYTES)
    _igmp_later(talk, now)


def _igmp_later(talk: Talk, now: float) -> None:
    talk.at(talk.later(now), _igmp_again)


def _igmp_again(talk: Talk, now: float) -> None:
    send(talk.link, IGMP_BYTES)
