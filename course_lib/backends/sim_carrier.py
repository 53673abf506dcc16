"""A veth's carrier changes (`ip -s -s link`'s transns, carrier_changes in -j): netif_carrier_on/off counts.

A new veth pair starts at 1 each (its carrier is turned off at creation); each time both ends are up
the pair's carrier comes on, and it goes off when either end goes down or moves to another netns, each
counted on both ends. `changes()` notes the transitions around the simulated stack's link operations;
a veth made by other code counts as if it had only been created and, if it has carrier, brought up.
A bridge starts with carrier (no count); from its first port on, its carrier follows its ports
(br_port_state_selection: on while one forwards and the bridge is up, off when none does or the last
port leaves), each flip counted; flips are noted around the operations that touch it or its ports and
caught up (one at a time) when it is read.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Optional
from weakref import WeakKeyDictionary

from course_lib.net.link import BRIDGE, VETH, Link

_COUNT: "WeakKeyDictionary[Link, int]" = WeakKeyDictionary()
_BRIDGE_ON: "WeakKeyDictionary[Link, bool]" = WeakKeyDictionary()   # a bridge's carrier as last seen


def created(*ends: Optional[Link]) -> None:
    for end in ends:
        if end is not None and end.kind == VETH:
            _COUNT[end] = 1


def _pair(link: Link) -> list[Link]:
    return [end for end in (link, link.peer) if end is not None and end.kind == VETH]


def _bridges(link: Link) -> list[Link]:
    """The bridges whose carrier an operation on `link` may change: itself, its and its peer's master."""
    out = [link] if link.kind == BRIDGE else []
    for end in (link, link.peer):
        if end is not None and end.master is not None and end.master.kind == BRIDGE:
            out.append(end.master)
    return out


def _bridge_on(bridge: Link) -> bool:
    """The bridge's netif carrier: on until its first port, then while a port forwards (and it is up)."""
    return bridge.carrier() if bridge.port_list or bridge.had_ports else True


def _note_bridge(bridge: Link) -> None:
    now = _bridge_on(bridge)
    if _BRIDGE_ON.get(bridge, True) != now:
        _BRIDGE_ON[bridge] = now
        _COUNT[bridge] = _COUNT.get(bridge, 0) + 1


def before(link: Link) -> tuple:
    """What `after` compares with: the veth ends' carrier, the bridges noted now."""
    ends = _pair(link)
    had = [end.carrier() for end in ends]
    bridges = _bridges(link)
    for bridge in bridges:
        _note_bridge(bridge)
    return ends, had, bridges


def after(link: Link, state: tuple) -> None:
    """Count the carrier changes since `before(link)` gave `state`."""
    ends, had, bridges = state
    for end, was in zip(ends, had):
        if end.carrier() != was:
            _COUNT[end] = count(end) + 1
    for bridge in bridges + _bridges(link):
        _note_bridge(bridge)


@contextmanager
def changes(link: Link) -> Iterator[None]:
    """before/after around the body (nothing is counted when it raises)."""
    state = before(link)
    yield
    after(link, state)


def count(link: Link) -> Optional[int]:
    """The carrier changes of a veth or a bridge (None for other kinds: not modelled)."""
    if link.kind == BRIDGE:
        _note_bridge(link)
        return _COUNT.get(link, 0)
    if link.kind != VETH:
        return None
    known = _COUNT.get(link)
    return known if known is not None else (2 if link.carrier() else 1)
