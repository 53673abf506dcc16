"""Linux bridges: FDB learning and ageing, port states, flooding, local delivery and br_netfilter.

A frame arriving on a port is learned (source MAC -> port), then delivered to the bridge's own netns
when it is addressed to the bridge (or is a broadcast), forwarded to the port the FDB knows, or flooded.
With net.bridge.bridge-nf-call-iptables=1 in the bridge's netns, IPv4 frames pass the iptables
PREROUTING, FORWARD and POSTROUTING hooks with bridged=True (in/out device: the bridge), as with
br_netfilter; a DNAT there re-routes the packet as the kernel does. The common case -- an untraced IPv4
frame between plain forwarding ports of a bridge with default options, to a learned address, without
br_netfilter -- is forwarded in one step with the same effects (`unicast_out`; FAST = False turns it off).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from course_lib.net import bridge_arp, flood, port_flags, stp
from course_lib.net.events import scheduler
from course_lib.net.l2 import (ARP, ARP_FRAME_BYTES, BROADCAST, IPV4, WIRE_DELAY, Frame, deliver_up, drop,
                                frame_bytes, node_name, receive_arp_flood, trace_of, transmit)
from course_lib.net.link import LOOPBACK, VETH, FdbEntry
from course_lib.net.netfilter import nf_hook

if TYPE_CHECKING:
    from course_lib.net.link import Link

AGEING_TIME = 300.0          # seconds, the kernel's default
PORT_FLAGS = "_port_flags"   # set in a bridge's __dict__ once a port's flags steer frames (no ARP flood fast path)
FORWARDING_STATES = ("forwarding",)
LEARNING_STATES = ("forwarding", "learning")
FAST = True                  # plain unicast frames forwarded in one step (unicast_out); False: the general path only


def _is_multicast(mac: str) -> bool:
    return mac[1] in "13579bdfBDF"


def hold_time(bridge: "Link") -> float:
    """How long a learned entry lives: the bridge's ageing_time (centiseconds; 300 s by default)."""
    opts = bridge.bridge_opts
    if not opts or "ageing_time" not in opts:
        return AGEING_TIME
    return opts["ageing_time"] / 100


def _expired(bridge: "Link", entry: FdbEntry, now: float) -> bool:
    """has_expired(): a learned entry whose last refresh is hold_time or more ago (ageing_time 0: at once)."""
    return not entry.static and not entry.local and now - entry.age >= hold_time(bridge)


def fdb_lookup(bridge: "Link", mac: str) -> Optional[FdbEntry]:
    """The bridge's FDB entry for `mac` (an expired learned entry is removed first)."""
    entry = bridge.fdb.get(mac)
    if entry is None:
        return None
    if not entry.static and not entry.local and _expired(bridge, entry, bridge.netns.machine.network.clock):
        del bridge.fdb[mac]
        return None
    return entry


def expire(bridge: "Link") -> None:
    """br_fdb_cleanup: the learned entries whose time is up leave the FDB (before it is listed)."""
    now = bridge.netns.machine.network.clock
    fdb = bridge.fdb
    for mac in [m for m, e in fdb.items() if _expired(bridge, e, now)]:
        del fdb[mac]


def learn(bridge: "Link", port: "Link", mac: str) -> None:
    """Remember that `mac` lives behind `port` (learned entries only; permanent ones win)."""
    if mac[1] in "13579bdfBDF":
        return
    fdb = bridge.fdb
    record(fdb, fdb.get(mac), port, mac, bridge.netns.machine.network.clock)


def record(fdb: dict, entry: Optional[FdbEntry], port: "Link", mac: str, now: float) -> None:
    """The learning itself, `entry` being the FDB's entry for `mac` (or None), at model time `now`
    (course_lib.net.segment learns at a broadcast's arrival time); a port with learning off learns nothing."""
    if port.port_opts and not port_flags.learns(port):
        return
    if entry is not None and entry.port is port and not entry.local:
        entry.age = now
    elif entry is None:
        dict.__setitem__(fdb, mac, FdbEntry(mac=mac, port=port, age=now))
    elif not entry.local and not entry.sticky:        # br_fdb_update: a static entry roams too, a sticky one not
        entry.port = port
        entry.age = now


