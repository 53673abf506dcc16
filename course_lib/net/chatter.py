"""The frames a Linux link sends by itself when it comes up (IPv6 DAD, MLD reports, router solicitations, IGMP).

As the kernel does it (addrconf, mcast.c, igmp.c), on the model clock, with its random delays drawn
from a generator seeded by the lab seed and the link (the lab's own draws are left alone):
- a link that gets its IPv6 link-local address (up with carrier, IPv6 on) joins the address's
  solicited-node group: an MLDv2 report at once and its retransmission within a second
  (mldv2_unsolicited_report_interval); a bridge with multicast snooping also reports ff02::6a;
- DAD: a neighbour solicitation after a random delay below rtr_solicit_delay (1 s) when accept_dad
  and dad_transmits allow it, done one retrans_time (1 s) per transmit later;
- when DAD is done: an MLD report (then its retransmission within a second) and, when the link
  accepts router advertisements and does not forward, a router solicitation, repeated after
  4 s x [0.9, 1.1], each interval then x [1.9, 2.1] (RFC 3315 backoff, at most
  router_solicitation_max_interval), router_solicitations times (-1: without end);
- a bridge with multicast snooping that comes up joins 224.0.0.106: an IGMPv3 report at once and
  one within a second (a bridge without carrier drops them: tx_dropped).
`send` walks each frame as the datapath would count it: the sender's tx (tx_dropped without carrier:
a link keeps its address and timers when its carrier goes), a veth peer's rx, a bridge
port's learning and flood (the bridge device gets it too: rx without the Ethernet header, multicast),
a Lab switch's other ports. Frames that are no longer due (the link went down, lost its address or
was deleted) are not sent. Lab switches themselves send nothing.

`TIMELINE` switches all this on. It is off for now: many tests pin counters and FDB ages of a model
without these frames (tests/net/test_flood_lazy.py, test_bridge_ageing.py, tests/backends/
test_sim_bridge_timers.py, tests/shell/nettools/test_ping.py...); off, a link that comes up only
makes the bridges its first frame reaches learn its MAC (the behaviour those tests pin).
"""
from __future__ import annotations

import random
from typing import TYPE_CHECKING, Optional

from course_lib.net.events import scheduler
from course_lib.net.link import BRIDGE, ETHER, VETH, FdbEntry
from course_lib.net.port_flags import MULTICAST, floods_to, learns

if TYPE_CHECKING:
    from course_lib.net.link import Link

MLD_BYTES = 70                 # Ethernet + IPv6 + hop-by-hop (router alert) + MLDv2 header ...
MLD_RECORD = 20                # ... + one 20-byte record per group
NS_BYTES = 86                  # DAD neighbour solicitation (with a nonce option)
RS_BYTES = 70                  # router solicitation with the source link-layer address
IGMP_BYTES = 54                # IGMPv3 report with one record, router alert
ETH_HEADER = 14
RS_INTERVAL = 4.0              # router_solicitation_interval
RETRANS_TIME = 1.0
TIMELINE = False               # see the module docstring


def port_forwarding(port: "Link") -> bool:
    """A bridge port forwards when it is up with carrier and its bridge is up (STP off)."""
    bridge = port.master
    return bridge is not None and bridge.admin_up and port.admin_up and port.carrier()


def _conf(link: "Link", key: str, default: int) -> int:
    """net.ipv6.conf.DEV.KEY, else .default, else the kernel's default."""
    sysctls = link.netns.sysctls
    for scope in (link.name, "default"):
        value = sysctls.get(f"net.ipv6.conf.{scope}.{key}")
        if value is not None:
            try:
                return int(value)
            except ValueError:
                return default
    return default


def _snooping(link: "Link") -> bool:
    opts = link.bridge_opts
    return link.kind == BRIDGE and (not opts or bool(opts.get("mcast_snooping", 1)))


def _rng(link: "Link", what: str) -> random.Random:
    net = link.netns.machine.network
    return random.Random(f"{net.seed}/{link.netns.machine.name}/{link.netns.name}/{link.name}/{link.mac}/"
                         f"{what}/{net.clock!r}")


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
        for other in link.switch.ports:
            if other is not link and other.admin_up:
                _arrive(other, size, src, set(), count)


