"""Untraced ARP broadcasts out of a bridge to its pods' veths, counted in bulk and settled when read.

A bridge's ports are split, in port order, into runs of "member" ports -- UP forwarding veths whose
peer is an UP plain interface (a pod's eth0: no master, no macvlans, not lo) -- and the other ports.
An untraced ARP broadcast flooded out of the bridge costs one step per run instead of one per port:
- the run's flood count goes up by one (every member's tx_packets/tx_bytes), and one event at wire
  time counts the reception (every peer's rx_packets/rx_bytes) and hands the message to ARP only in
  the netns where it can matter: the one that owns the target address, and those with neighbour
  entries (arp_receive decides: a reply, or an update of the sender's entry);
- a member's `stats` is then a `Counters` dict that adds the counts it has not yet seen before any
  read (`ip -s link`), so the counters are those one frame per port would have left.
The runs hold while their members stay members: course_lib.net.links calls `invalidate` before any
change of a link's state, master, peer or netns, which settles the counts and drops the bridge's
runs; a frame still on its way to a dropped run takes the general path (l2.receive_arp_flood).
The other ports get their copy as before (l2.transmit). `LAZY = False` turns all of this off (the
flood tests compare both).
"""
from __future__ import annotations

from heapq import heappush
from typing import TYPE_CHECKING, Any, Optional, Union

from course_lib.net.events import scheduler
from course_lib.net.link import LOOPBACK, VETH
from course_lib.net.port_flags import plain
from course_lib.net.stp import on as stp_on
from course_lib.net.settled import SettledDict

if TYPE_CHECKING:
    from course_lib.net.l2 import Frame
    from course_lib.net.link import Link

LAZY = True
ARP_BYTES = 14 + 28                 # l2.ARP_FRAME_BYTES (l2 imports this module)
TX, RX = 0, 1                       # Run.count's sides


class Counters(SettledDict):
    """A member link's counters: the flood counts of its run are added before anything reads them."""

    __slots__ = ("run", "pos")

    def __init__(self, counts: dict, run: "Run", pos: int) -> None:
        super().__init__(counts)
        self.run, self.pos = run, pos

    def _settle(self) -> None:
        run = self.run
        if run is not None:
            run.settle(self.pos)


def _add(link: "Link", prefix: str, n: int, nbytes: int) -> None:
    stats = link.stats
    dict.__setitem__(stats, prefix + "_packets", dict.get(stats, prefix + "_packets", 0) + n)
    dict.__setitem__(stats, prefix + "_bytes", dict.get(stats, prefix + "_bytes", 0) + nbytes)


class Watched(list):
    """A netns's neighbour or address list while runs rely on it: a change marks the members of that netns
    for a new look (`runs`: (run, member position) pairs)."""

    __slots__ = ("runs",)

    def _changed(self) -> None:
        for watcher, pos in list(self.runs):
            watcher.touch(pos)

    def append(self, item: Any) -> None:
        list.append(self, item)
        for watcher, pos in list(self.runs):    # a watcher with `appended` takes the new item itself
            appended = getattr(watcher, "appended", None)
            if appended is not None:
                appended(pos, item)
            else:
                watcher.touch(pos)

    def extend(self, items: Any) -> None:
        list.extend(self, items)
        self._changed()

    def insert(self, index: Any, item: Any) -> None:
        list.insert(self, index, item)
        self._changed()

    def remove(self, item: Any) -> None:
        list.remove(self, item)
        self._changed()

    def pop(self, *index: Any) -> Any:
        item = list.pop(self, *index)
        self._changed()
        return item

    def clear(self) -> None:
        list.clear(self)
        self._changed()

    def __setitem__(self, index: Any, value: Any) -> None:
        list.__setitem__(self, index, value)
        self._changed()

    def __delitem__(self, index: Any) -> None:
        list.__delitem__(self, index)
        self._changed()

    def __iadd__(self, items: Any) -> "Watched":
        list.extend(self, items)
        self._changed()
        return self

    def sort(self, *args: Any, **kwargs: Any) -> None:
        list.sort(self, *args, **kwargs)
        self._changed()

    def reverse(self) -> None:
        list.reverse(self)
        self._changed()

    def __reduce__(self) -> Any:            # copies and pickles are plain lists
        return (list, (list(self),))


class WatchedDict(dict):
    """A netns's sysctls while runs rely on them (a proxy_arp switch changes who answers ARP): a write marks
    the members of that netns for a new look, as Watched does."""

    __slots__ = ("runs",)

    def _changed(self) -> None:
        for watcher, pos in list(self.runs):
            watcher.touch(pos)

    def __setitem__(self, key: Any, value: Any) -> None:
        dict.__setitem__(self, key, value)
        self._changed()

    def __delitem__(self, key: Any) -> None:
        dict.__delitem__(self, key)
        self._changed()

    def update(self, *args: Any, **kwargs: Any) -> None:
        dict.update(self, *args, **kwargs)
        self._changed()

    def setdefault(self, key: Any, default: Any = None) -> Any:
        value = dict.setdefault(self, key, default)
        self._changed()
        return value

    def pop(self, *args: Any) -> Any:
        value = dict.pop(self, *args)
        self._changed()
        return value

    def clear(self) -> None:
        dict.clear(self)
        self._changed()

    def __reduce__(self) -> Any:            # copies and pickles are plain dicts
        return (dict, (dict(self),))


