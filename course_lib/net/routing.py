"""Routing of the model: route lookup (local table first, longest prefix, metric) and route table edits.

`route_lookup(netns, dst, src=None, oif=None) -> (Route | None, error)` is what the datapath calls;
`error` is None or the strerror text the kernel gives the caller ("Network is unreachable",
"No route to host", "Permission denied", "Invalid argument"). The edit functions validate like the
kernel's fib_create_info/fib_check_nh and raise `CommandError` with iproute2's text.
"""
from __future__ import annotations

import dataclasses
import ipaddress
from typing import TYPE_CHECKING, Optional

from course_lib.net import devconf, ipparse, rules
from course_lib.net.netns import RT_TABLE_LOCAL, RT_TABLE_MAIN, Route
from course_lib.net.route_table import routes_of
from course_lib.net.rules import Flow
from course_lib.result import CommandError

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS

RT_TABLE_DEFAULT = 253
ENETUNREACH = "Network is unreachable"
EHOSTUNREACH = "No route to host"
EACCES = "Permission denied"
EINVAL = "Invalid argument"
_ANY4 = ipaddress.IPv4Address(0)
_TYPE_ERRORS = {"blackhole": EINVAL, "unreachable": EHOSTUNREACH, "prohibit": EACCES}
SCOPES = {"global": 0, "universe": 0, "site": 200, "link": 253, "host": 254, "nowhere": 255}
EXISTS = CommandError("RTNETLINK answers: File exists", 2)
_LBCAST = ipaddress.ip_network("255.255.255.255/32")
NO_SUCH_PROCESS = CommandError("RTNETLINK answers: No such process", 2)
INVALID_GW = CommandError("Error: Nexthop has invalid gateway.", 2)


def sort_key(route: Route) -> tuple:
    """The order `ip route` dumps a table in (fib trie order for IPv4; default last for IPv6)."""
    if route.family == 4:
        return (route.table, int(route.dst.network_address), -route.dst.prefixlen, route.metric)
    return (route.table, route.dst.prefixlen == 0, int(route.dst.network_address), -route.dst.prefixlen,
            route.metric)


def table_routes(netns: "NetNS", family: int, table: Optional[int]) -> list[Route]:
    """Routes of one table (None = all tables), in dump order (insertion order kept among equals)."""
    routes = [r for r in netns.routes if r.family == family and (table is None or r.table == table)]
    return sorted(routes, key=sort_key)


_DEFAULT_TABLES = (RT_TABLE_LOCAL, RT_TABLE_MAIN, RT_TABLE_DEFAULT)     # the default rules, in order


def _usable(route: Route, oif: Optional["Link"]) -> bool:
    if route.dev is not None and not route.dev.admin_up and (route.type != "local" or route.family != 4):
        return False                            # an IPv4 local route's nexthop (scope nowhere) never dies
    if oif is not None and route.dev is not None and route.dev is not oif and route.type == "unicast":
        return False
    return True


def _table_lookup(routes, table: int, family: int, ip: int, oif: Optional["Link"]
                  ) -> Optional[tuple[Optional[Route], Optional[str]]]:
    """fib_table_lookup: (route, None), (None, strerror) for an error route, None when the table has
    no answer (nothing matches, or a `throw` route): the lookup goes on with the next rule."""
    for route in routes.matching(table, family, ip):
        if oif is not None and route.type in ("local", "broadcast", "multicast") and route.dev is not oif:
            continue                   # fib_lookup_good_nhc: an oif takes only its own nexthops, local ones too
        if route.type == "throw":
            return None
        if not _usable(route, oif):
            continue
        if route.type in _TYPE_ERRORS:
            return None, _TYPE_ERRORS[route.type]
        return route, None
    return None


