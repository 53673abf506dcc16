"""The records the simulated NetStack hands to the commands, built from the model's links and routes."""
from __future__ import annotations

from course_lib.backends import sim_bridge_timers as bridge_timers
from course_lib.backends import sim_carrier as carrier
from course_lib.backends.stack import LinkRecord, RouteRecord
from course_lib.net.ifindex import nsid_alloc
from course_lib.net.link import BRIDGE, LOOPBACK, Link
from course_lib.net.netns import NetNS, Route


def link_record(netns: NetNS, link: Link) -> LinkRecord:
    rec = LinkRecord(ifindex=link.ifindex, name=link.name, kind=link.kind, flags=link.kernel_flags(),
                     mtu=link.mtu, qdisc=link.qdisc, operstate=link.operstate(), mac=link.mac,
                     brd=link.__dict__.get("brd") or ("00:00:00:00:00:00" if link.kind == LOOPBACK
                                                      else "ff:ff:ff:ff:ff:ff"),
                     link_type="loopback" if link.kind == LOOPBACK else "ether",
                     master=link.master.name if link.master is not None else None,
                     txqlen=link.txqlen, alias=link.alias, group=link.group,
                     minmtu=0 if link.kind in (LOOPBACK, "dummy") else 68,
                     maxmtu=0 if link.kind in (LOOPBACK, "dummy") else 65535,
                     stats=dict(link.stats or {}))
    changes = carrier.count(link)
    if changes is not None:
        rec.stats["tx_transns"] = changes
    if link.altnames:
        rec.altnames = list(link.altnames)
    peer = link.peer if link.macvlan is None else link.macvlan.lower     # `@peer`: a veth's, a macvlan's lower
    if peer is not None:
        rec.peer_ifindex = peer.ifindex
        if peer.netns is netns:
            rec.peer_name = peer.name
        else:
            rec.link_netnsid = nsid_alloc(netns, peer.netns)
            rec.link_netns = peer.netns.name or None
    if link.macvlan_port is not None:
        from course_lib.net import macvlan
        rec.promiscuity = macvlan.lower_promiscuity(link)
        rec.allmulti = 0
    if link.macvlan is not None:
        from course_lib.net import macvlan
        rec.details = macvlan.details(link)
    if link.master is not None and link.port_opts:
        rec.bridge_info.update(link.port_opts)
    if link.master is not None:
        rec.promiscuity = 1
        rec.allmulti = 1
        from course_lib.net import bridge_opts
        prio = bridge_opts.options(link.master)["priority"]
        rec.bridge_info["bridge_id"] = f"{prio:04x}." + _short_mac(link.master.mac)
        rec.bridge_info["forward_delay_timer"] = bridge_timers.forward_delay_timer(link)
        rec.bridge_info["port_no"] = link.__dict__.get("_port_no", 1)
    if link.user_flags:                         # the device's own IFF_PROMISC/IFF_ALLMULTI count once each
        rec.promiscuity = (rec.promiscuity or 0) + int(bool(link.user_flags.get("PROMISC")))
        rec.allmulti = (rec.allmulti if rec.allmulti is not None else rec.promiscuity - int(
            bool(link.user_flags.get("PROMISC")))) + int(bool(link.user_flags.get("ALLMULTI")))
    if link.kind == BRIDGE:
        from course_lib.net import bridge_opts
        rec.bridge_info.update(bridge_opts.options(link))
        rec.bridge_info["bridge_id"] = f"{rec.bridge_info['priority']:04x}." + _short_mac(
            link.mac if link.had_ports else "00:00:00:00:00:00")
        rec.bridge_info["tso_max_size"] = "524280" if link.had_ports else "65536"
        rec.bridge_info["gc_timer"] = bridge_timers.gc_timer(link)
    if link.vxlan is not None:                  # course_lib.net.vxlan: its -d line; TSO from its lower device
        from course_lib.net import vxlan
        rec.details = vxlan.details(link)
        rec.bridge_info.update(tso_max_size="524280" if link.vxlan.lower is not None else "65536", cost="100")
    return rec


def _short_mac(mac: str) -> str:
    """A MAC as the bridge id prints it (hex bytes without leading zeros)."""
    return ":".join(f"{int(b, 16):x}" for b in mac.split(":"))


def mc_list(netns: NetNS, link: Link) -> list[str]:
    """The multicast MACs a device listens to, in the order the kernel adds them."""
    if link.kind == LOOPBACK:
        return []
    # all-nodes is joined at registration, left when the device goes down, joined again when up
    macs = ["33:33:00:00:00:01"] if link.admin_up or link.qdisc == "noop" else []
    if link.admin_up:
        if link.kind == BRIDGE:
            macs += ["01:00:5e:00:00:6a", "33:33:00:00:00:6a"]
        macs.append("01:00:5e:00:00:01")
    for a in netns.addresses:
        if a.link is link and a.family == 6:
            tail = a.ip.packed[-3:]
            mac = "33:33:ff:" + ":".join(f"{b:02x}" for b in tail)
            if mac not in macs:
                macs.append(mac)
    return macs


# fib_sync_down_dev marks a nexthop LINKDOWN unless its scope is RT_SCOPE_NOWHERE (local routes' is)
_LINKDOWN_TYPES = ("unicast", "broadcast")


def _route_record(route: Route) -> RouteRecord:
    flags = []
    if route.onlink:
        flags.append("onlink")
    if route.dev is not None and route.dev.admin_up and not route.dev.carrier() and route.type in _LINKDOWN_TYPES:
        flags.append("linkdown")
    if route.nexthops:
        return _multipath_record(route)
    return RouteRecord(family=route.family, dst=str(route.dst), type=route.type, table=route.table,
                       proto=route.proto, scope=route.scope,
                       gateway=str(route.gateway) if route.gateway is not None else None,
                       dev=route.dev.name if route.dev is not None else None,
                       src=str(route.src) if route.src is not None else None, metric=route.metric,
                       flags=flags, pref="medium" if route.family == 6 else None, metrics=route.metrics,
                       metric_locks=route.metric_locks, realms=route.realms)


def _multipath_record(route: Route) -> RouteRecord:
    hops = []
    dead = route.__dict__.get("dead_devs", ())        # devices that lost their last IPv4 address (net/addrs.py)
    for gateway, dev, weight, onlink in route.nexthops:
        flags = (["onlink"] if onlink else []) + (["dead", "linkdown"] if not dev.admin_up or dev in dead else
                                                  ["linkdown"] if not dev.carrier() else [])
        hops.append({"gateway": str(gateway) if gateway is not None else None, "dev": dev.name, "weight": weight,
                     "flags": flags})
    # fib_sync_down_dev: when one device's carrier loss takes every nexthop, the route itself is marked LINKDOWN
    # (nexthops already LINKDOWN through another device do not count: they are not DEAD)
    every = ["linkdown"] if hops and len({hop["dev"] for hop in hops}) == 1 and \
        all("linkdown" in hop["flags"] for hop in hops) else []
    return RouteRecord(family=route.family, dst=str(route.dst), type=route.type, table=route.table,
                       proto=route.proto, scope=route.scope, src=str(route.src) if route.src is not None else None,
                       metric=route.metric, pref="medium" if route.family == 6 else None, nexthops=hops, flags=every)