def _watch(netns: Any, attr: str, watcher: Any, pos: int) -> Any:
    current = getattr(netns, attr)
    kind = WatchedDict if attr == "sysctls" else Watched
    if current.__class__ is not kind:
        watched = kind(current)
        watched.runs = []
        setattr(netns, attr, watched)
        current = watched
    current.runs.append((watcher, pos))
    return current


def watch(netns: Any, watcher: Any, pos: int) -> list[Any]:
    """`watcher.touch(pos)` on any change of the netns's neighbour or address list, or of its sysctls."""
    return [_watch(netns, attr, watcher, pos) for attr in ("neighbours", "addresses", "sysctls")]


def unwatch(lists: list[Any], watcher: Any) -> None:
    for watched in lists:
        watched.runs[:] = [(w, pos) for w, pos in watched.runs if w is not watcher]


def gone() -> None:
    """What a copied or pickled bookkeeping object becomes: nothing (the copy makes its own when needed;
    the counters, FDBs and lists it kept are copied as plain, settled ones)."""
    return None


class Plan:
    """A bridge's ports as runs and other ports, for as many ports as it had."""

    __slots__ = ("count", "items")

    def __init__(self, count: int, items: list) -> None:
        self.count, self.items = count, items

    def __reduce__(self) -> Any:
        return (gone, ())


class Run:
    """Member ports next to each other in port order, their peers, and the flood counts of the run (frames
    and bytes: ARP broadcasts, and a switch's multicast frames through course_lib.net.segment)."""

    __slots__ = ("ports", "peers", "where", "totals", "bases", "watched", "dirty", "listening", "owners", "owned",
                 "alive", "node")

    def __init__(self, ports: list["Link"]) -> None:
        self.ports = ports
        self.peers: list["Link"] = [p.peer for p in ports]  # type: ignore[misc]
        self.where = {p: i for i, p in enumerate(ports)}
        self.totals = [(0, 0), (0, 0)]          # TX (members' ports), RX (their peers): (frames, bytes) so far
        self.bases = [[self.totals[TX]] * len(ports), [self.totals[RX]] * len(ports)]   # what each counted
        self.watched = [w for i, q in enumerate(self.peers) for w in watch(q.netns, self, i)]
        self.node: Any = None                   # the switch port it hangs off (course_lib.net.segment), if any
        self.dirty = set(range(len(ports)))     # members whose netns changed since the last look
        self.listening: set[int] = set()        # members whose netns has neighbour entries
        self.owners: dict[int, list[int]] = {}  # IPv4 address (int) -> members whose netns has it
        self.owned: list[list[int]] = [[] for _ in ports]   # member -> the addresses it is an owner of
        self.alive = True
        for i, link in enumerate(ports + self.peers):
            link.stats = Counters(link.stats or {}, self, i % len(ports))

    def touch(self, pos: int) -> None:
        self.dirty.add(pos)

    def __reduce__(self) -> Any:
        return (gone, ())

    def settle(self, i: int) -> None:
        """Add the floods member `i` has not counted yet to its port's tx and its peer's rx."""
        node = self.node
        if node is not None and node.seen2 < node.segment.end:
            node.catch_up()
        total, base = self.totals[TX], self.bases[TX][i]
        if total is not base:                   # a counted total is the very tuple
            _add(self.ports[i], "tx", total[0] - base[0], total[1] - base[1])
            self.bases[TX][i] = total
        total, base = self.totals[RX], self.bases[RX][i]
        if total is not base:
            _add(self.peers[i], "rx", total[0] - base[0], total[1] - base[1])
            self.bases[RX][i] = total

    def count(self, side: int, nbytes: int, skip: int = -1, frames: int = 1) -> None:
        """One frame (or `frames` frames) of `nbytes` out of every member's port (TX) or at every member's
        peer (RX), but member `skip`'s (the port it came in by)."""
        if skip >= 0:
            self.settle(skip)
        sent, octets = self.totals[side]
        self.totals[side] = total = (sent + frames, octets + nbytes)
        if skip >= 0:
            self.bases[side][skip] = total

    def close(self) -> None:
        """Settle every member, give the links plain counters back and stop watching their netns."""
        self.alive = False
        for i in range(len(self.ports)):
            self.settle(i)
        for link in self.ports + self.peers:
            if isinstance(link.stats, Counters) and link.stats.run is self:
                link.stats.run = None
                link.stats = dict.copy(link.stats)
        unwatch(self.watched, self)

    def refresh(self) -> None:
        """Look again at the members whose netns changed: neighbour entries, and IPv4 addresses owned."""
        from course_lib.net import proxy_arp
        from course_lib.net.arp import local_v4
        owners = self.owners
        for i in self.dirty:
            peer = self.peers[i]
            netns = peer.netns
            if netns.neighbours or proxy_arp.may_answer(netns, peer):
                self.listening.add(i)
            else:
                self.listening.discard(i)
            for value in self.owned[i]:
                owners[value].remove(i)
                if not owners[value]:
                    del owners[value]
            self.owned[i] = list(local_v4(netns))
            for value in self.owned[i]:
                owners.setdefault(value, []).append(i)
        self.dirty.clear()