def _is_local_mac(bridge: "Link", mac: str) -> bool:
    if mac == bridge.mac:
        return True
    entry = bridge.fdb.get(mac)
    return entry is not None and entry.local


def bridge_input(bridge: "Link", port: "Link", frame: Frame) -> None:
    """A frame received on a bridge port."""
    if FAST:
        out = unicast_out(bridge, port, frame)
        if out is not None:
            learn_plain(bridge.fdb, port, frame.src, bridge.netns.machine.network.clock)
            transmit(out, frame)
            return
    state = port.port_state if not bridge.bridge_opts else port_state(port)
    if not bridge.admin_up or state not in LEARNING_STATES:
        drop(frame, node_name(bridge.netns),
             f"{bridge.name}: port {port.name} is {'disabled' if not bridge.admin_up else state}")
        return
    learn(bridge, port, frame.src)
    if state not in FORWARDING_STATES:
        drop(frame, node_name(bridge.netns), f"{bridge.name}: port {port.name} is learning")
        return
    dst = frame.dst
    ipv4 = frame.ethertype == IPV4
    tr = frame.payload.trace if ipv4 else trace_of(frame)
    local = dst == bridge.mac or _is_local_mac(bridge, dst)
    bnf = ipv4 and _bnf(bridge)
    if bnf:
        if not _br_netfilter_pre(bridge, port, frame, local):
            return
        dst = frame.dst
        local = _is_local_mac(bridge, dst)
    if local:
        if tr is not None:
            tr.add(node_name(bridge.netns), "bridge", f"{bridge.name}: {dst} is the bridge itself: up to the IP stack")
        _count(bridge, "rx", frame_bytes(frame) - 14)
        deliver_up(bridge.netns, bridge, frame, skip_prerouting=bnf)
        return
    if dst == BROADCAST or dst[1] in "13579bdfBDF":            # _is_multicast
        if tr is not None:
            tr.add(node_name(bridge.netns), "bridge", f"{bridge.name}: broadcast from {port.name}: flood")
        mine = frame.copy()
        replied = frame.ethertype == ARP and bridge.__dict__.get(PORT_FLAGS) and \
            bridge_arp.suppress(bridge, port, frame.payload)
        _flood(bridge, frame, exclude=port, kind=port_flags.BROADCAST if dst == BROADCAST else port_flags.MULTICAST,
               replied=bool(replied))
        _count(bridge, "rx", frame_bytes(mine) - 14)
        deliver_up(bridge.netns, bridge, mine)
        return
    entry = fdb_lookup(bridge, dst)
    if entry is not None:
        out = entry.port
        if (out is port or port.port_opts) and not port_flags.delivers_to(out, port):
            drop(frame, node_name(bridge.netns), f"{bridge.name}: {dst} is behind {port.name}, where it came from"
                 if out is port else f"{bridge.name}: {port.name} and {out.name} are isolated ports")
            return
        if tr is not None:
            tr.add(node_name(bridge.netns), "bridge",
                   f"{bridge.name}: fdb {dst} dev {out.name} master {bridge.name}: forward")
        _forward(bridge, out, frame, bnf)
        return
    if tr is not None:
        tr.add(node_name(bridge.netns), "bridge", f"{bridge.name}: {dst} not in fdb: flood")
    _flood(bridge, frame, exclude=port)


def unicast_out(bridge: "Link", port: "Link", frame: Frame) -> Optional["Link"]:
    """The port an untraced IPv4 frame from a plain forwarding port of a bridge with default options (no STP,
    default ageing) goes out of in one step (FAST): a learned unicast address behind another plain
    forwarding port, without br_netfilter. None (the general path takes it) for any other frame.
    Nothing is changed: the caller learns the source (learn_plain) and transmits."""
    if bridge.bridge_opts or port.port_opts or frame.ethertype != IPV4 or not bridge.admin_up \
            or port.port_state != "forwarding" or frame.payload.trace is not None:
        return None
    dst = frame.dst
    if dst == bridge.mac or dst[1] in "13579bdfBDF":     # the bridge itself, a broadcast or a multicast
        return None
    netns = bridge.netns
    nf = netns.netfilter
    if nf is not None and nf.active and netns.sysctls.get("net.bridge.bridge-nf-call-iptables") == "1":
        return None
    entry = bridge.fdb.get(dst)
    if entry is None or entry.local:
        return None
    out = entry.port
    if out is port or out.master is not bridge or out.port_state != "forwarding":
        return None
    if not entry.static and netns.machine.network.clock - entry.age >= AGEING_TIME:
        return None                                     # expired: fdb_lookup removes it
    if frame.src == dst:
        return None                                     # learning it first moves the entry under `port`
    return out


