"""Untraced ARP broadcasts and links' own multicast frames on a Lab switch: quiet nodes catch up when looked at.

A switch port is a "node" here when it is an UP NIC without master (a LAN host), or enslaved to an UP
bridge whose other ports are all runs of pod veths (course_lib.net.flood). When an untraced ARP
broadcast crosses the switch, a node none of whose netns owns the target address is *quiet*: it would
only count the frame on its NIC, learn the sender's MAC on the bridge (at arrival time), flood it to
its runs (their tx at arrival, rx one wire crossing later), and hand it to ARP, which does nothing
where no entry for the sender exists. The broadcast is written once in the switch's log instead; a
node applies the entries it has not seen, in order and at their model times, before anything reads
its NIC counters, its bridge's FDB (`Fdb`) or its runs' counters. Where netns behind a quiet node hold
an entry for the sender, the message alone reaches ARP on those links when the copy would have
(`_hear`). Nodes owning the target, and the other ports, get the frame as before
(l2.receive_arp_flood, in port order). A node stops being one (its entries still due become real
events) when course_lib.net.links changes one of its links (flood.invalidate) or a neighbour/address
list behind it changes (flood.Watched). The frames a link sends by itself (course_lib.net.chatter: MLD
reports, DAD and router solicitations) are logged the same way (`multicast`): every node is quiet for
them (counted, the sender's MAC learned anew, flooded to the runs, all at the frame's model time).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from course_lib.net import flood
from course_lib.net.events import scheduler
from course_lib.net.link import BRIDGE, ETHER
from course_lib.net.settled import SettledMap

if TYPE_CHECKING:
    from course_lib.net.l2 import Frame
    from course_lib.net.link import Link
    from course_lib.net.switch import Switch

LOG_LIMIT = 4096            # entries kept before every node is brought up to date and the log emptied


class Fdb(SettledMap):
    """A node's bridge FDB: the node catches up with the switch's log before any read or write."""

    __slots__ = ("node",)

    def _settle(self) -> None:
        node = self.node
        if node is not None and node.seen2 < node.segment.end:
            node.catch_up()


class Node:
    """A switch port whose frames go to a plain netns stack (a NIC without master) or to a bridge whose
    other ports are all runs of pod veths, and how far it has applied the switch's log."""

    __slots__ = ("segment", "nic", "bridge", "runs", "seen1", "seen2", "owns", "hears", "calm", "looks", "order",
                 "watched", "alive", "skipped")

    def __init__(self, segment: "Segment", nic: "Link", runs: list["flood.Run"]) -> None:
        self.segment, self.nic, self.bridge, self.runs = segment, nic, nic.master, runs
        self.seen1 = self.seen2 = segment.end          # log entries applied at arrival / one crossing later
        self.skipped: list[int] = []            # the entries it takes as any port (or sent), in order
        self.owns: set[int] = set()
        self.hears: Any = set()                 # after look(): address -> links with an entry for it
        self.calm: set["Link"] = set()          # after look(): the links of `hears` no proxy ARP answers on
        self.looks = 0                          # how many looks so far (a look may follow a change)
        self.order: dict["Link", int] = {}      # after look(): the links it looks at, in order
        self.alive = True
        nic.stats = flood.Counters(nic.stats or {}, self, 0)   # type: ignore[arg-type]
        nic.__dict__["_segment_node"] = self
        bridge = self.bridge
        if bridge is not None:
            bridge.__dict__["_segment_node"] = self
            if bridge.fdb.__class__ is not Fdb:
                bridge.fdb = Fdb(bridge.fdb)
            bridge.fdb.node = self
            bridge.stats = flood.Counters(bridge.stats or {}, self, 0)   # type: ignore[arg-type]  # its rx
            for run in runs:
                run.node = self
            self.watched = flood.watch(bridge.netns, self, 0)
            for run in runs:
                for q in run.peers:
                    self.watched += flood.watch(q.netns, self, 0)
        else:
            self.watched = flood.watch(nic.netns, self, 0)
        segment.dirty.add(self)

    def __reduce__(self) -> Any:
        return (flood.gone, ())

    def settle(self, pos: int) -> None:
        """flood.Counters asks before its NIC's counters are read."""
        if self.seen2 < self.segment.end:
            self.catch_up()

    def touch(self, pos: int) -> None:
        """A neighbour or address list behind the node changed: entries still due arrive for real."""
        self.catch_up()
        if self.seen2 < self.segment.end:
            self.leave()
        else:
            self.segment.dirty.add(self)

    def appended(self, pos: int, item: Any) -> None:
        """An item appended to a list behind the node. A neighbour entry, when no broadcast is due and no
        look is pending, goes into the node's view at once, as look() would take it (an entry learned
        behind a node cost a look at all its entries: a flannel node holds one per other node);
        anything else is a change (touch)."""
        from course_lib.net.netns import Neighbour
        seg = self.segment
        if item.__class__ is not Neighbour or self in seg.dirty:
            self.touch(pos)
            return
        self.catch_up()
        if self.seen2 < seg.end:
            self.leave()
            return
        self.looks += 1
        ip, link = item.ip, item.link
        if ip._version != 4 or link not in self.order:
            return
        links = self.hears.get(ip._ip)
        if links is None:
            self.hears[ip._ip] = [link]
            seg.hearers.setdefault(ip._ip, set()).add(self)
        elif link not in links:
            links.append(link)
            links.sort(key=self.order.__getitem__)
        if link not in self.calm:
            from course_lib.net.proxy_arp import may_answer
            if not may_answer(link.netns, link):
                self.calm.add(link)

    def catch_up(self) -> None:
        """Apply the log entries whose model time has come: arrival (NIC rx, FDB learning, the runs' tx; a
        multicast frame's runs' rx too), then one crossing later (an ARP broadcast's runs' rx)."""
        seg = self.segment
        log, base, now = seg.log, seg.base, self.nic.netns.machine.network.clock
        nic, bridge, runs = self.nic, self.bridge, self.runs
        if bridge is None:
            self._count_up(now)
            return
        # sums are added once at the end, and a sender's MAC learned anew once for a row of its own frames (a
        # node not looked at for a while has a backlog: on weave's overlay every pod's link-up frames)
        frames = octets = multicasts = arps = 0
        relearn: dict[str, float] = {}          # sender -> its last frame's time, in the order of those
        fdb, i, end = bridge.fdb, self.seen1, seg.end
        while i < end:
            t1, frame, skip = log[i - base]
            if t1 > now:
                break
            i += 1
            if self in skip:                    # it took this one as any port (or sent it)
                continue
            frames += 1
            if frame.__class__ is Multicast:    # net.chatter's _arrive and _flood, at one model time
                octets += frame.size
                multicasts += 1
                relearn.pop(frame.src, None)
                relearn[frame.src] = t1
            else:
                octets += flood.ARP_BYTES
                arps += 1
                for src, when in relearn.items():
                    _relearn(fdb, nic, src, when)
                relearn.clear()
                _learn(fdb, nic, frame.src, t1)
        for src, when in relearn.items():
            _relearn(fdb, nic, src, when)
        self.seen1 = i
        if frames:
            mbytes = octets - arps * flood.ARP_BYTES
            for run in runs:
                run.count(flood.TX, octets, frames=frames)
                if multicasts:
                    run.count(flood.RX, mbytes, frames=multicasts)
            for stats, less in ((nic.stats, 0), (bridge.stats, 14)):   # br_pass_frame_up: without the header
                dict.__setitem__(stats, "rx_packets", dict.get(stats, "rx_packets", 0) + frames)
                dict.__setitem__(stats, "rx_bytes", dict.get(stats, "rx_bytes", 0) + octets - less * frames)
            if multicasts:
                bstats = bridge.stats
                dict.__setitem__(bstats, "multicast", dict.get(bstats, "multicast", 0) + multicasts)
        if not runs:
            self.seen2 = self.seen1
            return
        while self.seen2 < self.seen1:
            t1, frame, skip = log[self.seen2 - base]
            if t1 + seg.wire > now:
                break
            if self not in skip and frame.__class__ is not Multicast:
                for run in runs:
                    run.count(flood.RX, flood.ARP_BYTES)
            self.seen2 += 1

    def _count_up(self, now: float) -> None:
        """catch_up of a NIC without master: its rx counters only, from the log's running byte sums (a node
        first looked at long after the build had every node's link-up frames to apply, one by one)."""
        seg, lo = self.segment, self.seen1
        log, base, hi = seg.log, seg.base, seg.end
        while hi > lo and log[hi - 1 - base][0] > now:     # still on the wire (the log is in time order)
            hi -= 1
        frames, octets, skipped = hi - lo, seg.sums[hi - base] - seg.sums[lo - base], self.skipped
        while skipped and skipped[0] < hi:
            frame = log[skipped.pop(0) - base][1]
            frames -= 1
            octets -= frame.size if frame.__class__ is Multicast else flood.ARP_BYTES
        self.seen1 = self.seen2 = hi
        if frames:
            stats = self.nic.stats
            dict.__setitem__(stats, "rx_packets", dict.get(stats, "rx_packets", 0) + frames)
            dict.__setitem__(stats, "rx_bytes", dict.get(stats, "rx_bytes", 0) + octets)

    def leave(self) -> None:
        """Stop being a node: catch up, and the entries still due become the events they stand for."""
        from course_lib.net.l2 import receive
        if not self.alive:
            return
        self.catch_up()
        self.alive = False
        seg = self.segment
        sched = scheduler(self.nic.netns.machine.network)
        for i in range(self.seen2, seg.end):
            t1, frame, skip = seg.log[i - seg.base]
            if self in skip or frame.__class__ is Multicast:    # applied whole by catch_up: logged at their
                continue                                        # time, after every earlier entry's
            if i >= self.seen1:
                sched.at(t1, receive, self.nic, frame.copy())
            else:
                for run in self.runs:
                    sched.at(t1 + seg.wire, flood.deliver, run, frame.copy(), -1)
        self.seen1 = self.seen2 = seg.end
        if seg.nodes.get(self.nic) is self:
            del seg.nodes[self.nic]
            seg.with_runs -= bool(self.runs)
            seg.recheck.append(self.nic)
        seg.dirty.discard(self)
        _unindex(seg, self)
        flood.unwatch(self.watched, self)
        for link in (self.nic, self.bridge):
            if link is not None and link.__dict__.get("_segment_node") is self:
                del link.__dict__["_segment_node"]
        if self.bridge is not None and self.bridge.fdb.__class__ is Fdb and self.bridge.fdb.node is self:
            self.bridge.fdb.node = None
        for link in (self.nic, self.bridge):
            if link is not None and isinstance(link.stats, flood.Counters) and link.stats.run is self:
                link.stats = dict.copy(link.stats)
        for run in self.runs:
            if run.node is self:
                run.node = None

    def look(self) -> None:
        """Which IPv4 addresses the netns behind the node own, and for which ones they hold an entry on
        the link they would hear the broadcast on, and which of those links could not proxy an answer."""
        from course_lib.net.arp import local_v4
        from course_lib.net.proxy_arp import may_answer
        top = self.bridge if self.bridge is not None else self.nic
        owns = set(local_v4(top.netns))
        hears: dict[int, list["Link"]] = {}     # address -> the links with an entry for it (top first)
        calm: set["Link"] = set()
        self.order = {}
        for link in [top] + [q for run in self.runs for q in run.peers]:
            self.order.setdefault(link, len(self.order))
            ips = {n.ip._ip for n in link.netns.neighbours if n.link is link and n.ip._version == 4}
            for ip in ips:
                hears.setdefault(ip, []).append(link)
            if ips and not may_answer(link.netns, link):
                calm.add(link)
            if link is not top:
                owns.update(local_v4(link.netns))
        seg = self.segment
        _unindex(seg, self)
        self.owns, self.hears, self.calm = owns, hears, calm
        self.looks += 1
        for ip in owns:
            seg.owners.setdefault(ip, set()).add(self)
        for ip in hears:
            seg.hearers.setdefault(ip, set()).add(self)