def route_lookup(netns: "NetNS", dst, src=None, oif: Optional["Link"] = None, flow: Optional[Flow] = None
                 ) -> tuple[Optional[Route], Optional[str]]:
    """The route the kernel picks for `dst` (an address or its text); (None, strerror) when none.
    With policy rules (net/rules.py) the rules are walked with `flow` (made from `src` and `oif`, as
    a locally generated packet's, when not given); else local, main, default."""
    dst = ipparse.ip_address(dst) if isinstance(dst, str) else dst
    family = dst.version
    if family == 4 and int(dst) == 0:
        # ip_route_output_key: no destination means this host (local, through lo)
        lo = next((l for l in netns.links.values() if l.is_loopback), None)
        return Route(dst=ipaddress.ip_network("0.0.0.0/32"), dev=lo, type="local", table=RT_TABLE_LOCAL,
                     proto="kernel", scope="host", src=ipaddress.ip_address("127.0.0.1")), None
    routes = routes_of(netns)
    ip = dst._ip
    found = None
    if netns.rules is None:
        for table in _DEFAULT_TABLES:
            found = _table_lookup(routes, table, family, ip, oif)
            if found is not None:
                break
    else:
        if flow is None:
            src = ipparse.ip_address(src) if isinstance(src, str) else src
            flow = Flow(src=src, iif="lo", oif=oif.name if oif is not None else None)
        found = rules.walk(rules.rules_of(netns, family), dst, flow,
                           lambda table: _table_lookup(routes, table, family, ip, oif))
    if found is not None and found != (None, None):
        if found[0] is not None and found[0].type == "local" and family == 4:
            lo = netns.links.get(1)
            if lo is not None and lo.__dict__.get("inet_off"):
                return None, EINVAL        # __mkroute_output: lo has no in_device (its MTU went below 68)
        elif found[0] is not None and family == 4 and found[0].gateway is not None and not found[0].onlink \
                and any(a.ip == found[0].gateway and a.link is found[0].dev for a in netns.addresses):
            # fib_check_nh_v4_gw: a gateway that is an address of the nexthop's device is a local route, the
            # nexthop scope host, so no gateway (rt_uses_gateway 0): `ip route get` shows no via, the
            # destination itself is ARPed for
            found = dataclasses.replace(found[0], gateway=None), found[1]
        if found[0] is not None or oif is None or family != 4:
            return found
        # with an oif, an error route or rule (unreachable, prohibit, blackhole) takes the fallback below too
    if oif is not None and oif.admin_up:
        # "routing tables are wrong, assume the destination is on link" (ip_route_output_key_hash)
        prefix = ipaddress.ip_network((int(dst), dst.max_prefixlen))
        src = select_src(netns, oif, _ANY4, "link") if family == 4 else None   # inet_select_addr(dev, 0, LINK)
        return Route(dst=prefix, dev=oif, scope="link", proto="kernel", src=src), None
    return None, ENETUNREACH


def route_get_lookup(netns: "NetNS", dst, src=None, oif: Optional["Link"] = None, iif: Optional["Link"] = None,
                     mark: int = 0, tos: int = 0, proto: Optional[int] = None, sport: Optional[int] = None,
                     dport: Optional[int] = None) -> tuple[Optional[Route], Optional[str]]:
    """The lookup of `ip route get` (inet_rtm_getroute): an output route, or with `iif` an input one
    (a packet from `src` arriving on `iif`: not for us, it needs forwarding on that device)."""
    src = ipparse.ip_address(src) if isinstance(src, str) else src
    if iif is not None and dst.version == 4 and not iif.is_loopback:
        if dst._ip == 0xFFFFFFFF:                  # ip_route_input_slow: a limited broadcast is ours (brd_input)
            return Route(dst=_LBCAST, type="broadcast", scope="link"), None
        if dst.is_loopback:                        # a martian destination
            return None, EINVAL
    if iif is None and src is not None and dst.version == 4 and int(src) != 0:     # ip_route_output_key_hash_rcu
        if src.is_multicast or int(src) == 0xFFFFFFFF:
            return None, EINVAL
        if not any(a.ip == src for a in netns.addresses):
            return None, ENETUNREACH                # a source that is none of our addresses
    flow = Flow(src=src, iif=iif.name if iif is not None else "lo", oif=oif.name if oif is not None else None,
                mark=mark, tos=tos, proto=proto, sport=sport, dport=dport)
    route, err = route_lookup(netns, dst, src, oif, flow if netns.rules is not None else None)
    if route is not None and iif is None and src is not None and src.version == 4 and src.is_loopback \
            and route.type != "local" and route.dev is not None and not route.dev.is_loopback:
        return None, EINVAL                        # __mkroute_output: a loopback source leaves only through lo
    if route is not None and iif is None and dst.version == 4 and dst._ip == 0xFFFFFFFF:
        route = dataclasses.replace(route, type="broadcast")   # __mkroute_output: RTN_BROADCAST
    if route is not None and iif is not None and src is not None and dst.version == 4 \
            and any(a.ip == src for a in netns.addresses) and not devconf.orconf(netns, iif, "accept_local"):
        return None, EINVAL                        # fib_validate_source: one of our addresses as the source
    if iif is None or (route is not None and route.type in ("local", "broadcast")):
        return route, err
    if src is None or int(src) == 0:
        return None, EINVAL                        # a martian source
    if not devconf.forwarding(netns, iif):
        return None, EHOSTUNREACH
    return route, err


