"""SimStack: the NetStack protocol over the simulated model (one netns of one machine)."""
from __future__ import annotations

from typing import Any, Optional

from course_lib.backends.stack import AddrRecord, LinkRecord, LinkSpec, NeighRecord
from course_lib.net import addrs, chatter, devconf, ipparse, links, namespaces, neigh
from course_lib.net.ifindex import nsid_alloc, nsid_of
from course_lib.net.link import BRIDGE, LOOPBACK, Link
from course_lib.net.netns import NetNS
from course_lib.result import CommandError

ETH_MIN_MTU, ETH_MAX_MTU = 68, 65535
from course_lib.backends.sim_bridge import BridgeOps
from course_lib.backends.sim_proxy import ProxyOps
from course_lib.backends.sim_routes import RouteOps
from course_lib.backends import sim_bridge_timers as bridge_timers
from course_lib.backends import sim_carrier as carrier
from course_lib.backends.sim_sysctl import forget_device
from course_lib.backends.sim_records import link_record

_QDISC_DEFAULT = "noop"


def no_device(name: str) -> CommandError:
    return CommandError(f'Cannot find device "{name}"', 1)


_LLADDR_SHOWN = ("REACHABLE", "STALE", "DELAY", "PROBE", "PERMANENT", "NOARP")