class Multicast:
    """A frame a link sends by itself (course_lib.net.chatter: MLD, DAD, RS) in a switch's log."""

    __slots__ = ("src", "size")

    def __init__(self, src: str, size: int) -> None:
        self.src, self.size = src, size


def _relearn(fdb: dict, port: "Link", mac: str, when: float) -> None:
    """net.chatter._arrive's learning at model time `when` (the entry is made anew), on the FDB's storage."""
    from course_lib.net.link import FdbEntry
    from course_lib.net.port_flags import learns
    if learns(port):
        entry = dict.get(fdb, mac)
        if entry is None or not (entry.local or entry.static):
            dict.pop(fdb, mac, None)
            dict.__setitem__(fdb, mac, FdbEntry(mac=mac, port=port, age=when))
        elif not entry.local and not entry.sticky:      # a static entry roams (br_fdb_update), a sticky one not
            entry.port, entry.age = port, when


def _learn(fdb: dict, port: "Link", mac: str, when: float) -> None:
    """bridging.learn at model time `when`, on the FDB's own storage (no catching up from inside it)."""
    from course_lib.net.bridging import record
    if mac[1] not in "13579bdfBDF":
        record(fdb, dict.get(fdb, mac), port, mac, when)


def _unindex(seg: "Segment", node: Node) -> None:
    for index, ips in ((seg.owners, node.owns), (seg.hearers, node.hears)):
        for ip in ips:
            nodes = index.get(ip)
            if nodes is not None:
                nodes.discard(node)
                if not nodes:
                    del index[ip]
    node.owns, node.hears = set(), set()


