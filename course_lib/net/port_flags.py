"""A bridge port's flags (`bridge link set`, `ip link set ... type bridge_slave`) as the forwarding path obeys them.

new_nbp() starts a port with learning, flood, mcast_flood and bcast_flood on and everything else off;
the port_opts dict holds what was changed ("on"/"off"). What the kernel's bridge does with them:
- learning off: br_handle_frame_finish does not learn the frame's source on that port;
- flood / mcast_flood / bcast_flood off: br_flood skips the port for unknown unicast / multicast /
  broadcast frames (the last two still reach it when the bridge device itself sends them);
- proxy_arp on: br_flood never floods to the port;
- hairpin on: should_deliver lets a frame go back out of the port it came in by (forwarded to an FDB
  entry behind that port, or flooded);
- isolated on: a frame that came in by an isolated port never leaves by another isolated one.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from course_lib.net.link import Link

UNICAST, MULTICAST, BROADCAST = "unicast", "multicast", "broadcast"
DEFAULT_ON = frozenset({"learning", "flood", "mcast_flood", "bcast_flood"})
_FLOOD_FLAG = {UNICAST: "flood", MULTICAST: "mcast_flood", BROADCAST: "bcast_flood"}
# settings that change where frames go: a port with any of them set is no "member" of flood.py's runs
FORWARDING_FLAGS = ("learning", "flood", "mcast_flood", "bcast_flood", "proxy_arp", "proxy_arp_wifi", "hairpin",
                    "isolated", "neigh_suppress")


def assign_port_no(bridge: "Link", port: "Link") -> None:
    """find_portno(): a new port takes the lowest number (from 1) no other port of the bridge holds.
    A bridge whose ports hold exactly 1..n (noted as `_ports_dense` = n while its list has n ports)
    gives n + 1 without looking at them."""
    ports = bridge.port_list
    attrs = bridge.__dict__
    if attrs.get("_ports_dense") == len(ports) and port not in ports:
        number = len(ports) + 1
    else:
        taken = {p.__dict__.get("_port_no") for p in ports if p is not port}
        number = 1
        while number in taken:
            number += 1
    others = len(ports) - (port in ports)
    if number == others + 1:                # the others hold 1..others: with this one, 1..others + 1
        attrs["_ports_dense"] = others + 1
    else:
        attrs.pop("_ports_dense", None)
    port.__dict__["_port_no"] = number      # ip -d link's port_no (and, with the priority, port_id)


def flag(port: "Link", name: str) -> bool:
    """Whether the port's flag `name` is on."""
    opts = port.port_opts
    value = opts.get(name) if opts else None
    if value is None:
        return name in DEFAULT_ON
    return value == "on" or value is True or value == 1


def plain(port: "Link") -> bool:
    """Every flag that steers frames is at its default (the fast flood paths may take the port)."""
    opts = port.port_opts
    return not opts or all(flag(port, name) == (name in DEFAULT_ON) for name in FORWARDING_FLAGS)


def learns(port: "Link") -> bool:
    opts = port.port_opts
    return not opts or opts.get("learning", "on") == "on"


def floods_to(port: "Link", kind: str, ingress: Optional["Link"], local_orig: bool, replied: bool = False) -> bool:
    """br_flood + should_deliver's flag tests for one port (its STP state and link state are the caller's);
    `replied`: an ARP request the bridge answered or suppresses (net/bridge_arp.py)."""
    if not port.port_opts and (ingress is None or not ingress.port_opts):
        return port is not ingress
    if not flag(port, _FLOOD_FLAG[kind]) and (kind == UNICAST or not local_orig):
        return False
    if flag(port, "proxy_arp"):
        return False
    if replied and (flag(port, "proxy_arp_wifi") or flag(port, "neigh_suppress")):
        return False
    return delivers_to(port, ingress)


def delivers_to(port: "Link", ingress: Optional["Link"]) -> bool:
    """should_deliver's hairpin and isolation tests for a frame that came in by `ingress` (None: the bridge's own)."""
    if port is ingress and not flag(port, "hairpin"):
        return False
    if ingress is not None and flag(port, "isolated") and flag(ingress, "isolated"):
        return False
    return True