def select_src(netns: "NetNS", dev: Optional["Link"], dst, scope: str = "global"):
    """A source address for `dst` out of `dev`: IPv4's inet_select_addr (`dst` the nexthop's gateway, None for
    a direct route, as fib_result_prefsrc passes it), IPv6's by the destination's scope."""
    if dst is None or dst.version == 4:
        return inet_select_addr(netns, dev, dst, _scope_number(scope))
    cands = [a for a in netns.addresses if a.family == dst.version and not a.secondary]
    if dst.version == 6:
        # RFC 6724 rule 2: the address of the destination's scope (global for global destinations)
        wanted = "link" if dst.is_link_local else ("host" if dst.is_loopback else "global")
        same = [a for a in cands if a.scope == wanted]
        mine = [a for a in same if a.link is dev] or same
        return mine[0].ip if mine else None
    return None


def _scope_number(scope: str) -> int:
    found = SCOPES.get(scope)
    return found if found is not None else (int(scope) if scope.isdigit() else 0)


def inet_select_addr(netns: "NetNS", dev: Optional["Link"], dst, scope: int):
    """devinet.c's inet_select_addr(dev, dst, scope), for route sources and MASQUERADE alike: the first primary
    IPv4 address of `dev` whose scope is within `scope` (a host-scope one counts as link with route_localnet),
    one whose subnet holds `dst` (None: any) first; else the first such address of the devices in the netns's
    device order (lo first, a device moved in last), each device's in its address order. None when none."""
    wanted = None if dst is None or dst._ip == 0 else dst
    addresses = netns.addresses
    if dev is not None and not dev.__dict__.get("inet_off"):
        first = None
        for a in addresses:
            if a.link is dev and a.family == 4 and not a.secondary and _in_scope(netns, dev, a.scope, scope):
                if wanted is None or wanted in (a.peer or a.interface).network:
                    return a.ip
                if first is None:
                    first = a.ip
        if first is not None:
            return first
    for link in netns.links.values():                  # for_each_netdev: the device list's order
        if link.__dict__.get("inet_off"):
            continue
        for a in addresses:
            if a.link is link and a.family == 4 and not a.secondary and _in_scope(netns, link, a.scope, scope):
                return a.ip
    return None


def _in_scope(netns: "NetNS", link: "Link", address_scope: str, scope: int) -> bool:
    """min(ifa_scope, localnet_scope) <= scope: localnet_scope is host, or link with route_localnet on."""
    number = _scope_number(address_scope)
    return number <= scope or number >= SCOPES["host"] and SCOPES["link"] <= scope \
        and devconf.orconf(netns, link, "route_localnet")


def gateway_check(netns: "NetNS", gateway, dev: Optional["Link"], onlink: bool, table: int) -> "Link":
    """fib_check_nh for a gateway: it must be reachable through a link-scope route (or onlink)."""
    if onlink:
        if dev is None:
            raise CommandError("Error: Nexthop device required for onlink.", 2)
        if not dev.admin_up:
            raise CommandError("Error: Nexthop device is not up.", 2)
        if gateway.version == 4 and any(routes_of(netns).first_of_type(RT_TABLE_LOCAL, 4, gateway._ip, kind)
                                        for kind in ("local", "broadcast")):
            raise INVALID_GW               # inet_addr_type_dev_table(gw) must be RTN_UNICAST
        return dev
    best: Optional[Route] = None
    routes = routes_of(netns)

    def in_table(t: int) -> Optional[Route]:
        # IPv4 looks the gateway up with scope link: routes through another gateway do not count; a local
        # route stays alive with its device down (its nexthop scope is nowhere: fib_sync_down_dev spares it)
        return next((r for r in routes.matching(t, gateway.version, gateway._ip)
                     if (r.dev is None or ((r.dev.admin_up or r.type == "local") and (dev is None or r.dev is dev)))
                     and not (r.family == 4 and SCOPES.get(r.scope, 0) < SCOPES["link"] and r.type == "unicast")
                     and not (r.family == 6 and r.gateway is not None)), None)
    if table not in (RT_TABLE_MAIN, RT_TABLE_LOCAL):
        best = in_table(table)
    if best is None and netns.rules is not None:
        # fib_check_nh_v4_gw: then fib_lookup, which walks the policy rules
        found = rules.walk(rules.rules_of(netns, gateway.version), gateway,
                           Flow(oif=dev.name if dev is not None else None),
                           lambda t: (lambda r: None if r is None else (r, None))(in_table(t)))
        best = found[0]
    elif best is None:
        best = in_table(RT_TABLE_LOCAL) or in_table(RT_TABLE_MAIN)
    if best is None or best.type not in ("unicast", "local") or best.dev is None:
        raise INVALID_GW
    if dev is not None and best.dev is not dev:
        raise INVALID_GW
    if not best.dev.admin_up:
        raise CommandError("RTNETLINK answers: Network is down", 2)     # fib_check_nh_v4_gw: the device is not up
    return best.dev


