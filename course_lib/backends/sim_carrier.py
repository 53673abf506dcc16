"""A veth's carrier changes (`ip -s -s link`'s transns, carrier_changes in -j): netif_carrier_on/off counts.

A new veth pair starts at 1 each (its carrier is turned off at creation); each time both ends are up
the pair's carrier comes on, and it goes off when either end goes down or moves to another netns, each
counted on both ends. `changes()` notes the transitions around the simulated stack's link operations;
a veth made by other code counts as if it had only been created and, if it has carrier, brought up.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Optional
from weakref import WeakKeyDictionary

from course_lib.net.link import VETH, Link

_COUNT: "WeakKeyDictionary[Link, int]" = WeakKeyDictionary()


def created(*ends: Optional[Link]) -> None:
    for end in ends:
        if end is not None and end.kind == VETH:
            _COUNT[end] = 1


def _pair(link: Link) -> list[Link]:
    return [end for end in (link, link.peer) if end is not None and end.kind == VETH]


@contextmanager
def changes(link: Link) -> Iterator[None]:
    ends = _pair(link)
    before = [end.carrier() for end in ends]
    yield
    for end, had in zip(ends, before):
        if end.carrier() != had:
            _COUNT[end] = count(end) + 1


def count(link: Link) -> Optional[int]:
    """The carrier changes of a veth (None for other kinds: not modelled)."""
    if link.kind != VETH:
        return None
    known = _COUNT.get(link)
    return known if known is not None else (2 if link.carrier() else 1)