def _arrive(port: "Link", size: int, src: str, seen: set, count: bool) -> None:
    if count:
        port.stat("rx_packets")
        port.stat("rx_bytes", size)
    bridge = port.master
    if bridge is None or bridge.kind != BRIDGE or not port_forwarding(port) or id(bridge) in seen:
        return
    if learns(port) or not count:
        entry = bridge.fdb.get(src)
        if entry is None or not (entry.local or entry.static):
            bridge.fdb.pop(src, None)
            bridge.fdb[src] = FdbEntry(mac=src, port=port, age=bridge.netns.machine.network.clock)
    if count:
        bridge.stat("rx_packets")               # passed up to the bridge device (multicast)
        bridge.stat("rx_bytes", size - ETH_HEADER)
        bridge.stat("multicast")
    _flood(bridge, port, size, src, seen, count)


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
def _due(link: "Link", token: object) -> bool:
    return link.__dict__.get("_chatter") is token and link.has_v6 and link.admin_up and \
        link.netns.links.get(link.ifindex) is link


def _mld_bytes(link: "Link") -> int:
    return MLD_BYTES + MLD_RECORD * (2 if _snooping(link) else 1)


def announce(link: "Link") -> None:
    """`link` just got its IPv6 link-local address: the solicited-node join, DAD, then RS (see above)."""
    if not TIMELINE:
        send(link, _mld_bytes(link), count=False)   # the first frame's FDB learning only
        return
    token = object()
    link.__dict__["_chatter"] = token
    link.__dict__["_carrier"] = True
    rng = _rng(link, "addrconf")
    sched = scheduler(link.netns.machine.network)
    _join(link, token, rng)
    delay = 0.0
    transmits = _conf(link, "dad_transmits", 1)
    if _conf(link, "accept_dad", 1) > 0 and transmits > 0:
        delay = rng.random()
        sched.after(delay, _fire, link, token, NS_BYTES)
        delay += transmits * RETRANS_TIME
    sched.after(delay, _dad_done, link, token, rng)


def _fire(link: "Link", token: object, size: int) -> None:
    if _due(link, token):
        send(link, size)


def _join(link: "Link", token: object, rng: random.Random) -> None:
    """mld_ifc_event: a report now and its retransmission within a second (one pending at a time)."""
    send(link, _mld_bytes(link))
    if not link.__dict__.get("_join_pending"):
        link.__dict__["_join_pending"] = True
        scheduler(link.netns.machine.network).after(rng.random(), _join_again, link, token)


def _join_again(link: "Link", token: object) -> None:
    link.__dict__["_join_pending"] = False
    _fire(link, token, _mld_bytes(link))


def bridge_carrier(link: "Link") -> None:
    """A configured bridge's carrier came back (NETDEV_CHANGE, IF_READY): ipv6_mc_up reports its groups
    again -- once more now, and a retransmission unless one is still pending."""
    if not TIMELINE:
        return
    on = link.carrier()
    was = link.__dict__.get("_carrier", True)
    link.__dict__["_carrier"] = on
    token = link.__dict__.get("_chatter")
    if on and not was and token is not None and _due(link, token):
        _join(link, token, _rng(link, "rejoin"))


def _dad_done(link: "Link", token: object, rng: random.Random) -> None:
    if not _due(link, token):
        return
    send(link, _mld_bytes(link))
    scheduler(link.netns.machine.network).after(rng.random(), _fire, link, token, _mld_bytes(link))
    if _conf(link, "accept_ra", 1) > 0 and _conf(link, "forwarding", 0) == 0 and \
            _conf(link, "router_solicitations", -1) != 0:
        _solicit(link, token, rng, RS_INTERVAL * rng.uniform(0.9, 1.1), 1)


def _solicit(link: "Link", token: object, rng: random.Random, interval: float, sent: int) -> None:
    """A router solicitation now; the next one `interval` later, while router_solicitations allows."""
    if not _due(link, token):
        return
    send(link, RS_BYTES)
    limit = _conf(link, "router_solicitations", -1)
    if limit >= 0 and sent >= limit:
        return
    longest = _conf(link, "router_solicitation_max_interval", 3600)
    following = interval * rng.uniform(1.9, 2.1)
    if following > longest:
        following = longest * rng.uniform(0.9, 1.1)
    scheduler(link.netns.machine.network).after(interval, _solicit, link, token, rng, following, sent + 1)


def bridge_up(link: "Link") -> None:
    """A bridge with multicast snooping came up: it joins 224.0.0.106 (all-snoopers), reported twice."""
    if not TIMELINE or not _snooping(link):
        return
    token = object()
    link.__dict__["_igmp"] = token
    send(link, IGMP_BYTES)
    scheduler(link.netns.machine.network).after(_rng(link, "igmp").random(), _igmp_again, link, token)


def _igmp_again(link: "Link", token: object) -> None:
    if link.__dict__.get("_igmp") is token and link.admin_up and link.netns.links.get(link.ifindex) is link:
        send(link, IGMP_BYTES)
