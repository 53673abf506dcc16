"""`ip route get`: one lookup as the kernel answers it (text, -o, -j), `fibmatch` and `connected` (iproute.c)."""
from __future__ import annotations

import ipaddress
from typing import Optional

from course_lib.backends.stack import RouteRecord
from course_lib.result import CommandError
from course_lib.shell.ip import format as fmt
from course_lib.shell.ip.format import table_name
from course_lib.shell.ip.format_json import dump_json
from course_lib.shell.ip.options import (Args, IpOptions, invarg, link_exists, matches, paint, parse_address,
                                         parse_prefix, parse_u32, usage)
from course_lib.shell.ip.route import _names
from course_lib.shell.ip.route_metrics import metrics_json, metrics_text, realms_text
from course_lib.shell.ip.rule import parse_ipproto, parse_tos


def get(run, args: Args) -> None:
    family = run.opts.family if run.opts.family in (4, 6) else None
    dst = src = oif = iif = None
    mark = 0
    modes: set[str] = set()
    flow: dict[str, int] = {}                  # what policy rules can match besides the addresses
    while args.more():
        word = args.take()
        if word == "from":
            src = str(parse_address(args.next_arg().split("/")[0], family))
        elif word in ("iif",):
            iif = args.next_arg()
        elif word in ("oif", "dev"):
            oif = args.next_arg()
        elif word == "mark":
            value = args.next_arg()
            mark = parse_u32(value)
            if mark is None:
                raise invarg("invalid mark value", value, blank=False)
        elif word == "tos" or matches(word, "dsfield"):
            flow["tos"] = parse_tos(args.next_arg())
        elif word == "ipproto":
            flow["proto"] = parse_ipproto(args.next_arg())
        elif word in ("sport", "dport"):
            value = args.next_arg()
            port = parse_u32(value)
            if port is None or port > 0xFFFF:
                raise invarg(f"invalid {word}", value)
            flow[word] = port
        elif word in ("vrf", "uid", "as"):
            args.next_arg()
        elif word in ("connected", "fibmatch"):
            modes.add(word)
        elif word == "notify":
            pass
        else:
            if word == "to":
                word = args.next_arg()
            if matches(word, "help"):
                raise usage("ip route")
            fam, prefix = parse_prefix(word, family)
            family = fam
            dst = prefix.split("/")[0]
    if dst is None:
        raise CommandError("need at least a destination address", 1)
    if src == "0.0.0.0":
        src = None                       # the kernel takes a zero RTA_SRC for none and answers no RTA_SRC
    for name in (oif, iif):
        if name is not None and not link_exists(run.stack, name):
            raise CommandError(f'Cannot find device "{name}"', 1)
    extra = {k: v for k, v in flow.items() if v}
    if mark:
        extra["mark"] = mark
    rec = run.stack.route_get(dst, src=src, oif=oif, iif=iif, **extra)
    if "fibmatch" in modes:
        return _fibmatch(run, rec, dst)
    if run.opts.json:
        run.write(dump_json([route_get_json(rec, src, iif=iif, mark=mark, names=_names(run, [rec]))], run.opts))
        return
    text = format_route_get(rec, src, iif=iif, mark=mark, names=_names(run, [rec]), opts=run.opts)
    if run.opts.oneline:
        text = text.rstrip("\n").replace("\n", "\\") + "\n"
    # `connected` without `from`: the answer, then the answer asked again from its source (the same here)
    run.write(text * (2 if "connected" in modes and src is None else 1))


def _fibmatch(run, rec, dst: str) -> None:
    """RTM_F_FIB_MATCH: the FIB entry the lookup used (longest prefix, lowest metric) as `ip route` prints it."""
    address = ipaddress.ip_address(dst)
    found = [r for r in run.stack.routes(rec.family, None)
             if r.type == rec.type and address in ipaddress.ip_network(r.dst)]
    if not found:
        raise CommandError("RTNETLINK answers: Network is unreachable", 2)
    best = max(found, key=lambda r: (ipaddress.ip_network(r.dst).prefixlen, -r.metric))
    if run.opts.json:
        run.write(dump_json([fmt.route_json(best, show_table=False)], run.opts))
        return
    run.write(fmt.format_route(best, run.opts, show_table=False))


