"""Kernel STP port states on the model clock (a bridge with stp_state 1 and no user-space STP daemon).

A lone bridge is its own root and every port is designated, so br_make_forwarding() takes a port that
becomes enabled (bridge up, port up with carrier) through LISTENING for forward_delay, then LEARNING
for forward_delay, then FORWARDING. The bridge has carrier only while a port forwards
(br_port_state_selection's liveports). Ports that forward when STP is turned on keep forwarding.

The states are worked out when looked at: each port remembers whether it was enabled and since when;
the time of a change is the last time course_lib.net.links announced one (flood.invalidate calls
`changed` before any change of a link's state, master, peer or netns), so a port looked at late still
gets the time it was enabled. Not modelled: BPDUs (the hello every hello_time a designated port sends,
which real port counters show), other bridges' BPDUs (root election, blocking ports, topology change),
and a port still listening or learning when STP is turned off finishing its timers (it forwards at once).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from course_lib.net.bridge_opts import options

if TYPE_CHECKING:
    from course_lib.net.link import Link

_SINCE = "_stp"                 # a port's (enabled, since) record
_CHANGED = "_stp_changed"       # a link's last announced change (model time)


def on(bridge: Optional["Link"]) -> bool:
    """Whether the bridge runs kernel STP."""
    opts = bridge.bridge_opts if bridge is not None else None
    return bool(opts) and bool(opts.get("stp_state"))  # type: ignore[union-attr]


def changed(link: "Link") -> None:
    """A link is about to change (links.py through flood.invalidate): remember when."""
    link.__dict__[_CHANGED] = link.netns.machine.network.clock


def _change_time(port: "Link", now: float) -> float:
    times = [link.__dict__.get(_CHANGED) for link in (port, port.peer, port.master) if link is not None]
    known = [t for t in times if t is not None]
    return max(known) if known else now


def state(port: "Link") -> str:
    """The port's STP state now: disabled, listening, learning or forwarding."""
    from course_lib.net.chatter import port_forwarding
    bridge = port.master
    now = port.netns.machine.network.clock
    enabled = port_forwarding(port)
    record = port.__dict__.get(_SINCE)
    if record is None or record[0] != enabled:
        record = port.__dict__[_SINCE] = (enabled, _change_time(port, now))
    if not enabled:
        return "disabled"
    delay = options(bridge)["forward_delay"] / 100           # type: ignore[arg-type]
    elapsed = now - record[1]
    if elapsed < delay:
        return "listening"
    if elapsed < 2 * delay:
        return "learning"
    return "forwarding"


def started(bridge: "Link") -> None:
    """br_stp_start: the ports enabled now keep forwarding (they are designated and not blocking)."""
    from course_lib.net.chatter import port_forwarding
    for port in bridge.port_list:
        if port_forwarding(port):
            port.__dict__[_SINCE] = (True, float("-inf"))
        else:
            port.__dict__.pop(_SINCE, None)


def carrier(bridge: "Link") -> bool:
    """br_port_state_selection: carrier while at least one port forwards."""
    return any(state(port) == "forwarding" for port in bridge.port_list)
