"""`ip -d link` bridge and bridge-port details and `ip -s` statistics blocks, as iproute2 6.1 prints them."""
from __future__ import annotations

from typing import Optional

from course_lib.backends.stack import LinkRecord
from course_lib.shell.ip.format_json import RawNumber

DETAILS_TAIL = ("numtxqueues {q} numrxqueues {q} gso_max_size 65536 gso_max_segs 65535 "
                "tso_max_size {tso} tso_max_segs 65535 gro_max_size 65536 ")


class Timer(float):
    """A bridge timer in seconds: '%7.2f' in text, a bare number with two decimals in JSON."""


ON_OFF = object()     # a port flag: on/off in text, true/false in JSON


def bridge_fields(rec: LinkRecord) -> list[tuple[str, Optional[str], object]]:
    """A bridge's -d attributes in iplink_bridge.c's order: (text name, JSON name or None, value)."""
    bid = rec.bridge_info.get("bridge_id", "8000.0:0:0:0:0:0")
    o = {"forward_delay": 1500, "hello_time": 200, "max_age": 2000, "ageing_time": 30000, "stp_state": 0,
         "priority": 32768, "group_fwd_mask": 0, "mcast_snooping": 1, "no_linklocal_learn": 0, "mcast_router": 1,
         "mcast_query_use_ifaddr": 0, "mcast_querier": 0, "mcast_stats_enabled": 0, "mcast_igmp_version": 2,
         "mcast_mld_version": 1, "nf_call_iptables": 0, "nf_call_ip6tables": 0, "nf_call_arptables": 0,
         **rec.bridge_info}
    same = lambda *names: [(n, n, o[n]) for n in names]  # noqa: E731
    timer = lambda name: (name, name, Timer(float(o.get(name, 0.0))))  # noqa: E731
    return (same("forward_delay", "hello_time", "max_age", "ageing_time", "stp_state", "priority")
            + [("vlan_filtering", "vlan_filtering", 0), ("bridge_id", "bridge_id", bid),
               ("designated_root", "root_id", bid), ("root_port", "root_port", 0),
               ("root_path_cost", "root_path_cost", 0), ("topology_change", "topology_change", 0),
               ("topology_change_detected", "topology_change_detected", 0), timer("hello_timer"),
               timer("tcn_timer"), timer("topology_change_timer"), timer("gc_timer"),
               ("group_fwd_mask", "group_fwd_mask", str(o["group_fwd_mask"])),
               ("group_address", "group_addr", "01:80:c2:00:00:00")]
            + same("mcast_snooping", "no_linklocal_learn") + [("mcast_vlan_snooping", "mcast_vlan_snooping", 0)]
            + same("mcast_router", "mcast_query_use_ifaddr", "mcast_querier")
            + [("mcast_hash_elasticity", "mcast_hash_elasticity", 16), ("mcast_hash_max", "mcast_hash_max", 4096),
               ("mcast_last_member_count", "mcast_last_member_cnt", 2),
               ("mcast_startup_query_count", "mcast_startup_query_cnt", 2),
               ("mcast_last_member_interval", "mcast_last_member_intvl", 100),
               ("mcast_membership_interval", "mcast_membership_intvl", 26000),
               ("mcast_querier_interval", "mcast_querier_intvl", 25500),
               ("mcast_query_interval", "mcast_query_intvl", 12500),
               ("mcast_query_response_interval", "mcast_query_response_intvl", 1000),
               ("mcast_startup_query_interval", "mcast_startup_query_intvl", 3124)]
            + same("mcast_stats_enabled", "mcast_igmp_version", "mcast_mld_version", "nf_call_iptables",
                   "nf_call_ip6tables", "nf_call_arptables"))