def learn_plain(fdb: dict, port: "Link", src: str, now: float) -> None:
    """learn() and record() for a plain port (no port flags) of a bridge with default options."""
    if src[1] not in "13579bdfBDF":
        known = fdb.get(src)
        if known is None:
            dict.__setitem__(fdb, src, FdbEntry(mac=src, port=port, age=now))
        elif not known.local and (known.port is port or not known.sticky):
            known.port = port
            known.age = now


def _bnf(bridge: "Link") -> bool:
    """br_netfilter applies: the sysctl is 1 and netfilter has tables in the bridge's netns."""
    netns = bridge.netns
    nf = netns.netfilter
    return nf is not None and nf.active and netns.sysctls.get("net.bridge.bridge-nf-call-iptables") == "1"


def _br_netfilter_pre(bridge: "Link", port: "Link", frame: Frame, local: bool) -> bool:
    """PREROUTING for a bridged IPv4 frame; a changed destination is re-routed. False: stop here."""
    pkt = frame.payload
    old_dst = pkt.dst
    verdict = nf_hook(bridge.netns, "PREROUTING", pkt, bridge, None, bridged=True)
    if not verdict.accepted:
        drop(frame, node_name(bridge.netns), f"iptables PREROUTING: {verdict.rule or verdict.action}")
        return False
    if pkt.dst != old_dst and not local:
        route = _datapath.lookup_route(bridge.netns, pkt.dst)
        if route is not None and route.dev is bridge and route.type == "unicast":
            mac = _arp.cached_mac(bridge.netns, bridge, route.gateway or pkt.dst)
            if mac is not None:
                frame.dst = mac
                return True
        frame.dst = bridge.mac          # hand it to the IP stack, which routes it
    return True


def _forward(bridge: "Link", out: "Link", frame: Frame, bnf: Optional[bool] = None) -> None:
    if port_state(out) not in FORWARDING_STATES:
        drop(frame, node_name(bridge.netns), f"{bridge.name}: port {out.name} is {port_state(out)}")
        return
    if bnf is None:
        bnf = frame.ethertype == IPV4 and _bnf(bridge)
    if bnf:
        pkt = frame.payload
        for hook in ("FORWARD", "POSTROUTING"):
            verdict = nf_hook(bridge.netns, hook, pkt, bridge if hook == "FORWARD" else None, bridge, bridged=True)
            if not verdict.accepted:
                drop(frame, node_name(bridge.netns), f"iptables {hook} (bridged): {verdict.rule or verdict.action}")
                return
    transmit(out, frame)


def port_state(port: "Link") -> str:
    """The port's STP state: kernel STP's timers when the bridge runs it (net/stp.py), else the one set."""
    if stp.on(port.master):
        return stp.state(port)
    return port.port_state


def _count(bridge: "Link", way: str, size: int) -> None:
    """The bridge device's own counters: br_dev_xmit counts the whole frame, br_pass_frame_up the packet
    without its Ethernet header."""
    stats = bridge.stats
    if stats is None:
        stats = bridge.stats = {}
    stats[way + "_packets"] = stats.get(way + "_packets", 0) + 1
    stats[way + "_bytes"] = stats.get(way + "_bytes", 0) + size


def flood_ports(bridge: "Link") -> list["Link"]:
    """The bridge's ports in the order br_flood walks them: its port_list, the newest port first (br_add_if adds
    at the head), so a copy reaches the last enslaved port first; kept while the port list holds the same links."""
    ports = bridge.port_list
    cached = bridge.__dict__.get("_flood_ports")
    if cached is None or cached[0] != ports:        # Links compare by identity: a C-speed check
        cached = bridge.__dict__["_flood_ports"] = (list(ports), ports[::-1])
    return cached[1]


