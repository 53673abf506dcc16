"""`ip route`: show/list with selectors, add/del/change/replace/append/prepend, flush and get (iproute.c)."""
from __future__ import annotations

import ipaddress
from typing import Optional

from course_lib.backends.stack import RouteSpec
from course_lib.net import ipparse
from course_lib.result import CommandError
from course_lib.net.routing import table_exists
from course_lib.shell.ip import format as fmt
from course_lib.shell.ip.route_metrics import metric_word, parse_metric, parse_realms
from course_lib.shell.ip.rule import parse_tos
from course_lib.shell.ip.tables import number_names, proto_id, proto_name, table_id
from course_lib.shell.ip.options import (link_exists, Args, duparg2, invarg, matches, parse_address, parse_prefix, parse_u32,
                                         usage)

SCOPES = {"global": "global", "universe": "global", "site": "site", "link": "link", "host": "host",
          "nowhere": "nowhere", "0": "global", "253": "link", "254": "host"}
TABLES = {"local": 255, "main": 254, "default": 253}
IGNORED_WORDS = ("pref", "expires", "as", "encap", "ttl-propagate", "mark", "uid", "ipproto",
                 "sport", "dport", "vrf", "nhid")      # taken with their value, not modelled


_RTN = ("unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit",
        "throw", "nat", "xresolve")


def route_type(word: str) -> Optional[str]:
    """rtnl_rtntype_a2n(): local, nat, brd and throw whole, the other names abbreviated (in its order),
    or a number up to 255."""
    if word in ("local", "nat", "throw"):
        return word
    if word == "brd":
        return "broadcast"
    for name in ("broadcast", "anycast", "multicast", "prohibit", "unreachable", "blackhole", "xresolve",
                 "unicast"):
        if word and matches(word, name):
            return name
    number = parse_u32(word)
    if number is None or number > 255:
        return None
    return _RTN[number] if number < len(_RTN) else str(number)


def do_route(run, args: Args) -> None:
    if not args.more():
        return list_routes(run, Args([]))
    word = args.take()
    for name, how in (("add", "add"), ("change", "change"), ("chg", "change"), ("replace", "replace"),
                      ("prepend", "prepend"), ("append", "append"), ("test", None)):
        if matches(word, name) and (name != "chg" or word == "chg"):
            if how is None:
                return None
            return modify(run, args, how)
    if matches(word, "delete"):
        return modify(run, args, "del")
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        return list_routes(run, args)
    if matches(word, "get"):
        from course_lib.shell.ip.route_get import get
        return get(run, args)
    if matches(word, "flush"):
        return flush(run, args)
    if matches(word, "save") or matches(word, "restore") or matches(word, "showdump"):
        from course_lib.shell.ip import dump
        if matches(word, "save"):
            return dump.save(run, args, parse_route_filter, _selected)
        return dump.restore(run) if matches(word, "restore") else dump.showdump(run)
    if matches(word, "help"):
        raise usage("ip route")
    raise CommandError(f'Command "{word}" is unknown, try "ip route help".', 255)


def _table(value: str, run=None, listing: bool = False) -> int:
    """rtnl_rttable_a2n: local/main/default, a number, or a name of /etc/iproute2/rt_tables (a listing's
    filter says it as iproute_list_flush_or_save does)."""
    if value in TABLES:
        return TABLES[value]
    number = parse_u32(value) if run is None else table_id(run, value)
    if number is None:
        raise invarg("table id value is invalid\n", value, blank=False) if listing else \
            invarg('"table" value is invalid', value)
    return number


def _names(run, records) -> Optional[dict]:
    """id -> name of rt_tables, read only when a table other than local/main/default is shown."""
    return number_names(run) if any(r.table not in (253, 254, 255) for r in records) else None


def _check_table(run, family: int, table: Optional[int], what: str) -> None:
    """A table that was never made: the kernel's dump/flush answer (sim: net/routing.py keeps track)."""
    netns = getattr(run.stack, "netns", None)
    if table is None:
        return
    if netns is not None:
        exists = table_exists(netns, family, table)
    else:                           # the real backend asks the kernel
        exists = not hasattr(run.stack, "rule_ops") or run.stack.rule_ops().table_exists(family, table)
    if not exists:
        raise CommandError(f"Error: ipv{family}: FIB table does not exist.\n{what} terminated", 2)


