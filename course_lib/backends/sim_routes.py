"""The simulated NetStack's routes: `ip route add|del|get|show` checked and built as fib_create_info does."""
from __future__ import annotations

import ipaddress
from typing import Optional

from course_lib.backends.sim_records import _route_record
from course_lib.backends.stack import RouteRecord, RouteSpec
from course_lib.net import ipparse, routing
from course_lib.net.link import LOOPBACK
from course_lib.net.netns import RT_TABLE_MAIN, Route
from course_lib.result import CommandError
from course_lib.shell.ip.route_metrics import kernel_metrics, metrics_match

_SCOPES = {"global": 0, "universe": 0, "site": 200, "link": 253, "host": 254, "nowhere": 255}
_TYPE_SCOPE = {"local": 254, "broadcast": 253}          # fib_props[type].scope; the others: universe


def _check_v4_scope(spec: RouteSpec) -> None:
    """fib_create_info's scope checks: a scope below the type's ("Invalid scope"), a gateway on a host-scope
    route, and a gateway on a link-scope route (its lookup wants a host-scope route: never a unicast one)."""
    scope = _SCOPES.get(spec.scope or "", int(spec.scope) if (spec.scope or "").isdigit() else None) \
        if spec.scope else _TYPE_SCOPE.get(spec.type, 0)
    if scope is None:
        return
    if scope < _TYPE_SCOPE.get(spec.type, 0):
        raise CommandError("Error: Invalid scope.", 2)
    if spec.gateway and scope >= 254:
        raise CommandError("Error: Route with host scope can not have a gateway.", 2)
    if spec.gateway and scope == 253 and not spec.onlink and spec.type == "unicast":
        raise CommandError("Error: Nexthop has invalid gateway.", 2)