class Segment:
    """A switch's log of quiet broadcasts, its nodes and its other ports."""

    __slots__ = ("switch", "ports", "where", "nodes", "plain", "recheck", "log", "base", "end",
                 "wire", "owners", "hearers", "dirty", "with_runs", "sums")

    def __init__(self, switch: "Switch", wire: float) -> None:
        self.switch, self.wire = switch, wire
        self.ports: list["Link"] = list(switch.ports)
        self.where = {p: i for i, p in enumerate(self.ports)}
        self.nodes: dict["Link", Node] = {}
        self.plain: list["Link"] = []             # ports that are no node (they get every frame)
        self.recheck: list["Link"] = list(self.ports)   # ports to look at again (a node left, a link changed)
        self.log: list[tuple[float, "Frame", tuple]] = []     # (arrival, frame, nodes that skip it)
        self.base = self.end = 0                  # log[i - base] is entry i; `end` entries so far
        self.sums = [0]                           # sums[i - base]: the bytes of the entries before entry i
        self.owners: dict[int, set[Node]] = {}
        self.hearers: dict[int, set[Node]] = {}
        self.dirty: set[Node] = set()
        self.with_runs = 0                        # nodes with runs of pod veths behind them

    def __reduce__(self) -> Any:
        return (flood.gone, ())

    def node(self, port: "Link") -> Optional[Node]:
        """The port's node, made when the port can be one."""
        node = self.nodes.get(port)
        if node is not None or port.kind != ETHER or not port.admin_up or port.port_state != "forwarding" \
                or port.macvlan_port is not None:
            return node
        bridge = port.master
        runs = []
        if bridge is not None:
            if bridge.kind != BRIDGE or not bridge.admin_up:
                return None
            for item in flood.plan(bridge):
                if item.__class__ is flood.Run:
                    runs.append(item)
                elif item is not port:
                    return None
        node = self.nodes[port] = Node(self, port, runs)   # type: ignore[arg-type]
        self.with_runs += bool(runs)
        return node

    def recheck_ports(self) -> None:
        if self.recheck:
            again = set(self.recheck)
            self.recheck = []
            self.plain = [p for p in self.plain if p not in again] + [p for p in again if self.node(p) is None]
            self.plain.sort(key=self.where.__getitem__)

    def look_at_ports(self) -> None:
        self.recheck_ports()
        for node in list(self.dirty):
            if node.alive:
                node.look()
        self.dirty.clear()

    def trim(self) -> None:
        for node in list(self.nodes.values()):
            node.catch_up()
        low = min((n.seen2 for n in self.nodes.values()), default=self.end)
        del self.log[:low - self.base]
        del self.sums[:low - self.base]
        self.base = low


