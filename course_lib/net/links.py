"""Link mutations of the model: create/delete veth, bridge, NIC and lo; set up/down, mtu, mac, name, master, netns.

Every function validates first and mutates only when the whole operation can succeed; failures raise
`CommandError` with the kernel's answer as iproute2 prints it. State derived from link changes (kernel
routes, IPv6 link-local addresses, bridge MACs) is kept in step through `course_lib.net.addrs`.
"""
from __future__ import annotations

from operator import attrgetter, countOf
from typing import TYPE_CHECKING, Optional

from course_lib.net import addrs, chatter, devconf, flood, inet6_mtu, port_flags
from course_lib.net import link as link_module, macvlan
from course_lib.net.ifindex import BUSY, alloc_ifindex, next_free, nsid_alloc, reserve_index
from course_lib.net.link import BRIDGE, ETHER, LOOPBACK, MACVLAN, VETH, VXLAN, FdbEntry, Link, new_link
from course_lib.net.route_table import routes_of
from course_lib.result import CommandError

if TYPE_CHECKING:
    from course_lib.net.netns import NetNS
    from course_lib.net.switch import Switch

EXISTS = CommandError("RTNETLINK answers: File exists", 2)
_ENTRY_PORT = attrgetter("port")
IFNAMSIZ = 15


def _carrier_inputs_changed() -> None:
    """A port's carrier may have changed: bridges look at their ports again (link.carrier_epoch)."""
    link_module.carrier_epoch += 1


def _ports_changed(link: Link) -> None:
    """`link` was set up or down, or enslaved: only it and its veth peer can have gained carrier as
    ports (a port's carrier follows its own and its peer's admin state), so a bridge that knew none of
    its ports had carrier still knows it unless one of those two has it now. Macvlans near it (their
    carrier is their lower device's) make every bridge look again."""
    peer = link.peer
    for one in (link, peer, link.master, peer.master if peer is not None else None):
        if one is not None and one.macvlan_port:
            _carrier_inputs_changed()
            return
    for one in (link, peer):
        if one is not None:
            bridge = one.master
            if bridge is not None and bridge._none_since == link_module.carrier_epoch and one.carrier():
                bridge._none_since = -1


def check_ifname(name: str) -> None:
    """iproute2's own check of a device name (before any netlink request)."""
    if not name or len(name) > IFNAMSIZ or name in (".", "..") or any(c in name for c in "/: \t\n"):
        raise CommandError(f'Error: argument "{name}" is wrong: "name" not a valid ifname', 1)


def _attach(netns: "NetNS", link: Link, wanted: Optional[int] = None) -> None:
    link.netns = netns
    link.ifindex = alloc_ifindex(netns, wanted)
    netns.links[link.ifindex] = link
    _carrier_inputs_changed()
    chatter.inherit(link)                       # its IPv6 settings from the netns's conf.default
    devconf.arrive(link)                        # and its IPv4 ones (a new in_device)


def attach(netns: "NetNS", link: Link, ifindex: int = 0) -> None:
    """_attach for the modules that make other kinds of link (course_lib.net.vxlan, net.macvlan): a
    macvlan's lower device stops being a plain pod interface for the bridge floods."""
    if link.macvlan is not None:
        flood.invalidate(link.macvlan.lower)
    _attach(netns, link, ifindex or None)


def create_loopback(netns: "NetNS") -> Link:
    lo = new_link("lo", LOOPBACK, 0, "00:00:00:00:00:00", netns)
    lo.mtu = 65536
    _attach(netns, lo)
    return lo


def _new_mac(netns: "NetNS", mac: Optional[str]) -> str:
    return mac if mac else netns.machine.network.new_mac()


def create_nic(netns: "NetNS", name: str, switch: "Switch", mac: Optional[str] = None) -> Link:
    """A NIC cabled to a switch: DOWN, no address (Lab.connect)."""
    if netns.link_by_name(name) is not None:
        raise EXISTS
    nic = new_link(name, ETHER, 0, _new_mac(netns, mac), netns)
    _attach(netns, nic)
    nic.switch = switch
    switch.ports.append(nic)
    _carrier_inputs_changed()
    return nic