def format_route_get(rec: RouteRecord, src_given: Optional[str], iif: Optional[str] = None, mark: int = 0,
                     names: Optional[dict] = None, opts: Optional[IpOptions] = None) -> str:
    kind = "inet" if rec.family == 4 else "inet6"

    def addr(text: str) -> str:
        return paint(opts, kind, text + " ")

    if rec.family == 6:
        out6 = [addr(rec.dst), f"from {addr(src_given or '::')}"]
        if rec.gateway:
            out6.append(f"via {addr(rec.gateway)}")
        if rec.dev:
            out6.append(f"dev {paint(opts, 'ifname', rec.dev + ' ')}")
        if rec.proto not in ("boot", "unspec"):
            out6.append(f"proto {rec.proto} ")
        if rec.src:
            out6.append(f"src {addr(rec.src)}")
        out6.append(f"metric {rec.metric} " + metrics_text(rec.metrics, rec.metric_locks)
                    + f"pref {rec.pref or 'medium'}")
        return "".join(out6) + "\n"
    out = []
    details = opts is not None and opts.details
    if rec.type != "unicast" or details:
        out.append(f"{rec.type} ")
    out.append(addr(rec.dst))
    if src_given:
        out.append(paint(opts, kind, f"from {src_given} "))     # the word painted too, as iproute2 does
    if rec.gateway:
        out.append(f"via {addr(rec.gateway)}")
    if rec.dev:
        out.append(f"dev {paint(opts, 'ifname', rec.dev + ' ')}")
    if rec.table and (rec.table != 254 or details):     # print_route: no table 0 (the kernel's RT_TABLE_UNSPEC)
        out.append(f"table {table_name(rec.table, names)} ")
    if rec.src and not src_given and iif is None:
        out.append(f"src {addr(rec.src)}")
    if mark:
        out.append(f"mark {mark:#x} " if mark >= 16 else f"mark {mark} ")      # print_route: hex from 16
    for flag in rec.flags:
        out.append(f"{flag} ")
    if rec.realms:
        out.append(realms_text(rec.realms))
    out.append("\n    cache " if iif is not None else "uid 0 \n    cache ")
    if rec.type == "local" or rec.dev == "lo" and iif is None:    # __mkroute_output: out through lo, RTCF_LOCAL
        out.append("<local> ")
    elif rec.type == "broadcast":
        out.append("<local,brd> ")
    out.append(metrics_text(rec.metrics, rec.metric_locks))
    if iif is not None:
        out.append(f"iif {iif} ")
    return "".join(out) + "\n"


def route_get_json(rec: RouteRecord, src_given: Optional[str], iif: Optional[str] = None, mark: int = 0,
                   names: Optional[dict] = None) -> dict:
    d: dict = {}
    if rec.type != "unicast":
        d["type"] = rec.type
    d["dst"] = rec.dst
    if src_given:
        d["from"] = src_given
    if rec.gateway:
        d["gateway"] = rec.gateway
    if rec.dev:
        d["dev"] = rec.dev
    if rec.table and rec.table != 254:
        d["table"] = table_name(rec.table, names)
    if rec.src and not src_given and iif is None:
        d["prefsrc"] = rec.src
    d["flags"] = list(rec.flags)
    if mark:
        d["mark"] = mark
    if iif is None:
        d["uid"] = 0
    d["cache"] = ["local"] if rec.type == "local" else ["local", "brd"] if rec.type == "broadcast" else []
    if rec.metrics or rec.metric_locks:
        d["metrics"] = metrics_json(rec.metrics)
    if iif is not None:
        d["iif"] = iif
    return d
