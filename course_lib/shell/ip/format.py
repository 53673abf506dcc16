"""Text of `ip link/addr/route/neigh` output as iproute2 6.1 prints it, from backend-neutral records."""
from __future__ import annotations

from typing import Optional

from course_lib.backends.stack import AddrRecord, LinkRecord, NeighRecord, RouteRecord
from course_lib.shell.ip.route_metrics import metrics_json, metrics_text, realms_json, realms_text
from course_lib.shell.ip.format_details import (DETAILS_TAIL, bridge_details, bridge_slave_details,  # noqa: F401
                                               stats_lines)
from course_lib.shell.ip.format_json import JsonWriter, dump_json  # noqa: F401 (re-exported)
from course_lib.shell.ip.options import IpOptions, family_kind, paint

FLAG_ORDER = ("LOOPBACK", "BROADCAST", "POINTOPOINT", "MULTICAST", "NOARP", "ALLMULTI", "PROMISC",
              "NOTRAILERS", "DEBUG", "DYNAMIC", "AUTOMEDIA", "PORTSEL", "MASTER", "SLAVE", "UP", "LOWER_UP",
              "DORMANT", "ECHO")
TABLE_NAMES = {255: "local", 254: "main", 253: "default"}
def table_name(table: int, names: Optional[dict] = None) -> str:
    """The table as iproute2 prints it: a name of rt_tables (`names`: id -> name) or the number."""
    return TABLE_NAMES.get(table) or (names or {}).get(table) or str(table)


# -- links -------------------------------------------------------------------------------------
def flags_list(rec: LinkRecord, peer_down: bool) -> list[str]:
    """The words inside <...>: NO-CARRIER when UP but not RUNNING, M-DOWN when a local peer is down."""
    flags = set(rec.flags)
    out = []
    if "UP" in flags and "RUNNING" not in flags:
        out.append("NO-CARRIER")
    out += [f for f in FLAG_ORDER if f in flags]
    if peer_down:
        out.append("M-DOWN")
    return out


def _peer_down(rec: LinkRecord, by_name: dict[str, LinkRecord]) -> bool:
    if rec.peer_ifindex is None or rec.link_netnsid is not None:
        return False
    peer = by_name.get(rec.peer_name or "")
    return peer is None or "UP" not in peer.flags


def link_label(rec: LinkRecord) -> str:
    """`name@peer` as iproute2 prints it (`@ifN` when the peer lives in another netns)."""
    if rec.peer_ifindex is None:
        return rec.name
    if rec.link_netnsid is not None or not rec.peer_name:
        return f"{rec.name}@if{rec.peer_ifindex}"
    return f"{rec.name}@{rec.peer_name}"


def link_header(rec: LinkRecord, by_name: dict[str, LinkRecord], opts: IpOptions, *, mode: bool,
                family: Optional[int] = None) -> str:
    flags = ",".join(flags_list(rec, _peer_down(rec, by_name)))
    parts = [f"{rec.ifindex}: {paint(opts, 'ifname', link_label(rec) + ': ')}<{flags}> mtu {rec.mtu} "]
    if family != 6:
        parts.append(f"qdisc {rec.qdisc} ")
    if rec.master:
        parts.append(f"master {rec.master} ")
    parts.append(f"state {paint(opts, rec.operstate, rec.operstate + ' ')}")
    if mode:
        parts.append(f"mode {rec.mode} ")
    if family != 6:
        parts.append(f"group {rec.group} ")
    if rec.txqlen:                         # iproute2 prints no qlen for a zero queue length (docker0)
        parts.append(f"qlen {rec.txqlen}")
    return "".join(parts)


def netns_words(rec: LinkRecord) -> str:
    """` link-netns NAME` (the peer's netns has a name here) or ` link-netnsid N`."""
    return f" link-netns {rec.link_netns}" if rec.link_netns else f" link-netnsid {rec.link_netnsid}"