def create_bridge(netns: "NetNS", name: str, mtu: Optional[int] = None, mac: Optional[str] = None,
                  ifindex: int = 0) -> Link:
    if netns.link_by_name(name) is not None:
        raise EXISTS
    if ifindex:
        reserve_index(netns, ifindex)
    bridge = new_link(name, BRIDGE, 0, _new_mac(netns, mac), netns)
    bridge.mac_set = mac is not None
    if mtu is not None:
        bridge.mtu = mtu
    _attach(netns, bridge, ifindex or None)
    return bridge


def create_veth(netns: "NetNS", name: str, peer_name: str, peer_netns: Optional["NetNS"] = None,
                mtu: Optional[int] = None, mac: Optional[str] = None,
                peer_mtu: Optional[int] = None, peer_mac: Optional[str] = None,
                ifindex: int = 0, peer_ifindex: int = 0) -> tuple[Link, Link]:
    """A veth pair; the peer is registered first (it gets the lower ifindex, like the kernel). With an `ifindex`
    for the device the peer takes `peer_ifindex` (0: the next free one); without, the peer's is ignored. Each
    registration checks the name (EEXIST), then the index (EBUSY)."""
    target = peer_netns or netns
    if not ifindex:
        peer_ifindex = 0
        if netns.link_by_name(name) is not None:
            raise EXISTS                        # __rtnl_newlink finds it by name (NLM_F_EXCL): no peer made
    if target.link_by_name(peer_name) is not None:
        raise EXISTS
    if peer_ifindex:
        reserve_index(target, peer_ifindex)
    failed = None
    if netns.link_by_name(name) is not None or (target is netns and name == peer_name):
        failed = EXISTS
    elif ifindex and target is netns and ifindex == (peer_ifindex or next_free(netns)):
        failed = BUSY                           # the peer took it
    elif ifindex and ifindex in netns.links:
        failed = BUSY
    if failed is not None:
        if not peer_ifindex:                    # the peer was registered (and went again): its index is used up
            target.next_ifindex = next_free(target) + 1
        raise failed
    peer = new_link(peer_name, VETH, 0, _new_mac(netns, peer_mac), target)
    dev = new_link(name, VETH, 0, _new_mac(netns, mac), netns)
    # the kernel makes the device's address before the peer's: keep that order for the seeded MACs
    if not mac and not peer_mac:
        dev.mac, peer.mac = peer.mac, dev.mac
    dev.peer, peer.peer = peer, dev
    if mtu is not None:
        dev.mtu = mtu
    peer.mtu = peer_mtu if peer_mtu is not None else 1500
    _attach(target, peer, peer_ifindex or None)
    _attach(netns, dev, ifindex or None)
    # linkwatch handles the creation events in order: the peer sees the new device not yet DOWN
    peer.nocarrier_state = "DOWN"
    dev.carrier_event()
    if target is not netns:
        nsid_alloc(target, netns)
        nsid_alloc(netns, target)
    return dev, peer


def _detach(link: Link, moving: bool = False) -> None:
    """Remove a link from its netns with everything that refers to it there (and, unless it is
    only `moving` to another netns, the macvlans stacked on it)."""
    netns = link.netns
    flood.invalidate(link)
    if link.kind == BRIDGE:
        for port in link.ports():
            port.master = None
            port.port_state = "forwarding"
        link.port_list.clear()
    if link.master is not None:
        bridge = link.master
        link.master = None
        _forget_port(bridge, link)
        _bridge_ports_changed(bridge)
    if link.kind == VXLAN:
        from course_lib.net import vxlan
        vxlan.set_up(link, False)               # its UDP socket closes with it
    if not moving:
        for upper in macvlan.uppers(link):      # its macvlans die with it, wherever they are
            _detach(upper)
        macvlan.forget(link)
    addrs.forget_link(link)
    netns.links.pop(link.ifindex, None)
    _carrier_inputs_changed()