class SimStack(BridgeOps, ProxyOps, RouteOps):
    """The network stack of one simulated netns."""

    __slots__ = ("netns", "machine")

    def __init__(self, netns: NetNS) -> None:
        self.netns = netns
        self.machine = netns.machine

    # -- helpers ---------------------------------------------------------------------------
    def link(self, name: str) -> Link:
        link = self.netns.link_by_name(name)
        if link is None:
            raise no_device(name)
        return link

    def _netns_named(self, name: str) -> NetNS:
        ns = self.machine.netns.get(name)
        if ns is None:
            raise CommandError(f'Cannot open network namespace "{name}": No such file or directory', 255)
        return ns

    def _netns_target(self, value: str) -> NetNS:
        """`netns NAME|PID`: an `ip netns` name first, else a PID (1 = the machine's root netns)."""
        ns = self.machine.netns.get(value)
        if ns is not None:
            return ns
        if value.isdigit():
            if int(value) == 1:
                return self.machine.root
            raise CommandError("RTNETLINK answers: No such process", 2)
        raise CommandError(f'Error: argument "{value}" is wrong: Invalid "netns" value\n', 255)

    # -- namespaces ------------------------------------------------------------------------
    def in_netns(self, name: str) -> "SimStack":
        return SimStack(self._netns_named(name))

    def netns_names(self) -> list[str]:
        return list(reversed(self.machine.netns))

    def netns_ids(self) -> dict[str, int]:
        out = {}
        for nsid, ns in self.netns.nsid.items():
            if ns.name and self.machine.netns.get(ns.name) is ns:
                out[ns.name] = nsid
        return out

    def nsid_table(self) -> list[tuple[int, Optional[str]]]:
        """(nsid, name or None) for `ip netns list-id`, by id."""
        return [(nsid, ns.name if ns.name and self.machine.netns.get(ns.name) is ns else None)
                for nsid, ns in sorted(self.netns.nsid.items())]

    def netns_add(self, name: str) -> None:
        namespaces.netns_add(self.machine, name)

    def netns_del(self, name: str) -> None:
        namespaces.netns_del(self.machine, name)

    def netns_set_id(self, name: str, nsid: int) -> None:
        try:
            target = self._netns_named(name)
        except CommandError as error:
            raise CommandError(error.message, 1) from None
        if nsid_of(self.netns, target) is not None:
            raise CommandError("Error: Peer netns already has a nsid assigned.", 2)
        if nsid < 0:
            nsid_alloc(self.netns, target)        # `auto`: the lowest free id
            return
        if nsid in self.netns.nsid:
            raise CommandError("Error: The specified nsid is already used.", 2)
        self.netns.nsid[nsid] = target

    def current_netns_name(self) -> Optional[str]:
        return self.netns.name or None

    # -- links -----------------------------------------------------------------------------
    def links(self) -> list[LinkRecord]:
        return [link_record(self.netns, l) for _, l in sorted(self.netns.links.items())]

    def link_exists(self, name: str) -> bool:
        return self.netns.link_by_name(name) is not None

    def link_add(self, spec: LinkSpec) -> None:
        if spec.kind == "veth" and any(mtu is not None and not ETH_MIN_MTU <= mtu <= ETH_MAX_MTU
                                       for mtu in (spec.mtu, spec.peer_mtu)):
            raise CommandError("RTNETLINK answers: Invalid argument", 2)     # veth_validate, for both ends
        for number, way in zip(spec.queues, ("transmit", "receive")):      # rtnl_create_link, as u32
            if number is not None and not 1 <= number & 0xFFFFFFFF <= 4096:
                raise CommandError(f"Error: Invalid number of {way} queues.", 2)
        if spec.kind == "bridge" and spec.mtu is not None:                   # rtnl_create_link: dev_validate_mtu
            if spec.mtu < ETH_MIN_MTU:
                raise CommandError("Error: mtu less than device minimum.", 2)
            if spec.mtu > ETH_MAX_MTU:
                raise CommandError("Error: mtu greater than device maximum.", 2)
        netns = self._netns_target(spec.netns) if spec.netns else self.netns
        master = self.link(spec.master) if spec.master else None
        if spec.kind == "veth":
            peer_ns = self._netns_target(spec.peer_netns) if spec.peer_netns else self.netns
            # veth_newlink registers the peer first, so an unnamed peer takes the first free vethN, even the
            # name asked for the device (which then exists: EEXIST, and nothing is made)
            peer_name = spec.peer_name or self._free_name("veth", peer_ns or netns)
            name = spec.name or self._free_name("veth", netns, avoid=peer_name if (peer_ns or netns) is netns else "")
            dev, peer = links.create_veth(netns, name, peer_name, peer_ns, mtu=spec.mtu, mac=spec.address,
                                          peer_mtu=spec.peer_mtu, peer_mac=spec.peer_address,
                                          ifindex=spec.index, peer_ifindex=spec.peer_index)
            new = dev
        elif spec.kind == "bridge":
            new = links.create_bridge(netns, spec.name or self._free_name("bridge"), mtu=spec.mtu,
                                      mac=spec.address, ifindex=spec.index)
            if spec.info:
                from course_lib.net import bridge_opts
                try:
                    bridge_opts.change(new, spec.info)
                except CommandError:
                    links.delete_link(new)          # br_dev_newlink unregisters the device again
                    raise
        elif spec.kind == "vxlan":
            from course_lib.net import vxlan
            new = vxlan.from_spec(netns, spec.name or self._free_name("vxlan"), spec.info, spec.mtu, spec.address,
                                  spec.index)
        elif spec.kind == "macvlan":
            from course_lib.net import macvlan
            new = macvlan.from_spec(self.netns, spec.name or self._free_name("macvlan"), spec.info, spec.mtu,
                                    spec.address, spec.index)
            if netns is not self.netns:
                links.set_netns(new, netns)
        else:
            raise CommandError("Error: Unknown device type.", 2)
        for made in (new, new.peer):
            if made is not None:                # keys left by an earlier device of that name
                forget_device(made.netns, made.name)
                chatter.inherit(made)           # then the netns's conf.default ones (ipv6_add_dev)
        if spec.txqlen is not None:
            new.txqlen = spec.txqlen
        if spec.group:
            new.group = str(spec.group)
        if spec.broadcast:
            new.__dict__["brd"] = spec.broadcast
        carrier.created(new, new.peer)
        timers, counts = bridge_timers.before(new), carrier.before(new)
        if master is not None:
            links.set_master(new, master)
        if spec.up:
            links.set_up(new, True)
        carrier.after(new, counts)
        bridge_timers.after(new, timers)

    def _free_name(self, prefix: str, netns: Optional[NetNS] = None, avoid: str = "") -> str:
        netns = netns or self.netns
        n = 0
        while netns.link_by_name(f"{prefix}{n}") is not None or f"{prefix}{n}" == avoid:
            n += 1
        return f"{prefix}{n}"

    def link_del(self, name: str) -> None:
        link = self.link(name)
        peer = link.peer
        with carrier.changes(link):             # a bridge losing a port may lose its carrier
            links.delete_link(link)
        forget_device(self.netns, name)
        if peer is not None and peer.netns.link_by_name(peer.name) is None:
            forget_device(peer.netns, peer.name)

    def link_set(self, name: str, **change: Any) -> None:
        link = self.link(name)
        timers = bridge_timers.before(link)     # timers started, carrier changes counted (as
        counts = carrier.before(link)           # `with bridge_timers.changes(link), carrier.changes(link)`)
        self._link_set(name, **change)
        carrier.after(link, counts)
        bridge_timers.after(link, timers)

    def _link_set(self, name: str, *, up: Optional[bool] = None, mtu: Optional[int] = None,
                 address: Optional[str] = None, new_name: Optional[str] = None,
                 master: Optional[str] = None, nomaster: bool = False,
                 netns: Optional[str] = None, txqlen: Optional[int] = None,
                 alias: Optional[str] = None, flags: Optional[dict[str, bool]] = None,
                 group: Optional[int] = None, index: int = 0, broadcast: Optional[str] = None) -> None:
        link = self.link(name)
        target = self._netns_target(netns) if netns is not None else None
        bridge = self.link(master) if master is not None else None
        if new_name is not None and new_name != link.name:
            if self.netns.link_by_name(new_name) is not None:
                raise links.EXISTS
        if bridge is not None and link.macvlan_port is not None and bridge.kind == BRIDGE:
            raise CommandError("RTNETLINK answers: Device or resource busy", 2)
        if bridge is not None:
            if bridge.kind != BRIDGE:
                raise CommandError("RTNETLINK answers: Operation not supported", 2)
            if link.kind in (LOOPBACK, BRIDGE) or bridge is link:
                raise CommandError("RTNETLINK answers: Operation not supported" if link.kind != LOOPBACK
                                   else "Error: Can not enslave loopback device.", 2)
        if mtu is not None:
            links.set_mtu(link, mtu)   # validates before anything changed
        if address is not None:
            links.set_mac(link, address)
        if target is not None:
            old_name = link.name
            links.set_netns(link, target, index)
            forget_device(self.netns, old_name)
            return
        if new_name is not None:
            forget_device(self.netns, link.name, new_name)
            links.rename(link, new_name)
        if txqlen is not None:
            link.txqlen = txqlen
        if alias is not None:
            link.alias = alias or None
        if flags:
            link.user_flags = {**(link.user_flags or {}), **flags}
        if group is not None:
            link.group = "default" if group == 0 else str(group)
        if broadcast is not None:
            link.__dict__["brd"] = broadcast
        if nomaster:
            links.set_nomaster(link)
        if bridge is not None:
            links.set_master(link, bridge)
        if up is not None:
            links.set_up(link, up)

    def link_altnames(self, name: str, names: list[str], add: bool) -> None:
        """`ip link property add|del dev DEV altname NAME...` (unique among names and altnames)."""
        link = self.link(name)
        for alt in names:
            if add and self.netns.link_by_name(alt) is not None:
                raise links.EXISTS
            if not add and alt not in link.altnames:
                raise CommandError("RTNETLINK answers: No such file or directory", 2)
            link.altnames.append(alt) if add else link.altnames.remove(alt)

    def link_change(self, name: str, kind: str, info: dict) -> None:
        if kind == "bridge":
            from course_lib.net import bridge_opts
            link = self.link(name)
            if link.kind != BRIDGE:                 # rtnl_changelink: another kind's ops
                raise bridge_opts.NOT_SUPPORTED
            bridge_opts.change(link, info)
            if "ageing_time" in info:
                bridge_timers.ageing_changed(link)
            return
        from course_lib.net import macvlan
        macvlan.change(self.link(name), info)

    # -- addresses -------------------------------------------------------------------------
    def addresses(self) -> list[AddrRecord]:
        out = []
        addrs.expire_addresses(self.netns)
        for _, link in sorted(self.netns.links.items()):
            for a in addrs.addresses_in_order(self.netns, link):
                valid, preferred = addrs.remaining_lifetimes(a)
                flags = []                  # in iproute2's ifa_flag_names order
                if a.secondary:
                    flags.append("secondary")
                flags += [f for f in ("nodad", "home") if f in a.conf_flags]
                if preferred == 0:
                    flags.append("deprecated")
                if a.valid_until is not None:
                    flags.append("dynamic")
                if "mngtmpaddr" in a.conf_flags:
                    flags.append("mngtmpaddr")
                if a.noprefixroute:
                    flags.append("noprefixroute")
                if "autojoin" in a.conf_flags:
                    flags.append("autojoin")
                out.append(AddrRecord(ifindex=link.ifindex, dev=link.name, family=a.family, local=str(a.ip),
                                      prefixlen=a.interface.network.prefixlen, scope=a.scope,
                                      broadcast=str(a.broadcast) if a.broadcast is not None else None,
                                      label=a.label or (link.name if a.family == 4 else None),
                                      peer=str(a.peer) if a.peer is not None else None, flags=flags,
                                      valid_lft=valid, preferred_lft=preferred))
        return out

    def addr_add(self, dev: str, local: str, prefixlen: int, *, broadcast: Optional[str] = None,
                 label: Optional[str] = None, scope: Optional[str] = None, peer: Optional[str] = None,
                 noprefixroute: bool = False, replace: bool = False, metric: int = 0,
                 lifetimes: Optional[tuple[Optional[int], Optional[int]]] = None, conf_flags: tuple = ()) -> None:
        link = self.link(dev)
        iface = ipparse.ip_interface(f"{local}/{prefixlen}")
        if iface.version == 4 and link.__dict__.get("inet_off"):     # lo's in_device went with an MTU < 68
            raise CommandError("RTNETLINK answers: No buffer space available", 2)
        brd = ipparse.ip_address(broadcast) if broadcast else None
        addrs.add_address(link, iface, broadcast=brd, scope=scope, label=label if label != dev else None,
                          peer=ipparse.ip_interface(peer) if peer else None, noprefixroute=noprefixroute,
                          replace=replace, metric=metric, lifetimes=lifetimes, conf_flags=conf_flags)
        if iface.version == 4:
            devconf.freeze(self.netns, link)

    def addr_del(self, dev: str, local: str, prefixlen: Optional[int]) -> None:
        link = self.link(dev)
        ip = ipparse.ip_address(local)
        for a in addrs.addresses_in_order(self.netns, link):
            if a.ip == ip and (prefixlen is None or a.interface.network.prefixlen == prefixlen):
                addrs.remove_address(a)
                return
        if ip.version == 4:
            raise CommandError("Error: ipv4: Address not found.", 2)
        raise CommandError("RTNETLINK answers: Cannot assign requested address", 2)

    # -- neighbours ------------------------------------------------------------------------
    def neighbours(self) -> list[NeighRecord]:
        from course_lib.net.neigh_cache import cacheinfo
        now = self.netns.machine.network.clock
        return [NeighRecord(family=n.ip.version, ip=str(n.ip), dev=n.link.name, state=n.state,
                            lladdr=n.mac if n.state in _LLADDR_SHOWN else None,       # neigh_fill_info: NUD_VALID
                            router=n.router, cache=info[0], probes=info[1])
                for n in self.netns.neighbours for info in (cacheinfo(n, now),)]

    def neigh_add(self, ip: str, dev: str, lladdr: Optional[str], state: str = "PERMANENT",
                  how: str = "add", router: bool = False) -> None:
        neigh.neigh_set(self.netns, ip, self.link(dev), lladdr, state, how, router)

    def neigh_del(self, ip: str, dev: str) -> None:
        neigh.neigh_delete(self.netns, ip, self.link(dev))

    # -- sysctl and hostname ---------------------------------------------------------------
    def sysctl_get(self, key: str) -> Optional[str]:
        from course_lib.backends.sim_sysctl import sysctl_get
        return sysctl_get(self.netns, key)

    def sysctl_set(self, key: str, value: str) -> None:
        from course_lib.backends.sim_sysctl import sysctl_set
        sysctl_set(self.netns, key, value)

    def sysctl_keys(self) -> list[str]:
        from course_lib.backends.sim_sysctl import sysctl_keys
        return sysctl_keys(self.netns)

    def hostname(self) -> str:
        return self.machine.hostname

    def set_hostname(self, name: str) -> None:
        self.machine.hostname = name