def link_lladdr_line(rec: LinkRecord, opts: IpOptions, *, addrgenmode: bool = True, do_link: bool = True) -> list[str]:
    """The link/ line (and -d details); for `ip link` (do_link) also the alias, then -s statistics."""
    line = f"    link/{rec.link_type} {paint(opts, 'lladdr', rec.mac)} brd {paint(opts, 'lladdr', rec.brd)}"
    if rec.link_netnsid is not None:
        line += netns_words(rec)
    lines = [line]
    if opts.details:
        lines[0] += f" promiscuity {rec.promiscuity}  allmulti " \
                    f"{rec.promiscuity if rec.allmulti is None else rec.allmulti} minmtu {rec.minmtu} " \
                    f"maxmtu {rec.maxmtu} "
        tail = ("addrgenmode eui64 " if addrgenmode else "") + DETAILS_TAIL.format(
            q=2 if rec.kind == "veth" else 1,
            tso=rec.bridge_info.get("tso_max_size", "65536") if rec.kind in ("bridge", "vxlan") else 524280)
        if rec.kind == "loopback":
            lines[0] += tail
        elif rec.kind == "veth":
            if rec.master:
                lines.append("    veth ")
                lines.append("    bridge_slave " + bridge_slave_details(rec) + tail)
            else:
                lines.append("    veth " + tail)
        elif rec.kind == "bridge":
            lines.append("    bridge " + bridge_details(rec) + tail)
        elif rec.details is not None:             # vxlan: its own line, then a bridge port's
            if rec.master:
                lines.append(f"    {rec.kind} {rec.details}")
                lines.append("    bridge_slave " + bridge_slave_details(rec) + tail)
            else:
                lines.append(f"    {rec.kind} {rec.details}" + tail)
        elif rec.kind == "dummy":
            lines.append("    dummy " + tail)
        else:
            lines[0] += tail
    if rec.alias and do_link:
        lines.append(f"    alias {rec.alias}")
    lines += [f"    altname {name}" for name in rec.altnames]
    if opts.stats and do_link:
        lines += stats_lines(rec.stats, opts.stats, opts.human, opts.iec)
    return lines


def join_block(lines: list[str], opts: IpOptions) -> str:
    """Lines of one object; -o joins them with a backslash."""
    if opts.oneline:
        return "\\".join(lines) + "\n"
    return "\n".join(lines) + "\n"


def format_link(rec: LinkRecord, by_name: dict[str, LinkRecord], opts: IpOptions) -> str:
    if opts.brief:
        flags = ",".join(flags_list(rec, _peer_down(rec, by_name)))
        return (paint(opts, "ifname", f"{link_label(rec):<16} ") + paint(opts, rec.operstate, f"{rec.operstate:<14} ")
                + paint(opts, "lladdr", f"{rec.mac} ") + f"<{flags}> \n")
    return join_block([link_header(rec, by_name, opts, mode=True)] + link_lladdr_line(rec, opts), opts)


def link_json_brief(rec: LinkRecord, by_name: dict[str, LinkRecord], *, lladdr: bool = True) -> dict:
    """-j -br: the peer, name and operstate, then the address and flags (`ip -br link`) or addr_info."""
    d: dict = {}
    if rec.peer_ifindex is not None:
        if rec.link_netnsid is not None or not rec.peer_name:
            d["link_index"] = rec.peer_ifindex
        else:
            d["link"] = rec.peer_name
    d.update({"ifname": rec.name, "operstate": rec.operstate})
    if lladdr:
        d.update({"address": rec.mac, "flags": flags_list(rec, _peer_down(rec, by_name))})
    return d


def link_json(rec: LinkRecord, by_name: dict[str, LinkRecord], *, mode: bool = True) -> dict:
    d: dict = {"ifindex": rec.ifindex}
    if rec.peer_ifindex is not None:
        if rec.link_netnsid is not None or not rec.peer_name:
            d["link_index"] = rec.peer_ifindex
        else:
            d["link"] = rec.peer_name
    d.update({"ifname": rec.name, "flags": flags_list(rec, _peer_down(rec, by_name)), "mtu": rec.mtu,
              "qdisc": rec.qdisc})
    if rec.master:
        d["master"] = rec.master
    d["operstate"] = rec.operstate
    if mode:
        d["linkmode"] = rec.mode
    d.update({"group": rec.group, "txqlen": rec.txqlen, "link_type": rec.link_type, "address": rec.mac,
              "broadcast": rec.brd})
    if rec.link_netnsid is not None:
        d["link_netnsid"] = rec.link_netnsid
    if rec.alias:
        d["ifalias"] = rec.alias
    if rec.altnames:
        d["altnames"] = list(rec.altnames)
    return d