def delete_link(link: Link) -> None:
    """`ip link del`: a veth takes its peer with it; lo cannot go."""
    if link.kind == LOOPBACK:
        raise CommandError("RTNETLINK answers: Operation not supported", 2)
    if link.kind == ETHER:
        raise CommandError("RTNETLINK answers: Operation not supported", 2)
    affected = []
    if link.kind == VETH and link.peer is not None:
        peer = link.peer
        _detach(peer)
        affected.append(peer)
    _detach(link)
    for gone in [link, *affected]:
        gone.peer = None
    _carrier_inputs_changed()


def destroy_for_netns_delete(link: Link, root: "NetNS") -> None:
    """A netns is going away: veths and bridges die, NICs return to the machine's root netns."""
    if link.kind == ETHER:
        set_netns(link, root)
    elif link.kind == VETH:
        delete_link(link)
    else:
        _detach(link)


def _carrier_neighbours(link: Link) -> list[Link]:
    """Links whose carrier depends on `link`'s state."""
    out = []
    if link.peer is not None:
        out.append(link.peer)
    for l in (link, link.peer):
        if l is not None and l.master is not None:
            out.append(l.master)
        if l is not None and l.macvlan_port is not None:
            out += l.macvlan_port               # a macvlan's carrier is its lower device's
    return out


def set_up(link: Link, up: bool) -> None:
    if link.admin_up == up:
        return
    flood.invalidate(link)                      # counted floods settle before a member changes
    watched = [l for l in (link, link.peer) if l is not None]
    before = [l.carrier() for l in watched]
    if up and link.kind == MACVLAN:
        macvlan.check_up(link)                  # its MAC must be free on the lower device
    if link.kind == VXLAN:
        from course_lib.net import vxlan
        vxlan.set_up(link, up)                  # vxlan_open/vxlan_stop: the device's UDP socket
    link.admin_up = up
    _ports_changed(link)
    if up:
        if link.kind in (VETH, BRIDGE, LOOPBACK, ETHER, VXLAN, MACVLAN):
            link.qdisc = "noqueue" if link.kind != ETHER else "pfifo_fast"
        addrs.link_up(link)
    else:
        addrs.link_down(link)
    for l, had in zip(watched, before):
        if l.carrier() != had or l is link:     # opening a device sets its operstate too (no carrier:
            l.carrier_event()                   # LOWERLAYERDOWN while its peer here is down)
        if had and l.admin_up and not l.carrier():
            _carrier_down_neighbours(l)
    _flush_disabled_ports(link)
    for other in _carrier_neighbours(link):
        addrs.carrier_changed(other)


def _carrier_down_neighbours(link: Link) -> None:
    """NETDEV_CHANGE without carrier: neigh_carrier_down (arp and ndisc) drops the device's neighbour
    entries, PERMANENT ones kept (the kernel does it from linkwatch, at most a second later)."""
    neighbours = link.netns.neighbours
    if any(n.link is link for n in neighbours):
        neighbours[:] = [n for n in neighbours if n.link is not link or n.state == "PERMANENT"]


def _flush_disabled_ports(link: Link) -> None:
    """A bridge port that stops forwarding loses its learned entries (br_fdb_delete_by_port)."""
    port_forwarding = chatter.port_forwarding
    ports = [l for l in (link, link.peer) if l is not None and l.master is not None]
    if link.kind == BRIDGE:
        ports += link.ports()
    for port in ports:
        if not port_forwarding(port):
            bridge = port.master
            fdb = bridge.fdb
            held = countOf(map(_ENTRY_PORT, fdb.values()), port)      # (C speed: most hold only their own)
            if not held:
                continue
            if held == 1:
                own = fdb.get(port.mac)
                if own is not None and own.port is port and (own.local or own.static):
                    continue                                       # only the port's own address
            for mac in [m for m, e in fdb.items() if e.port is port and not e.local and not e.static]:
                del fdb[mac]