def modify(run, args: Args, how: str) -> None:
    family = run.opts.family if run.opts.family in (4, 6) else None
    spec = RouteSpec(dst="")
    dst: Optional[str] = None
    type_given = False
    zero_gateway = via_zero = False
    while args.more():
        word = args.take()
        if word == "src":
            spec.src = str(parse_address(args.next_arg(), family or 4, _fam_word(family)))
        elif word == "via":
            value = args.next_arg()
            if value in ("inet", "inet6"):
                value = args.next_arg()
            if value in ("default", "any", "all"):
                if family is None:
                    zero_gateway = True           # get_addr() takes it as a 0-length address
                    continue
                value = "0.0.0.0" if family == 4 else "::"     # a family known: the zero address
            gateway = parse_address(value, family, _fam_word(family))
            spec.gateway = str(gateway)
            if family is None:
                family = gateway.version          # rtm_family follows the gateway when still unspecified
            if int(gateway) == 0 and gateway.version == 4:     # RTA_GATEWAY 0: no gateway, scope global
                spec.gateway, via_zero = None, True
        elif word == "from":
            args.next_arg()
        elif matches(word, "metric") or matches(word, "priority") or word == "preference":
            value = args.next_arg()
            number = parse_u32(value)
            if number is None:
                raise invarg('"metric" value is invalid', value)
            spec.metric = number
        elif word == "scope":
            value = args.next_arg()
            if value not in SCOPES:
                raise invarg('invalid "scope" value', value)
            spec.scope = SCOPES[value]
        elif matches(word, "onlink"):
            spec.onlink = True
        elif matches(word, "protocol"):
            spec.proto = _proto(args.next_arg())
        elif matches(word, "table"):
            spec.table = _table(args.next_arg(), run) or 254      # table 0: the kernel's main
        elif word in ("dev", "oif"):
            spec.dev = args.next_arg()
        elif word == "nexthop":
            from course_lib.shell.ip.route_nexthop import parse_nexthops
            if dst is None:
                raise usage("ip route")
            spec.nexthops = parse_nexthops(run, Args(["nexthop"] + args.rest()), family)
            break
        elif metric_word(word) is not None:
            metrics = spec.metrics if spec.metrics is not None else {}
            locks = set(spec.metric_locks)
            parse_metric(metric_word(word), args, metrics, locks)
            spec.metrics, spec.metric_locks = metrics, frozenset(locks)
        elif word in ("tos", "dsfield"):
            value = args.next_arg()             # checked, but the route is made without it (not modelled)
            try:
                parse_tos(value)
            except CommandError:
                raise invarg('"tos" value is invalid', value) from None
        elif matches(word, "realms"):
            spec.realms = parse_realms(args.next_arg())
        elif word in IGNORED_WORDS or matches(word, "pref"):
            args.next_arg()
        else:
            if word == "to":
                word = args.next_arg()
            if not word[:1].isdigit() and route_type(word) is not None:
                spec.type = route_type(word)
                type_given = True
                word = args.next_arg()
            if matches(word, "help"):
                raise usage("ip route")
            if dst is not None:
                raise duparg2("to", word)
            fam, dst = parse_prefix(word, family)
            family = fam
    if dst is None:
        raise usage("ip route")
    if dst == "0.0.0.0/0" and family == 6:
        dst = "::/0"
    spec.dst = dst
    if zero_gateway:
        raise CommandError("Error: Attribute failed policy validation.", 2)
    spec.family = family or 4
    if via_zero and spec.scope is None:
        spec.scope = "global"
    if spec.table is None and spec.type in ("local", "broadcast", "anycast", "nat"):
        spec.table = 255                          # iproute_modify(): these go to table local unless told
    if spec.gateway is not None and ipparse.ip_address(spec.gateway).version != spec.family:
        raise CommandError("Error: Nexthop has invalid gateway.", 2) if spec.family == 4 else \
            CommandError("RTNETLINK answers: Invalid argument", 2)
    if spec.dev is not None and not link_exists(run.stack, spec.dev):
        raise CommandError(f'Cannot find device "{spec.dev}"', 1)
    if how == "del":
        if not type_given:
            spec.type = "unspec"              # RTM_DELROUTE keeps RTN_UNSPEC: a route of any type
        run.stack.route_del(spec)
        return
    if spec.gateway is not None and ipparse.ip_address(spec.gateway).version == 6 and \
            int(ipparse.ip_address(spec.gateway)) == 0:
        raise CommandError("Error: Invalid gateway address.", 2)             # ip6_validate_gw: ::
    if spec.type == "unicast" and spec.gateway is None and spec.dev is None and not spec.nexthops:
        raise CommandError("RTNETLINK answers: No such device", 2)
    run.stack.route_add(spec, how)


def _proto(value: str) -> str:
    """A protocol as the route keeps it: its rt_protos name, or the number."""
    number = proto_id(value)
    if number is None:
        raise invarg('"protocol" value is invalid', value)
    return proto_name(number)


def _fam_word(family: Optional[int]) -> str:
    return {4: "inet address", 6: "inet6 address"}.get(family or 0, "any valid address")


class RouteFilter:
    def __init__(self) -> None:
        self.table: Optional[int] = 254
        self.table_given = False
        self.proto: Optional[str] = None
        self.scope: Optional[str] = None
        self.type: Optional[str] = None
        self.dev: Optional[str] = None
        self.via: Optional[str] = None
        self.src: Optional[str] = None
        self.metric: Optional[int] = None
        self.prefix: Optional[tuple[str, ipaddress._BaseNetwork]] = None   # (root|match|exact, net)