def look_again(link: "Link") -> None:
    """`link` (a NIC, or a bridge: its NICs) changes: its switch looks at it again at the next broadcast."""
    if link.kind == BRIDGE and not link.netns.machine.network.switches:
        return                                  # no switch in the lab: no port is a cabled NIC
    for nic in [link] if link.kind != BRIDGE else link.port_list:
        switch = nic.switch
        if switch is not None:
            seg = switch.__dict__.get("_segment")
            if seg is not None:
                seg.recheck.append(nic)


def segment_of(switch: "Switch", wire: float) -> Segment:
    seg = switch.__dict__.get("_segment")
    if seg is None or seg.ports != switch.ports:
        if seg is not None:
            for node in list(seg.nodes.values()):
                node.leave()
        seg = switch.__dict__["_segment"] = Segment(switch, wire)
    return seg


def broadcast(switch: "Switch", port: "Link", frame: "Frame", arrival: float) -> list["Link"]:
    """An untraced ARP broadcast from `port` reaches the switch's other ports at model time `arrival`:
    logged for the nodes it is quiet for; returns the ports that take it now, in port order."""
    from course_lib.net.arp import REQUEST
    from course_lib.net.l2 import WIRE_DELAY
    seg = segment_of(switch, WIRE_DELAY)
    seg.look_at_ports()
    msg = frame.payload
    loud = seg.owners.get(msg.tpa._ip, set()) if msg.op == REQUEST else set()
    sender = seg.nodes.get(port)
    spa = msg.spa._ip
    hearers = seg.hearers.get(spa)
    if hearers:                             # ARP at the links with an entry for the sender, in time
        from course_lib.net.segment_arp import hear
        hear([n for n in hearers if n not in loud and n is not sender], spa, frame, arrival)
    now = [p for p in seg.plain if p is not port] + [n.nic for n in loud if n is not sender]
    skip = (*loud, sender) if sender is not None and sender not in loud else tuple(loud)
    if len(seg.nodes) > len(skip):
        _append(seg, (arrival, frame, skip), flood.ARP_BYTES)
        # the model time moves as it would with one event per port: an event at the arrival, and one
        # crossing later where the copies would have reached the pods (pumps that run the queue dry end there)
        sched = scheduler(port.netns.machine.network)
        if not now:
            sched.at(arrival, _due)
        if seg.with_runs > sum(1 for n in skip if n.runs):
            sched.at(arrival + seg.wire, _due)
        if len(seg.log) > LOG_LIMIT:
            seg.trim()
    if loud:
        now.sort(key=seg.where.__getitem__)
    return now