class RouteOps:
    """Mixed into SimStack (which gives `netns`, `link(name)` and `sysctl_get(key)`)."""

    __slots__ = ()

    def routes(self, family: int = 4, table: Optional[int] = RT_TABLE_MAIN) -> list[RouteRecord]:
        return [_route_record(r) for r in routing.table_routes(self.netns, family, table)]

    def _build_route(self, spec: RouteSpec) -> Route:
        if spec.type in ("blackhole", "unreachable", "prohibit", "throw") and spec.family == 4 and \
                (spec.gateway or spec.dev or spec.nexthops):                   # fib_create_info
            raise CommandError("Error: Gateway, device and multipath can not be specified for this route type.", 2)
        if spec.family == 4:
            _check_v4_scope(spec)
        if spec.nexthops:
            return self._build_multipath(spec)
        given = ipparse.ip_interface(spec.dst)
        dst = given.network
        if given.ip != dst.network_address and dst.version == 4:     # IPv6 keeps the prefix only
            raise CommandError("Error: Invalid prefix for given prefix length.", 2)
        dev = self.link(spec.dev) if spec.dev else None
        if dev is not None and dst.version == 4 and spec.type != "local" and dev.__dict__.get("inet_off"):
            raise CommandError("RTNETLINK answers: No such device", 2)      # inetdev_by_index: lo without IPv4
        table = RT_TABLE_MAIN if spec.table is None else spec.table
        gateway = ipparse.ip_address(spec.gateway) if spec.gateway else None
        kind = spec.type
        scope = spec.scope
        if kind in ("blackhole", "unreachable", "prohibit", "throw"):
            dev = None
            scope = scope or "global"
        elif kind == "unicast":
            if gateway is not None:
                if gateway.version != dst.version:
                    raise CommandError("Error: Nexthop has invalid gateway.", 2) if spec.family == 4 else \
                        CommandError("RTNETLINK answers: Invalid argument", 2)
                if gateway.version == 6 and any(a.ip == gateway for a in self.netns.addresses):
                    raise CommandError("Error: Gateway can not be a local address.", 2)   # ip6_validate_gw
                dev = routing.gateway_check(self.netns, gateway, dev, spec.onlink, table)
                scope = scope or "global"
            elif dev is None:
                raise CommandError("RTNETLINK answers: No such device", 2)
            else:
                if not dev.admin_up:                    # fib_check_nh_nongw; IPv6: fib6_nh_init's words
                    raise CommandError("Error: Device for nexthop is not up." if dst.version == 4
                                       else "Error: Nexthop device is not up.", 2)
                scope = scope or ("link" if dst.version == 4 else "global")   # IPv6 routes have no scope
        elif kind in ("local", "broadcast", "multicast"):
            if dev is None:
                raise CommandError("RTNETLINK answers: No such device", 2)
            if kind != "local" and dst.version == 4 and not dev.admin_up:    # fib_check_nh_nongw (local: none)
                raise CommandError("Error: Device for nexthop is not up.", 2)
            scope = scope or ("host" if kind == "local" else "link")
        src = ipparse.ip_address(spec.src) if spec.src else None
        if src is not None and not any(a.ip == src for a in self.netns.addresses):
            raise CommandError("Error: Invalid prefsrc address.", 2)
        metric = spec.metric if spec.metric is not None else (1024 if dst.version == 6 else 0)
        metrics, locks = kernel_metrics(spec.metrics, spec.metric_locks,
                                        self.sysctl_get("net.ipv4.tcp_available_congestion_control") or "")
        return Route(dst=dst, dev=dev, gateway=gateway, table=table, type=kind,
                     proto=spec.proto or "boot", scope=scope, src=src, metric=metric, onlink=spec.onlink,
                     metrics=metrics, metric_locks=locks, realms=spec.realms or 0)

    def _build_multipath(self, spec: RouteSpec) -> Route:
        """fib_create_info() of RTA_MULTIPATH: each nexthop checked as a route of its own; one nexthop
        makes a plain route; traffic takes the first live nexthop."""
        if spec.gateway is not None:
            raise CommandError("Error: Nexthop gateway does not match RTA_GATEWAY or RTA_VIA.", 2)
        built = []
        for nh in spec.nexthops:
            one = RouteSpec(dst=spec.dst, family=spec.family, table=spec.table, gateway=nh.get("gateway"),
                            dev=nh.get("dev") or spec.dev, metric=spec.metric, proto=spec.proto,
                            scope=spec.scope, src=spec.src, onlink=bool(nh.get("onlink")))
            built.append((self._build_route(one), nh.get("weight", 1)))
        route = built[0][0]
        if len(built) > 1:
            route.nexthops = [(r.gateway, r.dev, weight, r.onlink) for r, weight in built]
            route.onlink = False
            route.scope = spec.scope or "global"
        return route

    def route_add(self, spec: RouteSpec, how: str = "add") -> None:
        try:
            route = self._build_route(spec)
        except CommandError as error:
            # inet_rtm_newroute / ip6_route_info_create make the table before the route is checked: a refused
            # route leaves it (`ip route del` then says ESRCH, not "FIB table does not exist"); a prefix with
            # host bits is refused before, by rtm_to_fib_config
            if "Invalid prefix for given prefix length" not in error.message:
                routing.table_made(self.netns, spec.family, RT_TABLE_MAIN if spec.table is None else spec.table)
            raise
        routing.insert_route(self.netns, route, how)

    def route_del(self, spec: RouteSpec) -> None:
        dst = ipaddress.ip_network(spec.dst, strict=False)
        if dst.version == 4 and ipparse.ip_interface(spec.dst).ip != dst.network_address:
            raise CommandError("Error: Invalid prefix for given prefix length.", 2)   # rtm_to_fib_config, first
        dev = self.link(spec.dev) if spec.dev else None
        route = routing.find_route_to_delete(
            self.netns, spec.family, dst, spec.table, metric=spec.metric,
            gateway=ipparse.ip_address(spec.gateway) if spec.gateway else None, dev=dev,
            type_=spec.type if spec.type != "unspec" else None, proto=spec.proto, scope=spec.scope,
            src=ipparse.ip_address(spec.src) if spec.src else None,
            match=lambda r: metrics_match(spec.metrics, spec.metric_locks, r.metrics, r.metric_locks))
        routing.delete_route(self.netns, route)

    def route_get(self, dst: str, src: Optional[str] = None, oif: Optional[str] = None,
                  iif: Optional[str] = None, mark: int = 0, **flow: int) -> RouteRecord:
        address = ipparse.ip_address(dst)
        out_link = self.link(oif) if oif else None
        in_link = self.link(iif) if iif else None
        route, error = routing.route_get_lookup(self.netns, address, src, out_link, in_link, mark, **flow)
        if route is None:
            raise CommandError(f"RTNETLINK answers: {error}", 2)
        # without policy rules the kernel keeps the local table merged into main (fib_unmerge)
        table = route.table if self.netns.rules is not None or route.table != 255 else RT_TABLE_MAIN
        rec = RouteRecord(family=address.version, dst=str(address), type=route.type, table=table,
                          proto=route.proto, scope=route.scope, metric=route.metric,
                          gateway=str(route.gateway) if route.gateway is not None else None,
                          metrics=route.metrics, metric_locks=route.metric_locks, realms=route.realms)
        dev = route.dev
        if route.type == "local" or (route.type == "broadcast" and in_link is not None):   # input: lo
            dev = next((l for l in self.netns.links.values() if l.kind == LOOPBACK), dev)
        rec.dev = dev.name if dev is not None else None
        if src:
            rec.src = src
        elif route.src is not None:
            rec.src = str(route.src)
        elif route.type == "local":            # ip_route_output: a local route without prefsrc answers from daddr
            rec.src = str(address)
        else:
            chosen = routing.select_src(self.netns, route.dev, route.gateway if address.version == 4
                                        else route.gateway or address, route.scope)   # the nexthop's gateway
            rec.src = str(chosen) if chosen is not None else None
        return rec