def parse_route_filter(run, args: Args, family: Optional[int]) -> RouteFilter:
    flt = RouteFilter()
    while args.more():
        word = args.take()
        if matches(word, "table"):
            value = args.next_arg()
            flt.table_given = True
            if value in ("all", "cache", "cached"):
                flt.table = None
            else:
                flt.table = _table(value, run, listing=True) or None    # table 0 (unspec): every table
        elif matches(word, "cached") or matches(word, "cloned"):
            flt.table = None
        elif word in ("tos", "dsfield", "realm", "realms", "mark", "vrf", "iif"):
            args.next_arg()
        elif matches(word, "protocol"):
            flt.proto = _proto(args.next_arg())
        elif word == "scope":
            value = args.next_arg()
            if value not in SCOPES and value != "all":
                raise invarg('invalid "scope" value', value)
            flt.scope = SCOPES.get(value)
        elif word == "type":
            value = args.next_arg()
            if route_type(value) is None:
                raise invarg("node type value is invalid", value)
            flt.type = route_type(value)
        elif word in ("dev", "oif"):
            flt.dev = args.next_arg()
        elif word == "via":
            value = args.next_arg()
            flt.via = str(parse_address(value, family, _fam_word(family)))
        elif word == "src":
            flt.src = str(parse_address(args.next_arg(), family, _fam_word(family)))
        elif matches(word, "metric") or matches(word, "priority"):
            value = args.next_arg()
            number = parse_u32(value)
            if number is None:
                raise invarg('"metric" value is invalid', value)
            flt.metric = number
        elif word == "from":
            value = args.next_arg()
            if value in ("root", "match", "exact"):
                args.next_arg()
        else:
            mode = "exact"
            if word == "to":
                word = args.next_arg()
            if word in ("root", "match", "exact"):
                mode = word
                word = args.next_arg()
            if matches(word, "help"):
                raise usage("ip route")
            fam, prefix = parse_prefix(word, family)
            flt.prefix = (mode, ipaddress.ip_network(prefix, strict=False))
    if flt.dev is not None and not link_exists(run.stack, flt.dev):
        raise CommandError(f'Cannot find device "{flt.dev}"', 1)
    return flt


def _selected(rec, flt: RouteFilter) -> bool:
    if flt.proto is not None and rec.proto != flt.proto:
        return False
    if flt.scope is not None and rec.scope != flt.scope:
        return False
    if flt.type is not None and rec.type != flt.type:
        return False
    if flt.dev is not None and rec.dev != flt.dev:
        return False
    if flt.via is not None and rec.gateway != flt.via:
        return False
    if flt.src is not None and rec.src != flt.src:
        return False
    if flt.metric is not None and rec.metric != flt.metric:
        return False
    if flt.prefix is not None:
        mode, net = flt.prefix
        dst = ipaddress.ip_network(rec.dst)
        if dst.version != net.version:
            return False
        if mode == "exact" and dst != net:
            return False
        if mode == "root" and not dst.subnet_of(net):
            return False
        if mode == "match" and not net.subnet_of(dst):
            return False
    return True


def list_routes(run, args: Args) -> None:
    family = run.opts.family if run.opts.family in (4, 6) else None
    flt = parse_route_filter(run, args, family)
    if family is None and flt.prefix:
        family = flt.prefix[1].version
    if family is None:
        families = (4, 6) if flt.table is None else (4,)
    else:
        families = (family,)
    for fam in families:                    # iproute2 filters main itself: no RTA_TABLE, no ENOENT
        _check_table(run, fam, flt.table if flt.table != 254 else None, "Dump")
    records = [r for fam in families for r in run.stack.routes(fam, flt.table) if _selected(r, flt)]
    show_table = flt.table is None
    names = _names(run, records) if show_table else None
    # print_route() leaves out what the selectors fixed (a full-length via/src, the device, protocol...)
    hide = frozenset(word for word, value in (("dev", flt.dev), ("proto", flt.proto), ("scope", flt.scope),
                                              ("via", flt.via), ("src", flt.src), ("metric", flt.metric))
                     if value is not None)
    if run.opts.json:
        run.write(fmt.dump_json([fmt.route_json(r, show_table=show_table, names=names, hide=hide)
                                 for r in records], run.opts))
        return
    for rec in records:
        run.write(fmt.format_route(rec, run.opts, show_table=show_table, hide=frozenset(hide), names=names))


def flush(run, args: Args) -> None:
    family = run.opts.family if run.opts.family in (4, 6) else None
    if not args.more():
        raise CommandError('"ip route flush" requires arguments.', 1)
    words = args.rest()
    if words and words[0] == "cache":
        return
    flt = parse_route_filter(run, args, family)
    family = family or (flt.prefix[1].version if flt.prefix else 4)
    _check_table(run, family, flt.table, "Flush")
    for rec in run.stack.routes(family, flt.table):
        if not _selected(rec, flt):
            continue
        spec = RouteSpec(dst=rec.dst, family=family, type=rec.type, table=rec.table, gateway=rec.gateway,
                         dev=rec.dev, metric=rec.metric, proto=rec.proto, scope=rec.scope)
        try:
            run.stack.route_del(spec)
        except CommandError:
            pass