# -- addresses ---------------------------------------------------------------------------------
def addr_lines(a: AddrRecord, opts: Optional[IpOptions] = None) -> list[str]:
    word = "inet" if a.family == 4 else "inet6"
    text = f"    {word} {paint(opts, word, a.local)}"
    if a.peer:
        text += f" peer {a.peer}"
    else:
        text += f"/{a.prefixlen}"
    text += " "
    if a.broadcast:
        text += f"brd {paint(opts, word, a.broadcast + ' ')}"
    text += f"scope {a.scope} "
    for flag in a.flags:
        text += f"{flag} "
    if a.family == 4 and a.label:
        text += a.label
    valid = "forever" if a.valid_lft is None else f"{a.valid_lft}sec"
    pref = "forever" if a.preferred_lft is None else f"{a.preferred_lft}sec"
    return [text, f"       valid_lft {valid} preferred_lft {pref}"]


def addr_json(a: AddrRecord) -> dict:
    d: dict = {"family": "inet" if a.family == 4 else "inet6", "local": a.local}
    if a.peer:
        d["address"] = a.peer.split("/")[0]
    d["prefixlen"] = a.prefixlen
    if a.broadcast:
        d["broadcast"] = a.broadcast
    d["scope"] = a.scope
    for flag in a.flags:
        d[flag] = True
    if a.family == 4 and a.label:
        d["label"] = a.label
    d["valid_life_time"] = 4294967295 if a.valid_lft is None else a.valid_lft
    d["preferred_life_time"] = 4294967295 if a.preferred_lft is None else a.preferred_lft
    return d


# -- routes ------------------------------------------------------------------------------------
def route_dst_text(rec: RouteRecord) -> str:
    if rec.dst in ("0.0.0.0/0", "::/0"):
        return "default"
    host = 32 if rec.family == 4 else 128
    addr, _, plen = rec.dst.partition("/")
    return addr if plen == str(host) else rec.dst


def format_route(rec: RouteRecord, opts: IpOptions, *, show_table: bool, hide: frozenset = frozenset(),
                 names: Optional[dict] = None) -> str:
    out = []
    if rec.type != "unicast" or opts.details:
        out.append(f"{rec.type} ")
    dst = route_dst_text(rec)
    out.append(f"{dst} " if dst == "default" else paint(opts, family_kind(dst), f"{dst} "))
    if rec.gateway and "via" not in hide:
        out.append(f"via {paint(opts, family_kind(rec.gateway), rec.gateway + ' ')}")
    if rec.dev and "dev" not in hide:
        out.append(f"dev {paint(opts, 'ifname', rec.dev + ' ')}")
    if show_table and (rec.table != 254 or opts.details and False):
        out.append(f"table {table_name(rec.table, names)} ")
    if (rec.proto != "boot" or opts.details) and "proto" not in hide:
        out.append(f"proto {rec.proto} ")
    if (rec.scope != "global" or opts.details) and "scope" not in hide:
        out.append(f"scope {rec.scope} ")
    if rec.src and "src" not in hide:
        out.append(f"src {paint(opts, family_kind(rec.src), rec.src + ' ')}")
    if (rec.metric or rec.family == 6) and "metric" not in hide:
        out.append(f"metric {rec.metric} ")
    for flag in rec.flags:
        out.append(f"{flag} ")
    if rec.realms:
        out.append(realms_text(rec.realms))
    if rec.metrics or rec.metric_locks:
        out.append(metrics_text(rec.metrics, rec.metric_locks))
    text = "".join(out)
    if rec.family == 6:
        text += f"pref {rec.pref or 'medium'}"
    for nh in rec.nexthops or ():               # print_rta_multipath(): a line per nexthop (-o: joined)
        text += ("\\" if opts.oneline else "\n") + "\tnexthop "
        if nh["gateway"]:
            text += f"via {paint(opts, family_kind(nh['gateway']), nh['gateway'] + ' ')}"
        text += f"dev {paint(opts, 'ifname', nh['dev'] + ' ')}weight {nh['weight']} "
        text += "".join(f"{flag} " for flag in nh["flags"])
    return text + "\n"


