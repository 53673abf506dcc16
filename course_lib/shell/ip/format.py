"""Text of `ip link/addr/route/neigh` output as iproute2 6.1 prints it, from backend-neutral records."""
from __future__ import annotations

import json
from typing import Optional

from course_lib.backends.stack import AddrRecord, LinkRecord, NeighRecord, RouteRecord
from course_lib.shell.ip.options import IpOptions, family_kind, paint

FLAG_ORDER = ("LOOPBACK", "BROADCAST", "POINTOPOINT", "MULTICAST", "NOARP", "ALLMULTI", "PROMISC",
              "NOTRAILERS", "DEBUG", "DYNAMIC", "AUTOMEDIA", "PORTSEL", "MASTER", "SLAVE", "UP", "LOWER_UP",
              "DORMANT", "ECHO")
TABLE_NAMES = {255: "local", 254: "main", 253: "default"}
DETAILS_TAIL = ("numtxqueues {q} numrxqueues {q} gso_max_size 65536 gso_max_segs 65535 "
                "tso_max_size {tso} tso_max_segs 65535 gro_max_size 65536 ")


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


def link_lladdr_line(rec: LinkRecord, opts: IpOptions, *, addrgenmode: bool = True, do_link: bool = True) -> list[str]:
    """The link/ line (and -d details); for `ip link` (do_link) also the alias, then -s statistics."""
    line = f"    link/{rec.link_type} {paint(opts, 'lladdr', rec.mac)} brd {paint(opts, 'lladdr', rec.brd)}"
    if rec.link_netnsid is not None:
        line += f" link-netns {rec.link_netns}" if rec.link_netns else f" link-netnsid {rec.link_netnsid}"
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
    if opts.stats and do_link:
        lines += stats_lines(rec.stats, opts.stats)
    return lines


def bridge_details(rec: LinkRecord) -> str:
    bid = rec.bridge_info.get("bridge_id", "8000.0:0:0:0:0:0")
    o = {"forward_delay": 1500, "hello_time": 200, "max_age": 2000, "ageing_time": 30000, "stp_state": 0,
         "priority": 32768, "group_fwd_mask": 0, "mcast_snooping": 1, "no_linklocal_learn": 0, "mcast_router": 1,
         "mcast_query_use_ifaddr": 0, "mcast_querier": 0, **rec.bridge_info}
    return (f"forward_delay {o['forward_delay']} hello_time {o['hello_time']} max_age {o['max_age']} "
            f"ageing_time {o['ageing_time']} stp_state {o['stp_state']} priority {o['priority']} "
            f"vlan_filtering 0 bridge_id {bid} designated_root {bid} root_port 0 "
            "root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer    0.00 "
            f"tcn_timer    0.00 topology_change_timer    0.00 gc_timer    0.00 group_fwd_mask {o['group_fwd_mask']} "
            f"group_address 01:80:c2:00:00:00 mcast_snooping {o['mcast_snooping']} no_linklocal_learn "
            f"{o['no_linklocal_learn']} mcast_vlan_snooping 0 mcast_router {o['mcast_router']} "
            f"mcast_query_use_ifaddr {o['mcast_query_use_ifaddr']} mcast_querier {o['mcast_querier']} "
            "mcast_hash_elasticity 16 "
            "mcast_hash_max 4096 mcast_last_member_count 2 mcast_startup_query_count 2 "
            "mcast_last_member_interval 100 mcast_membership_interval 26000 mcast_querier_interval 25500 "
            "mcast_query_interval 12500 mcast_query_response_interval 1000 mcast_startup_query_interval 3124 "
            f"mcast_stats_enabled {o.get('mcast_stats_enabled', 0)} mcast_igmp_version "
            f"{o.get('mcast_igmp_version', 2)} mcast_mld_version {o.get('mcast_mld_version', 1)} nf_call_iptables "
            f"{o.get('nf_call_iptables', 0)} nf_call_ip6tables {o.get('nf_call_ip6tables', 0)} nf_call_arptables "
            f"{o.get('nf_call_arptables', 0)} ")


def bridge_slave_details(rec: LinkRecord) -> str:
    state = rec.bridge_info.get("state", "forwarding" if "LOWER_UP" in rec.flags else "disabled")
    bid = rec.bridge_info.get("bridge_id", "8000." + rec.mac)      # the bridge's id (its MAC)
    return (f"state {state} priority 32 cost {rec.bridge_info.get('cost', '2')} hairpin off guard off root_block off fastleave off "
            f"learning on flood on port_id 0x8001 port_no 0x1 designated_port 32769 designated_cost 0 "
            f"designated_bridge {bid} designated_root {bid} hold_timer    0.00 message_age_timer    0.00 "
            f"forward_delay_timer    0.00 topology_change_ack 0 config_pending 0 proxy_arp off "
            f"proxy_arp_wifi off mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on "
            f"mcast_to_unicast off neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0 "
            f"vlan_tunnel off isolated off locked off ")