def _member(port: "Link") -> bool:
    peer = port.peer
    return port.kind == VETH and port.admin_up and port.port_state == "forwarding" and peer is not None \
        and not stp_on(port.master) \
        and peer.admin_up and peer.master is None and peer.kind != LOOPBACK and peer.macvlan_port is None \
        and (not port.port_opts or plain(port))


def plan(bridge: "Link") -> list[Union[Run, "Link"]]:
    """The bridge's ports in order as runs of members and single other ports (made again when the port
    list changed or `invalidate` dropped it)."""
    cached = bridge.__dict__.get("_flood_plan")
    if cached is not None and cached.count == len(bridge.port_list):     # links.py drops it on any port change
        return cached.items
    if cached is not None:
        _close(cached.items)
    from course_lib.net.bridging import flood_ports
    items: list[Union[Run, "Link"]] = []
    run: list["Link"] = []
    for port in flood_ports(bridge):
        if _member(port):
            run.append(port)
            continue
        if run:
            items.append(Run(run))
            run = []
        items.append(port)
    if run:
        items.append(Run(run))
    bridge.__dict__["_flood_plan"] = Plan(len(bridge.port_list), items)
    return items


def _close(items: list[Union[Run, "Link"]]) -> None:
    for item in items:
        if item.__class__ is Run:
            if item.node is not None:  # type: ignore[union-attr]
                item.node.leave()  # type: ignore[union-attr]
            item.close()  # type: ignore[union-attr]


def invalidate(link: "Link") -> None:
    """`link` is about to change (state, master, peer, netns, a macvlan on it): settle and drop the runs
    of the bridges it belongs to or is, and the switch nodes (course_lib.net.segment) they make."""
    from course_lib.net.segment import look_again
    from course_lib.net.stp import changed
    for changing in (link, link.peer):
        if changing is not None:
            changed(changing)
    for bridge in (link, link.master, link.peer.master if link.peer is not None else None):
        if bridge is not None:
            node = bridge.__dict__.get("_segment_node")
            if node is not None:
                node.leave()
            look_again(bridge)
            cached = bridge.__dict__.pop("_flood_plan", None)
            if cached is not None:
                _close(cached.items)


def flood_arp(bridge: "Link", frame: "Frame", exclude: Optional["Link"]) -> bool:
    """Flood an untraced ARP broadcast out of every forwarding, UP port of `bridge` but `exclude`.
    False for a bridge's first flood (the caller sends one copy per port): the runs are made from the
    second on, as a bridge that floods once (a node asking once for one of its pods) is common."""
    from course_lib.net.l2 import WIRE_DELAY, transmit
    attrs = bridge.__dict__
    if "_flood_plan" not in attrs and not attrs.get("_flooded"):
        attrs["_flooded"] = True
        return False
    net = bridge.netns.machine.network
    sched = net.__dict__.get("_scheduler") or scheduler(net)
    for item in plan(bridge):
        if item.__class__ is Run:
            run: Run = item  # type: ignore[assignment]
            skip = run.where.get(exclude, -1) if exclude is not None else -1
            run.count(TX, ARP_BYTES, skip)
            if skip >= 0 and len(run.ports) == 1:
                continue
            heappush(sched.heap, (net.clock + WIRE_DELAY, next(sched.seq), deliver, (run, frame.copy(), skip)))
            continue
        port: "Link" = item  # type: ignore[assignment]
        if port is exclude or port.port_state != "forwarding" or not port.admin_up:
            continue
        transmit(port, frame.copy())
    return True


def deliver(run: Run, frame: "Frame", skip: int) -> None:
    """The flood's copies reach the run's peers (at wire time): count them, hand the message to ARP
    where it can matter, in port order."""
    from course_lib.net import l2
    from course_lib.net.arp import REQUEST, arp_receive
    if not run.alive:                            # a member changed since the flood: one receive per peer
        l2.receive_arp_flood([q for i, q in enumerate(run.peers) if i != skip], frame)
        return
    if frame.hops + 1 > l2.MAX_L2_HOPS:
        return
    run.count(RX, ARP_BYTES, skip)
    msg = frame.payload
    if run.dirty:
        run.refresh()
    owners = run.owners.get(msg.tpa._ip) if msg.op == REQUEST else None
    if owners:
        positions = sorted(run.listening.union(owners))
    elif run.listening:
        positions = sorted(run.listening)
    else:
        return
    peers = run.peers
    for i in positions:
        if i != skip:
            q = peers[i]
            arp_receive(q.netns, q, msg)