PORT_DEFAULTS = {"priority": 32, "cost": 2, "hairpin": "off", "guard": "off", "root_block": "off",
                 "fastleave": "off", "learning": "on", "flood": "on", "mcast_router": 1, "mcast_flood": "on",
                 "bcast_flood": "on", "mcast_to_unicast": "off", "neigh_suppress": "off", "vlan_tunnel": "off",
                 "isolated": "off", "locked": "off", "learning_sync": "off", "proxy_arp": "off",
                 "proxy_arp_wifi": "off", "group_fwd_mask": 0}


def port_settings(rec: LinkRecord) -> dict:
    """A bridge port's settings: the defaults, then what `bridge link set` changed (in bridge_info)."""
    return {**PORT_DEFAULTS, **{k: v for k, v in rec.bridge_info.items() if k in PORT_DEFAULTS}}


def slave_fields(rec: LinkRecord) -> list[tuple[str, Optional[str], object]]:
    """A bridge port's -d attributes in iplink_bridge_slave.c's order (JSON name None: text only)."""
    state = rec.bridge_info.get("state", "forwarding" if "LOWER_UP" in rec.flags else "disabled")
    bid = rec.bridge_info.get("bridge_id", "8000." + rec.mac)      # the bridge's id (its MAC)
    p = port_settings(rec)
    pid = (int(p["priority"]) << 10) | (int(rec.bridge_info.get("port_no", 1)) & 0x3FF)     # br_make_port_id
    flag = lambda text, json_name=None: (text, json_name or text, (ON_OFF, p[text]))  # noqa: E731
    timer = lambda name: (name, name, Timer(float(rec.bridge_info.get(name, 0.0))))  # noqa: E731
    return ([("state", "state", state), ("priority", "priority", p["priority"]), ("cost", "cost", p["cost"])]
            + [flag(n) for n in ("hairpin", "guard", "root_block", "fastleave", "learning", "flood")]
            + [("port_id", "id", hex(pid)), ("port_no", "no", hex(rec.bridge_info.get("port_no", 1))),
               ("designated_port", "designated_port", pid),
               ("designated_cost", "designated_cost", 0), ("designated_bridge", "bridge_id", bid),
               ("designated_root", "root_id", bid), timer("hold_timer"), timer("message_age_timer"),
               timer("forward_delay_timer"), ("topology_change_ack", "topology_change_ack", 0),
               ("config_pending", "config_pending", 0), flag("proxy_arp"), flag("proxy_arp_wifi"),
               ("mcast_router", "multicast_router", p["mcast_router"]),
               ("mcast_fast_leave", None, (ON_OFF, p["fastleave"]))]
            + [flag(n) for n in ("mcast_flood", "bcast_flood", "mcast_to_unicast", "neigh_suppress")]
            + [("group_fwd_mask", "group_fwd_mask", hex(p["group_fwd_mask"]) if p["group_fwd_mask"] else "0"),
               ("group_fwd_mask_str", "group_fwd_mask_str", hex(p["group_fwd_mask"]))]
            + [flag(n) for n in ("vlan_tunnel", "isolated", "locked")])


def _text(value: object) -> str:
    if isinstance(value, Timer):
        return f"{value:7.2f}"
    if isinstance(value, tuple) and value[0] is ON_OFF:
        return value[1]
    return str(value)


def _json(value: object) -> object:
    if isinstance(value, Timer):
        return RawNumber(f"{value:.2f}")
    if isinstance(value, tuple) and value[0] is ON_OFF:
        return value[1] == "on"
    return value


def fields_text(fields: list) -> str:
    return "".join(f"{name} {_text(value)} " for name, _json_name, value in fields)


def fields_json(fields: list) -> dict:
    return {json_name: _json(value) for _name, json_name, value in fields if json_name is not None}


def bridge_details(rec: LinkRecord) -> str:
    return fields_text(bridge_fields(rec))


def bridge_slave_details(rec: LinkRecord) -> str:
    return fields_text(slave_fields(rec))