def _mac_changed(link: Link) -> None:
    """NETDEV_CHANGEADDR: the device's neighbour entries are flushed, PERMANENT ones included."""
    netns = link.netns
    if any(n.link is link for n in netns.neighbours):
        netns.neighbours[:] = [n for n in netns.neighbours if n.link is not link]


INET_OFF = "inet_off"       # lo's in_device is gone (its MTU went below 68): no IPv4 address can be added


def set_mtu(link: Link, mtu: int) -> None:
    maxmtu = 2 ** 31 - 1 if link.kind == LOOPBACK else 65535      # loopback: no max_mtu
    minmtu = 68 if link.kind != LOOPBACK else 0
    if mtu < minmtu or mtu > maxmtu:
        raise CommandError("Error: mtu less than device minimum." if mtu < minmtu
                           else "Error: mtu greater than device maximum.", 2)
    if link.macvlan is not None and mtu > link.macvlan.lower.mtu:
        raise macvlan.INVALID
    old = link.mtu
    link.mtu = mtu
    if old != mtu and (old < inet6_mtu.IPV6_MIN_MTU or mtu < inet6_mtu.IPV6_MIN_MTU):
        inet6_mtu.mtu_changed(link, old)
    if link.kind == LOOPBACK:
        _loopback_inet(link, mtu)
    if link.kind == BRIDGE:
        link.mtu_by_user = True                 # br_change_mtu(): BROPT_MTU_SET_BY_USER
    elif link.master is not None:
        _bridge_mtu_auto(link.master)


def _loopback_inet(link: Link, mtu: int) -> None:
    """inetdev_event(NETDEV_CHANGEMTU): below 68 (no valid IPv4 MTU) lo's in_device is destroyed with every
    IPv4 address and route of it; at 68 or more an empty one is made again (127.0.0.1 returns at lo's next up)."""
    netns = link.netns
    if (mtu >= 68) == (INET_OFF in link.__dict__):
        routes_of(netns).lookups.clear()       # the route cache's answers to local addresses change (EINVAL)
    if mtu >= 68:
        link.__dict__.pop(INET_OFF, None)
        return
    link.__dict__[INET_OFF] = True
    while True:
        mine = [a for a in netns.addresses if a.link is link and a.family == 4]
        if not mine:
            break
        addrs.remove_address(mine[0])


def _bridge_mtu_auto(bridge: Link) -> None:
    """br_mtu_auto_adjust(): a bridge whose MTU nobody set takes its smallest port MTU (1500 without ports)."""
    if not bridge.mtu_by_user:
        bridge.mtu = min((p.mtu for p in bridge.port_list), default=1500)


def set_mac(link: Link, mac: str) -> None:
    if link.kind == LOOPBACK:
        raise CommandError("RTNETLINK answers: Operation not supported", 2)
    first = int(mac.split(":")[0], 16)
    if first & 1 or mac == "00:00:00:00:00:00":
        raise CommandError("RTNETLINK answers: Cannot assign requested address", 2)
    macvlan.check_mac(link, mac)
    old = link.mac
    link.mac = mac
    if old != mac:
        _mac_changed(link)
    if link.master is not None:
        entry = link.master.fdb.get(old)
        if entry is not None and entry.local and entry.port is link:
            del link.master.fdb[old]
            entry.mac = mac
            link.master.fdb[mac] = entry
    if link.kind == BRIDGE:
        link.mac_set = True
    if link.master is not None:
        _recalc_bridge_mac(link.master)


def rename(link: Link, new_name: str) -> None:
    if link.name == new_name:
        return
    if link.netns.link_by_name(new_name) is not None:
        raise EXISTS
    addrs.relabel(link, link.name, new_name)
    link.name = new_name