def route_json(rec: RouteRecord, *, show_table: bool, names: Optional[dict] = None,
               hide: frozenset = frozenset()) -> dict:
    d: dict = {}
    if rec.type != "unicast":
        d["type"] = rec.type
    d["dst"] = route_dst_text(rec)
    if rec.gateway and "via" not in hide:
        d["gateway"] = rec.gateway
    if rec.dev and "dev" not in hide:
        d["dev"] = rec.dev
    if show_table and rec.table != 254:
        d["table"] = table_name(rec.table, names)
    if rec.proto != "boot" and "proto" not in hide:
        d["protocol"] = rec.proto
    if rec.scope != "global" and "scope" not in hide:
        d["scope"] = rec.scope
    if rec.src and "src" not in hide:
        d["prefsrc"] = rec.src
    if (rec.metric or rec.family == 6) and "metric" not in hide:
        d["metric"] = rec.metric
    d["flags"] = list(rec.flags)
    if rec.realms:
        d["flow"] = realms_json(rec.realms)
    if rec.metrics or rec.metric_locks:
        d["metrics"] = metrics_json(rec.metrics)
    if rec.nexthops:
        d["nexthops"] = [{k: v for k, v in nh.items() if v is not None} for nh in rec.nexthops]
    if rec.family == 6:
        d["pref"] = rec.pref or "medium"
    return d


# -- neighbours --------------------------------------------------------------------------------
def format_neigh(rec: NeighRecord, *, show_dev: bool = True, opts: Optional[IpOptions] = None) -> str:
    if opts is not None and opts.brief:
        return (paint(opts, family_kind(rec.ip), f"{rec.ip:<39} ") + paint(opts, "ifname", f"{rec.dev:<16} ")
                + (paint(opts, "lladdr", rec.lladdr) if rec.lladdr else "") + "\n")
    out = paint(opts, family_kind(rec.ip), f"{rec.ip} ")
    if show_dev:
        out += f"dev {paint(opts, 'ifname', rec.dev + ' ')}"
    if rec.lladdr:
        out += f"lladdr {paint(opts, 'lladdr', rec.lladdr + ' ')}"
    if rec.router:
        out += "router "
    if opts is not None and opts.stats:
        out += _neigh_stats(rec)
    return out + ("\n" if rec.state == "NONE" else f"{rec.state} \n")


def _neigh_stats(rec: NeighRecord) -> str:
    """print_cacheinfo() and the probes of `ip -s neigh` (6.1 prints `probes` with no space before it)."""
    out = ""
    if rec.cache is not None:
        ref, used, confirmed, updated = rec.cache
        out += (f" ref {ref}" if ref else "") + f" used {used}/{confirmed}/{updated}"
    if rec.probes is not None:
        out += f"probes {rec.probes} "
    return out


def neigh_json(rec: NeighRecord, stats: int = 0, show_dev: bool = True) -> dict:
    d: dict = {"dst": rec.ip, "dev": rec.dev} if show_dev else {"dst": rec.ip}
    if rec.lladdr:
        d["lladdr"] = rec.lladdr
    if rec.router:
        d["router"] = None
    if stats and rec.cache is not None:
        ref, used, confirmed, updated = rec.cache
        if ref:
            d["refcnt"] = ref
        d.update(used=used, confirmed=confirmed, updated=updated)
    if stats and rec.probes is not None:
        d["probes"] = rec.probes
    d["state"] = [rec.state]
    return d
