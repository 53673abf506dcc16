"""ARP suppression and proxy ARP by a bridge (br_do_proxy_suppress_arp): ports with neigh_suppress,
proxy_arp or proxy_arp_wifi.

For an ARP request crossing the bridge (no VLANs), when the bridge device's own neighbour table holds a
valid entry for the target and the FDB knows that MAC, the bridge answers the requester itself (out of
the port the request came in by, from the target's MAC) if that port has proxy_arp or the target's
port has neigh_suppress / proxy_arp_wifi. The request then does not reach neigh_suppress and
proxy_arp_wifi ports; once any port has neigh_suppress it does not reach them either when the FDB
merely knows the target's MAC, or when the target is an address of the bridge itself. A request that
came in by a neigh_suppress port is left alone. Ports with proxy_arp never get flooded frames
(port_flags.floods_to).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from course_lib.net.port_flags import flag

if TYPE_CHECKING:
    from course_lib.net.arp import ArpMessage
    from course_lib.net.link import Link


def suppress(bridge: "Link", port: "Link", msg: "ArpMessage") -> bool:
    """Answer `msg` (received on `port`) for its target where the kernel would; True: the request is
    'proxyarp_replied' (no flooding to neigh_suppress / proxy_arp_wifi ports)."""
    from course_lib.net.arp import REPLY, REQUEST, VALID, ArpMessage, find
    from course_lib.net.bridging import fdb_lookup
    from course_lib.net.l2 import ARP, Frame, node_name, transmit
    tpa = msg.tpa
    if tpa.version != 4 or tpa.is_loopback or tpa.is_multicast:
        return False
    enabled = any(flag(p, "neigh_suppress") for p in bridge.port_list)
    if enabled and flag(port, "neigh_suppress"):
        return False
    if msg.op != REQUEST:
        return False
    netns = bridge.netns
    if enabled and any(a.link is bridge and a.family == 4 and a.ip == tpa for a in netns.addresses):
        return True                                     # the bridge's own address: no proxy reply
    n = find(netns, bridge, tpa)
    if n is None or n.mac is None or n.state not in VALID:
        return False
    entry = fdb_lookup(bridge, n.mac)
    if entry is None:
        return False
    target = entry.port
    if flag(port, "proxy_arp") or (target is not None and target is not bridge and
                                   (flag(target, "proxy_arp_wifi") or flag(target, "neigh_suppress"))):
        if msg.trace is not None:
            msg.trace.add(node_name(netns), "bridge", f"{bridge.name}: {tpa} is at {n.mac} (answered by the bridge "
                                                      f"on {port.name})")
        reply = ArpMessage(REPLY, n.mac, tpa, msg.sha, msg.spa, msg.trace)
        transmit(port, Frame(n.mac, msg.sha, ARP, reply))
        return True
    return enabled