def _same_nexthop(a: Route, b: Route) -> bool:
    return a.type == b.type and a.dev is b.dev and a.gateway == b.gateway


def _same_route(a: Route, b: Route) -> bool:
    """The kernel's duplicate test for append/prepend: same type and fib_info (nexthops, proto, scope, prefsrc)."""
    return (_same_nexthop(a, b) and a.proto == b.proto and a.scope == b.scope and a.src == b.src
            and a.nexthops == b.nexthops)


def table_exists(netns: "NetNS", family: int, table: int) -> bool:
    """Whether the kernel has made this FIB table: IPv6 main and local always, IPv4 main and local (one
    table while there are no rules) with the first address or route (RouteTable.main_made); another
    once a route went in (it stays when emptied) or `ip rule add table 0` chose it."""
    if table in (RT_TABLE_MAIN, RT_TABLE_LOCAL):
        return family != 4 or routes_of(netns).main_made
    made = netns.__dict__.get("_fib_tables")
    if made is not None and (family, table) in made:
        return True
    if netns.rules is not None and family == 4 and table in netns.rules.made_tables:
        return True
    return any(r.table == table and r.family == family for r in netns.routes)


def table_made(netns: "NetNS", family: int, table: int) -> None:
    """fib_new_table / fib6_new_table: the table exists from now on, even if no route goes in."""
    if table in (RT_TABLE_MAIN, RT_TABLE_LOCAL):
        if family == 4:
            routes_of(netns).main_made = True
        return
    netns.__dict__.setdefault("_fib_tables", set()).add((family, table))


def insert_route(netns: "NetNS", route: Route, how: str = "add") -> None:
    """Put a validated route in its table: add (exclusive), replace, change, append, prepend."""
    routes = routes_of(netns)
    same = [r for r in routes.with_dst(route.table, route.dst) if r.metric == route.metric]
    if how == "add":
        if same:
            raise EXISTS
        routes.append(route)
    elif how in ("replace", "change"):
        if same:
            routes[routes.index(same[0])] = route
        elif how == "change":
            raise CommandError("RTNETLINK answers: No such file or directory", 2)
        else:
            routes.append(route)
    elif how == "append":
        if any(_same_nexthop(r, route) for r in same):
            raise EXISTS
        routes.append(route)
    elif how == "prepend":
        if any(_same_route(r, route) for r in same):
            raise EXISTS
        if same:
            routes.insert(routes.index(same[0]), route)
        else:
            routes.append(route)
    else:  # pragma: no cover - the parser only passes the names above
        raise ValueError(how)
    if route.table not in (RT_TABLE_MAIN, RT_TABLE_LOCAL):
        netns.__dict__.setdefault("_fib_tables", set()).add((route.family, route.table))


def find_route_to_delete(netns: "NetNS", family: int, dst, table: Optional[int], *, metric=None, gateway=None,
                         dev=None, type_=None, proto=None, scope=None, src=None, match=None) -> Route:
    """The first route matching a `ip route del` request (unspecified fields match anything; `match`:
    a further test, such as the metrics asked for)."""
    table = RT_TABLE_MAIN if table is None else table
    if not table_exists(netns, family, table):          # inet_rtm_delroute / inet6_rtm_delroute: ESRCH
        raise CommandError("Error: FIB table does not exist.", 2)
    for r in table_routes(netns, family, table):
        if r.dst != dst:
            continue
        if metric is not None and r.metric != metric:
            continue
        if gateway is not None and r.gateway != gateway:
            continue
        if dev is not None and r.dev is not dev:
            continue
        if type_ is not None and r.type != type_:
            continue
        if proto is not None and r.proto != proto:
            continue
        if scope is not None and r.scope != scope:
            continue
        if src is not None and r.src != src:
            continue
        if match is not None and not match(r):
            continue
        return r
    raise NO_SUCH_PROCESS


def delete_route(netns: "NetNS", route: Route) -> None:
    netns.routes.remove(route)