def multicast(switch: "Switch", port: "Link", size: int, src: str) -> list["Link"]:
    """A frame `port` sends by itself (net.chatter) reaches the switch's other ports now: logged once for
    the nodes (when read they count it, learn `src` and flood it to their runs: it does nothing else
    there); returns the other UP ports that take it now, in port order -- all of them when an entry
    logged before is still crossing the wire (the log stays in time order)."""
    from course_lib.net.l2 import WIRE_DELAY
    seg = segment_of(switch, WIRE_DELAY)
    seg.recheck_ports()
    now = port.netns.machine.network.clock
    sender = seg.nodes.get(port)
    if not flood.LAZY or len(seg.nodes) <= (sender is not None) or (seg.log and seg.log[-1][0] > now):
        return [p for p in switch.ports if p is not port and p.admin_up]
    _append(seg, (now, Multicast(src, size), () if sender is None else (sender,)), size)
    if len(seg.log) > LOG_LIMIT:
        seg.trim()
    return [p for p in seg.plain if p is not port and p.admin_up]


def _append(seg: Segment, entry: tuple[float, Any, tuple], size: int) -> None:
    for node in entry[2]:
        node.skipped.append(seg.end)
    seg.log.append(entry)
    seg.sums.append(seg.sums[-1] + size)
    seg.end += 1


def _due() -> None:
    """Where the copies of a logged broadcast would have been handled (nothing left to do)."""