def _flood(bridge: "Link", frame: Frame, exclude: Optional["Link"], kind: str = port_flags.UNICAST,
           replied: bool = False) -> None:
    """br_flood of a received frame: every forwarding, UP port the port flags let it reach (`exclude`: the
    port it came in by, which only hairpin mode lets it go back out of)."""
    if frame.ethertype == ARP and frame.dst == BROADCAST and frame.payload.trace is None \
            and not bridge.__dict__.get(PORT_FLAGS) and not stp.on(bridge):
        _flood_arp(bridge, frame, flood_ports(bridge), exclude)
        return
    floods_to = port_flags.floods_to
    ports = [p for p in flood_ports(bridge)
             if port_state(p) in FORWARDING_STATES and p.admin_up and floods_to(p, kind, exclude, False, replied)]
    frames = [frame] + [frame.copy() for _ in ports[1:]]
    for port, copy in zip(ports, frames):
        _forward(bridge, port, copy)


def _flood_arp(bridge: "Link", frame: Frame, ports: list["Link"], exclude: Optional["Link"] = None) -> None:
    """An untraced ARP broadcast out of the forwarding, UP `ports` but `exclude`, as one transmit per port
    would send it: each run of veths whose peer is an UP plain interface (a pod's eth0) gets one event
    for all its copies (with flood.LAZY, counted in bulk: course_lib.net.flood). (ARP skips
    br_netfilter: `_forward` would only transmit.)"""
    if flood.LAZY and flood.flood_arp(bridge, frame, exclude):
        return
    sched = scheduler(bridge.netns.machine.network)
    run: list["Link"] = []
    for port in ports:
        if port is exclude or port.port_state != "forwarding" or not port.admin_up:
            continue
        peer = port.peer
        if port.kind == VETH and peer is not None and peer.admin_up and peer.master is None \
                and peer.kind != LOOPBACK:
            stats = port.stats
            if stats is None:
                stats = port.stats = {}
            stats["tx_packets"] = stats.get("tx_packets", 0) + 1
            stats["tx_bytes"] = stats.get("tx_bytes", 0) + ARP_FRAME_BYTES
            run.append(peer)
            continue
        if run:
            sched.after(WIRE_DELAY, receive_arp_flood, run, frame.copy())
            run = []
        transmit(port, frame.copy())
    if run:
        sched.after(WIRE_DELAY, receive_arp_flood, run, frame.copy())


def bridge_xmit(bridge: "Link", frame: Frame) -> None:
    """The bridge's own netns sends a frame out of the bridge device."""
    node = node_name(bridge.netns)
    dst = frame.dst
    tr = trace_of(frame)
    _count(bridge, "tx", frame_bytes(frame))
    if dst != BROADCAST and not _is_multicast(dst):
        entry = fdb_lookup(bridge, dst)
        if entry is not None and not entry.local:
            if tr is not None:
                tr.add(node, "bridge", f"{bridge.name}: fdb {dst} dev {entry.port.name} master {bridge.name}")
            if port_state(entry.port) in FORWARDING_STATES:
                transmit(entry.port, frame)
            else:
                drop(frame, node, f"{bridge.name}: port {entry.port.name} is {port_state(entry.port)}")
            return
    if tr is not None:
        tr.add(node, "bridge", f"{bridge.name}: {'broadcast' if dst == BROADCAST else dst + ' not in fdb'}: flood")
    if frame.ethertype == ARP and dst == BROADCAST and tr is None and not bridge.__dict__.get(PORT_FLAGS) \
            and not stp.on(bridge):
        _flood_arp(bridge, frame, flood_ports(bridge))
        return
    kind = port_flags.BROADCAST if dst == BROADCAST else port_flags.MULTICAST if _is_multicast(dst) \
        else port_flags.UNICAST
    ports = [p for p in flood_ports(bridge)
             if port_state(p) in FORWARDING_STATES and p.admin_up and port_flags.floods_to(p, kind, None, True)]
    frames = [frame] + [frame.copy() for _ in ports[1:]]
    for port, copy in zip(ports, frames):
        transmit(port, copy)


from course_lib.net import arp as _arp  # noqa: E402
from course_lib.net import datapath as _datapath  # noqa: E402