def details_json(rec: LinkRecord) -> dict:
    """-d -j: the fields `ip -d link` prints after the link line (a kind's info_data is left out)."""
    d: dict = {"promiscuity": rec.promiscuity,
               "allmulti": rec.promiscuity if rec.allmulti is None else rec.allmulti,
               "min_mtu": rec.minmtu, "max_mtu": rec.maxmtu}
    if rec.kind not in ("loopback", "ether"):
        d["linkinfo"] = {"info_kind": rec.kind}
        if rec.kind == "bridge":
            d["linkinfo"]["info_data"] = fields_json(bridge_fields(rec))
    if rec.master is not None and rec.kind not in ("loopback", "bridge"):
        d.setdefault("linkinfo", {})
        d["linkinfo"].update(info_slave_kind="bridge", info_slave_data=fields_json(slave_fields(rec)))
    queues = 2 if rec.kind == "veth" else 1
    tso = int(rec.bridge_info.get("tso_max_size", 65536)) if rec.kind in ("bridge", "vxlan") else 524280
    d.update({"inet6_addr_gen_mode": "eui64", "num_tx_queues": queues, "num_rx_queues": queues,
              "gso_max_size": 65536, "gso_max_segs": 65535, "tso_max_size": tso, "tso_max_segs": 65535,
              "gro_max_size": 65536})
    return d


def stats_json(stats: dict[str, int], level: int) -> dict:
    """-j -s: "stats64" as print_link_stats64() writes it (more error kinds with -s -s)."""
    g = lambda k: int(stats.get(k, 0))  # noqa: E731
    rx = {"bytes": g("rx_bytes"), "packets": g("rx_packets"), "errors": g("rx_errors"), "dropped": g("rx_dropped"),
          "over_errors": 0, "multicast": g("multicast")}
    tx = {"bytes": g("tx_bytes"), "packets": g("tx_packets"), "errors": g("tx_errors"), "dropped": g("tx_dropped"),
          "carrier_errors": g("tx_carrier"), "collisions": g("collisions")}
    if level > 1:
        rx.update(length_errors=0, crc_errors=0, frame_errors=0, fifo_errors=0, missed_errors=g("rx_missed"))
        tx.update(aborted_errors=0, fifo_errors=0, window_errors=0, heartbeat_errors=0,
                  carrier_changes=g("tx_transns"))
    return {"rx": rx, "tx": tx}


def print_num(count: int, human: bool, iec: bool) -> str:
    """lib/utils.c print_num() for -h: three significant digits and a k/M/G... suffix (Ki... with -iec)."""
    base = 1024 if iec else 1000
    if not human or count < base:
        return str(count)
    prefix, powi = 0, 1
    while True:
        powi *= base
        if count // base < powi or prefix == 5:
            break
        prefix += 1
    precision, powj = 2, 1
    while precision > 0:
        powj *= 10
        if count // powi < powj:
            break
        precision -= 1
    return f"{count / powi:.{precision}f}{'kMGTPE'[prefix]}{'i' if iec else ''}"


def stats_lines(stats: dict[str, int], level: int, human: bool = False, iec: bool = False) -> list[str]:
    g = lambda k: int(stats.get(k, 0))  # noqa: E731
    rx = [g("rx_bytes"), g("rx_packets"), g("rx_errors"), g("rx_dropped"), g("rx_missed"), g("multicast")]
    tx = [g("tx_bytes"), g("tx_packets"), g("tx_errors"), g("tx_dropped"), g("tx_carrier"), g("collisions")]
    cols = [10, 7, 6, 7, 7, 7, 10]
    for values in (rx, tx):
        for i, v in enumerate(values):
            if not human:                       # size_columns() leaves -h's widths alone
                cols[i] = max(cols[i], len(str(v)))
    num = lambda vals: "    " + "".join(  # noqa: E731
        f"{print_num(v, human, iec):>{cols[i]}} " for i, v in enumerate(vals))
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