def stats_lines(stats: dict[str, int], level: int) -> list[str]:
    g = lambda k: int(stats.get(k, 0))  # noqa: E731
    rx = [g("rx_bytes"), g("rx_packets"), g("rx_errors"), g("rx_dropped"), g("rx_missed"), g("multicast")]
    tx = [g("tx_bytes"), g("tx_packets"), g("tx_errors"), g("tx_dropped"), g("tx_carrier"), g("collisions")]
    cols = [10, 7, 6, 7, 7, 7, 10]
    for values in (rx, tx):
        for i, v in enumerate(values):
            cols[i] = max(cols[i], len(str(v)))
    num = lambda vals: "    " + "".join(f"{v:>{cols[i]}} " for i, v in enumerate(vals))  # noqa: E731
    lines = [f"    RX: {'bytes':>{cols[0] - 4}} {'packets':>{cols[1]}} {'errors':>{cols[2]}} "
             f"{'dropped':>{cols[3]}} {'missed':>{cols[4]}} {'mcast':>{cols[5]}} {'':>{cols[6]}}", num(rx)]
    w0 = cols[0] + cols[1] - 10
    if level > 1:
        lines += [f"    RX errors: {'length':>{w0}} {'crc':>{cols[2]}} {'frame':>{cols[3]}} {'fifo':>{cols[4]}} "
                  f"{'overrun':>{cols[5]}}",
                  "    " + f"{0:>{cols[0] + cols[1] + 1}} " + f"{0:>{cols[2]}} {0:>{cols[3]}} {0:>{cols[4]}} "
                  f"{0:>{cols[5]}} "]
    lines += [f"    TX: {'bytes':>{cols[0] - 4}} {'packets':>{cols[1]}} {'errors':>{cols[2]}} "
              f"{'dropped':>{cols[3]}} {'carrier':>{cols[4]}} {'collsns':>{cols[5]}} {'':>{cols[6]}}", num(tx)]
    if level > 1:
        lines += [f"    TX errors: {'aborted':>{w0}} {'fifo':>{cols[2]}} {'window':>{cols[3]}} "
                  f"{'heartbt':>{cols[4]}} {'transns':>{cols[5]}}",
                  "    " + f"{0:>{cols[0] + cols[1] + 1}} " + f"{0:>{cols[2]}} {0:>{cols[3]}} {0:>{cols[4]}} "
                  f"{g('tx_transns'):>{cols[5]}} "]
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
    if rec.nexthops:
        d["nexthops"] = [{k: v for k, v in nh.items() if v is not None} for nh in rec.nexthops]
    if rec.family == 6:
        d["pref"] = rec.pref or "medium"
    return d


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
        out6.append(f"metric {rec.metric} pref {rec.pref or 'medium'}")
        return "".join(out6) + "\n"
    out = []
    if rec.type != "unicast":
        out.append(f"{rec.type} ")
    out.append(addr(rec.dst))
    if src_given:
        out.append(paint(opts, kind, f"from {src_given} "))     # the word painted too, as iproute2 does
    if rec.gateway:
        out.append(f"via {addr(rec.gateway)}")
    if rec.dev:
        out.append(f"dev {paint(opts, 'ifname', rec.dev + ' ')}")
    if rec.table != 254:
        out.append(f"table {table_name(rec.table, names)} ")
    if rec.src and not src_given and iif is None:
        out.append(f"src {addr(rec.src)}")
    if mark:
        out.append(f"mark {mark} ")
    for flag in rec.flags:
        out.append(f"{flag} ")
    out.append("\n    cache " if iif is not None else "uid 0 \n    cache ")
    if rec.type == "local":
        out.append("<local> ")
    elif rec.type == "broadcast":
        out.append("<local,brd> ")
    if iif is not None:
        out.append(f"iif {iif} ")
    return "".join(out) + "\n"


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
    return out + ("\n" if rec.state == "NONE" else f"{rec.state} \n")


def neigh_json(rec: NeighRecord) -> dict:
    d: dict = {"dst": rec.ip, "dev": rec.dev}
    if rec.lladdr:
        d["lladdr"] = rec.lladdr
    if rec.router:
        d["router"] = None
    d["state"] = [rec.state]
    return d


class JsonWriter:
    """iproute2's lib/json_writer.c: the same separators, spaces and indentation (-j, -j -p)."""

    def __init__(self, pretty: bool) -> None:
        self.pretty = pretty
        self.out: list[str] = []
        self.depth = 0
        self.sep = ""

    def _eol(self) -> None:
        if self.pretty:
            self.out.append("\n" + "    " * self.depth)

    def _eor(self) -> None:
        if self.sep:
            self.out.append(self.sep)
        self.sep = ","

    def _begin(self, c: str) -> None:
        self._eor()
        self.out.append(c)
        self.depth += 1
        self.sep = ""

    def _end(self, c: str) -> None:
        self.depth -= 1
        if self.sep:
            self._eol()
        self.out.append(c)
        self.sep = ","

    def value(self, v) -> None:
        if isinstance(v, dict):
            self._begin("{")
            for k, item in v.items():
                self._eor()
                self._eol()
                self.sep = ""
                self.out.append(json.dumps(k) + (": " if self.pretty else ":"))
                self.value(item)
            self._end("}")
        elif isinstance(v, list):
            self._begin("[")
            if self.pretty:
                self.out.append(" ")
            for item in v:
                self.value(item)
            if self.pretty and self.sep:
                self.out.append(" ")
            self.sep = ""
            self._end("]")
        else:
            self._eor()
            self.out.append(json.dumps(v))

    def text(self) -> str:
        return "".join(self.out)


def dump_json(items: list, opts: IpOptions) -> str:
    writer = JsonWriter(opts.pretty)
    writer.value(items)
    return writer.text() + "\n"
