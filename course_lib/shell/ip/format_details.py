"""`ip -d link` bridge and bridge-port details and `ip -s` statistics blocks, as iproute2 6.1 prints them."""
from __future__ import annotations

from course_lib.backends.stack import LinkRecord

DETAILS_TAIL = ("numtxqueues {q} numrxqueues {q} gso_max_size 65536 gso_max_segs 65535 "
                "tso_max_size {tso} tso_max_segs 65535 gro_max_size 65536 ")


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


PORT_DEFAULTS = {"priority": 32, "cost": 2, "hairpin": "off", "guard": "off", "root_block": "off",
                 "fastleave": "off", "learning": "on", "flood": "on", "mcast_router": 1, "mcast_flood": "on",
                 "bcast_flood": "on", "mcast_to_unicast": "off", "neigh_suppress": "off", "vlan_tunnel": "off",
                 "isolated": "off", "locked": "off", "learning_sync": "off"}


def port_settings(rec: LinkRecord) -> dict:
    """A bridge port's settings: the defaults, then what `bridge link set` changed (in bridge_info)."""
    return {**PORT_DEFAULTS, **{k: v for k, v in rec.bridge_info.items() if k in PORT_DEFAULTS}}


def bridge_slave_details(rec: LinkRecord) -> str:
    state = rec.bridge_info.get("state", "forwarding" if "LOWER_UP" in rec.flags else "disabled")
    bid = rec.bridge_info.get("bridge_id", "8000." + rec.mac)      # the bridge's id (its MAC)
    p = port_settings(rec)
    return (f"state {state} priority {p['priority']} cost {p['cost']} hairpin {p['hairpin']} guard {p['guard']} "
            f"root_block {p['root_block']} fastleave {p['fastleave']} "
            f"learning {p['learning']} flood {p['flood']} port_id 0x8001 port_no 0x1 designated_port 32769 "
            f"designated_cost 0 "
            f"designated_bridge {bid} designated_root {bid} hold_timer    0.00 message_age_timer    0.00 "
            f"forward_delay_timer    0.00 topology_change_ack 0 config_pending 0 proxy_arp off "
            f"proxy_arp_wifi off mcast_router {p['mcast_router']} mcast_fast_leave {p['fastleave']} "
            f"mcast_flood {p['mcast_flood']} bcast_flood {p['bcast_flood']} "
            f"mcast_to_unicast {p['mcast_to_unicast']} neigh_suppress {p['neigh_suppress']} group_fwd_mask 0 "
            f"group_fwd_mask_str 0x0 vlan_tunnel {p['vlan_tunnel']} isolated {p['isolated']} locked {p['locked']} ")


def details_json(rec: LinkRecord) -> dict:
    """-d -j: the fields `ip -d link` prints after the link line (a kind's info_data is left out)."""
    d: dict = {"promiscuity": rec.promiscuity,
               "allmulti": rec.promiscuity if rec.allmulti is None else rec.allmulti,
               "min_mtu": rec.minmtu, "max_mtu": rec.maxmtu}
    if rec.kind not in ("loopback", "ether"):
        d["linkinfo"] = {"info_kind": rec.kind}
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
