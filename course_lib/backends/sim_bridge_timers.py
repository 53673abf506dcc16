"""The bridge timers `ip -d link` shows: a bridge's gc_timer and a port's forward_delay_timer.

gc_timer is the time left before br_fdb_cleanup() runs again: it first runs 0.1 s after the bridge
comes up (at once when its ageing time changes), then again after the ageing time, or sooner when a
learned entry expires sooner (at least 10 ms later). forward_delay_timer is armed for the forward
delay when a port starts forwarding (br_make_forwarding(), STP off too) and stopped when it is disabled.
The moments are noted by `changes()` around the link operations of the simulated stack; a bridge or
port whose moment was never noted (made by other code) counts from the start of the lab.
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from typing import Iterator, Optional
from weakref import WeakKeyDictionary

from course_lib.net import bridge_opts
from course_lib.net.chatter import port_forwarding
from course_lib.net.link import BRIDGE, Link

_GC_RUN: "WeakKeyDictionary[Link, float]" = WeakKeyDictionary()        # bridge -> a moment gc ran or runs
_ENABLED: "WeakKeyDictionary[Link, float]" = WeakKeyDictionary()       # port -> moment it started forwarding


def _clock(link: Link) -> float:
    return link.netns.machine.network.clock


def _ports_near(link: Link) -> set[Link]:
    """The bridge ports whose forwarding may change with `link`: itself, its peer, a bridge's ports."""
    out: set[Link] = set()
    for one in (link, link.peer):
        if one is None:
            continue
        if one.kind == BRIDGE:
            out.update(one.port_list)
        if one.master is not None:
            out.add(one)
    return out


def before(link: Link) -> tuple:
    """What `after` compares with: the forwarding of the ports near `link`, a bridge's admin state."""
    ports = _ports_near(link)
    return ports, {p: port_forwarding(p) for p in ports}, link.admin_up if link.kind == BRIDGE else None


def after(link: Link, state: tuple) -> None:
    """Note the bridge that came up and the ports that started forwarding since `before(link)`."""
    ports, was, bridge_up = state
    now = _clock(link)
    for port in ports | _ports_near(link):
        if port_forwarding(port) and not was.get(port, False):
            _ENABLED[port] = now
    if link.kind == BRIDGE and link.admin_up and bridge_up is False:
        _GC_RUN[link] = now + 0.1               # br_stp_enable_bridge: gc work in HZ/10


@contextmanager
def changes(link: Link) -> Iterator[None]:
    """Note the bridges that come up and the ports that start forwarding while the body runs
    (nothing when it raises)."""
    state = before(link)
    yield
    after(link, state)


def ageing_changed(bridge: Link) -> None:
    """br_set_ageing_time(): the gc work runs at once."""
    if bridge.admin_up:
        _GC_RUN[bridge] = _clock(bridge)


def _seconds(link: Link, option: str) -> float:
    return bridge_opts.options(link)[option] / 100


def _floor(value: float) -> float:
    return math.floor(value * 100 + 1e-6) / 100 if value > 0 else 0.0


def gc_timer(bridge: Link) -> float:
    """Seconds until the next br_fdb_cleanup() run (0 while the bridge is down)."""
    if not bridge.admin_up:
        return 0.0
    now = _clock(bridge)
    hold = _seconds(bridge, "ageing_time")
    learned = [e.age for e in bridge.fdb.values() if not (e.local or e.static)]
    run = _GC_RUN.get(bridge, 0.1)
    for _ in range(10000):
        if run > now:
            break
        delay = hold
        for age in learned:
            if age <= run < age + hold:
                delay = min(delay, age + hold - run)
        run += max(delay, 0.01)
    _GC_RUN[bridge] = run                       # the run now scheduled
    return _floor(run - now)


def forward_delay_timer(port: Link) -> float:
    """Seconds left on a forwarding port's forward delay timer."""
    bridge: Optional[Link] = port.master
    if bridge is None or not port_forwarding(port):
        return 0.0
    since = _ENABLED.get(port, 0.0)
    return _floor(since + _seconds(bridge, "forward_delay") - _clock(port))