def set_master(link: Link, bridge: Link) -> None:
    if bridge.kind != BRIDGE:
        raise CommandError("RTNETLINK answers: Operation not supported", 2) if bridge.kind != LOOPBACK \
            else CommandError("RTNETLINK answers: Operation not supported", 2)
    if bridge is link:
        raise CommandError("Error: Device does not allow enslaving to a bridge.", 2)
    if link.kind == LOOPBACK:
        raise CommandError("Error: Can not enslave loopback device.", 2)
    if link.kind == BRIDGE:
        raise CommandError("Error: Can not enslave a bridge to a bridge.", 2)
    if link.macvlan_port is not None:
        raise macvlan.BUSY                      # its rx handler is the macvlans'
    if link.master is bridge:
        return
    flood.invalidate(link)
    flood.invalidate(bridge)
    old = link.master
    link.master = bridge
    if old is not None:
        _forget_port(old, link)
        _bridge_ports_changed(old)
    bridge.had_ports = True
    port_flags.assign_port_no(bridge, link)
    bridge.port_list.append(link)
    _ports_changed(link)
    if len(bridge.port_list) > 1 and not bridge.mtu_by_user:
        if link.mtu < bridge.mtu:               # the other ports' smallest MTU is the bridge's already
            bridge.mtu = link.mtu
    else:
        _bridge_mtu_auto(bridge)
    bridge.fdb[link.mac] = FdbEntry(mac=link.mac, port=link, static=True, local=True)
    if not bridge.mac_set and len(bridge.port_list) > 1:
        new_mac = min(bridge.mac, link.mac)         # same-length lower-case hex: text order is numeric order
        if new_mac != bridge.mac:
            bridge.mac = new_mac
            _mac_changed(bridge)
        addrs.carrier_changed(bridge)
    else:
        _bridge_ports_changed(bridge)


def set_nomaster(link: Link) -> None:
    bridge = link.master
    if bridge is None:
        return
    flood.invalidate(link)
    link.master = None
    _forget_port(bridge, link)
    _bridge_ports_changed(bridge)


def _forget_port(bridge: Link, port: Link) -> None:
    """Entries of a port that left the bridge go with it, and its port settings (a new port starts afresh)."""
    port.port_opts = None
    if port in bridge.port_list:
        bridge.port_list.remove(port)
        _carrier_inputs_changed()
        _bridge_mtu_auto(bridge)
    for mac in [m for m, e in bridge.fdb.items() if e.port is port]:
        del bridge.fdb[mac]


def _bridge_ports_changed(bridge: Link) -> None:
    _recalc_bridge_mac(bridge)
    addrs.carrier_changed(bridge)


def _recalc_bridge_mac(bridge: Link) -> None:
    if bridge.mac_set:
        return
    ports = bridge.ports()
    old = bridge.mac
    if ports:
        bridge.mac = min(ports, key=lambda p: bytes.fromhex(p.mac.replace(":", ""))).mac
    elif bridge.had_ports:
        bridge.mac = "00:00:00:00:00:00"     # br_stp_recalculate_bridge_id with no port left
    if bridge.mac != old:
        _mac_changed(bridge)


def set_netns(link: Link, target: "NetNS", ifindex: int = 0) -> None:
    """Move a link: it goes down, loses its addresses, routes and master; keeps its ifindex if free (`ifindex`:
    the one asked for there, IFLA_NEW_IFINDEX)."""
    if link.kind == LOOPBACK or link.kind == BRIDGE:         # NETIF_F_NETNS_LOCAL (br_dev_setup sets it too)
        raise CommandError("Error: The interface netns is immutable.", 2)
    source = link.netns
    if target is source:
        return
    if target.link_by_name(link.name) is not None:
        raise EXISTS
    if ifindex and ifindex in target.links:
        raise CommandError(f"Error: The ifindex {ifindex} is not available in the target netns.", 2)
    was_up = link.admin_up
    if was_up:
        set_up(link, False)
    if link.master is not None:
        set_nomaster(link)
    if link.kind == BRIDGE:
        for port in link.ports():
            set_nomaster(port)
    old_index = ifindex or link.ifindex
    _detach(link, moving=True)
    nsid_alloc(source, target)
    _attach(target, link, old_index)
    if link.peer is not None and link.peer.netns is not target:
        nsid_alloc(target, link.peer.netns)
    if link.peer is not None:
        addrs.carrier_changed(link.peer)
