"""/sys/class/net of the current netns: each device's directory, its attributes, statistics/, and a
bridge's bridge/ and brif/ or a port's brport/ and master, with the values the kernel's sysfs shows.

Values come from the model's link (through the record `ip link` prints from, course_lib.backends.
sim_records, and the -d fields of course_lib.shell.ip.format_details). A read the kernel refuses is a
sentinel string: READ_EINVAL (carrier, speed... of a device that is down), READ_EACCES (write-only
files such as bridge/flush). Symbolic links (master, brif/PORT, lower_/upper_) are shown as the
directories they point to.
"""
from __future__ import annotations

from typing import Any, Optional

READ_EINVAL = "\0EINVAL"
READ_EACCES = "\0EACCES"
BASE = ("addr_assign_type addr_len address broadcast carrier carrier_changes carrier_down_count carrier_up_count "
        "dev_id dev_port dormant duplex flags gro_flush_timeout ifalias ifindex iflink link_mode mtu "
        "name_assign_type napi_defer_hard_irqs netdev_group operstate power proto_down queues speed statistics "
        "subsystem testing threaded tx_queue_len type uevent").split()
DIRS = {"power", "queues", "statistics", "subsystem", "bridge", "brif", "brport"}
STATISTICS = {"collisions": "collisions", "multicast": "multicast", "rx_bytes": "rx_bytes",
              "rx_compressed": "rx_compressed", "rx_crc_errors": "rx_crc", "rx_dropped": "rx_dropped",
              "rx_errors": "rx_errors", "rx_fifo_errors": "rx_fifo", "rx_frame_errors": "rx_frame",
              "rx_length_errors": "rx_length", "rx_missed_errors": "rx_missed", "rx_nohandler": "rx_nohandler",
              "rx_over_errors": "rx_over", "rx_packets": "rx_packets", "tx_aborted_errors": "tx_aborted",
              "tx_bytes": "tx_bytes", "tx_carrier_errors": "tx_carrier", "tx_compressed": "tx_compressed",
              "tx_dropped": "tx_dropped", "tx_errors": "tx_errors", "tx_fifo_errors": "tx_fifo",
              "tx_heartbeat_errors": "tx_heartbeat", "tx_packets": "tx_packets", "tx_window_errors": "tx_window"}
IFF = {"UP": 0x1, "BROADCAST": 0x2, "DEBUG": 0x4, "LOOPBACK": 0x8, "POINTOPOINT": 0x10, "NOTRAILERS": 0x20,
       "NOARP": 0x80, "PROMISC": 0x100, "ALLMULTI": 0x200, "MASTER": 0x400, "SLAVE": 0x800, "MULTICAST": 0x1000}
# bridge/NAME -> the JSON name of `ip -d link show` (format_details.bridge_fields)
BRIDGE = {"ageing_time": "ageing_time", "bridge_id": "bridge_id", "forward_delay": "forward_delay",
          "gc_timer": "gc_timer", "group_addr": "group_addr", "group_fwd_mask": "group_fwd_mask",
          "hash_elasticity": "mcast_hash_elasticity", "hash_max": "mcast_hash_max", "hello_time": "hello_time",
          "hello_timer": "hello_timer", "max_age": "max_age", "multicast_igmp_version": "mcast_igmp_version",
          "multicast_last_member_count": "mcast_last_member_cnt",
          "multicast_last_member_interval": "mcast_last_member_intvl",
          "multicast_membership_interval": "mcast_membership_intvl", "multicast_mld_version": "mcast_mld_version",
          "multicast_querier": "mcast_querier", "multicast_querier_interval": "mcast_querier_intvl",
          "multicast_query_interval": "mcast_query_intvl",
          "multicast_query_response_interval": "mcast_query_response_intvl",
          "multicast_query_use_ifaddr": "mcast_query_use_ifaddr", "multicast_router": "mcast_router",
          "multicast_snooping": "mcast_snooping", "multicast_startup_query_count": "mcast_startup_query_cnt",
          "multicast_startup_query_interval": "mcast_startup_query_intvl",
          "multicast_stats_enabled": "mcast_stats_enabled", "nf_call_arptables": "nf_call_arptables",
          "nf_call_ip6tables": "nf_call_ip6tables", "nf_call_iptables": "nf_call_iptables",
          "no_linklocal_learn": "no_linklocal_learn", "priority": "priority", "root_id": "root_id",
          "root_path_cost": "root_path_cost", "root_port": "root_port", "stp_state": "stp_state",
          "tcn_timer": "tcn_timer", "topology_change": "topology_change",
          "topology_change_detected": "topology_change_detected", "topology_change_timer": "topology_change_timer"}
# brport/NAME -> the text name of `ip -d link show PORT` (format_details.slave_fields)
BRPORT = {"bpdu_guard": "guard", "broadcast_flood": "bcast_flood", "change_ack": "topology_change_ack",
          "config_pending": "config_pending", "designated_bridge": "designated_bridge",
          "designated_cost": "designated_cost", "designated_port": "designated_port",
          "designated_root": "designated_root", "forward_delay_timer": "forward_delay_timer",
          "group_fwd_mask": "group_fwd_mask_str", "hairpin_mode": "hairpin", "hold_timer": "hold_timer",
          "isolated": "isolated", "learning": "learning", "message_age_timer": "message_age_timer",
          "multicast_fast_leave": "mcast_fast_leave", "multicast_flood": "mcast_flood",
          "multicast_router": "mcast_router", "multicast_to_unicast": "mcast_to_unicast",
          "neigh_suppress": "neigh_suppress", "path_cost": "cost", "port_id": "port_id", "port_no": "port_no",
          "priority": "priority", "proxyarp": "proxy_arp", "proxyarp_wifi": "proxy_arp_wifi",
          "root_block": "root_block", "state": "state", "unicast_flood": "flood"}
WRITE_ONLY = {"flush"}
DEVTYPES = ("bridge", "vxlan", "macvlan")        # the kinds whose device type names itself in uevent
PORT_STATES = {"disabled": 0, "listening": 1, "learning": 2, "forwarding": 3, "blocking": 4}


def _record(netns: Any, link: Any) -> Any:
    from course_lib.backends.sim_records import link_record
    return link_record(netns, link)


def _is_bridge(link: Any) -> bool:
    return getattr(link, "kind", "") == "bridge"


def _is_port(link: Any) -> bool:
    return getattr(link, "master", None) is not None and _is_bridge(link.master)


def entries(link: Any) -> list[str]:
    """`ls /sys/class/net/DEV`: the attributes every device has, plus the bridge's or the port's."""
    names = list(BASE)
    if _is_bridge(link):
        names += ["brforward", "bridge", "brif"] + [f"lower_{p.name}" for p in link.port_list]
    if _is_port(link):
        names += ["brport", "master", f"upper_{link.master.name}"]
    return sorted(names)


def sub_entries(link: Any, sub: str) -> Optional[list[str]]:
    """The names in DEV/SUB (None: no such directory)."""
    if sub == "statistics":
        return sorted(STATISTICS)
    if sub in ("power", "queues", "subsystem"):
        return []
    if sub == "bridge" and _is_bridge(link):
        return sorted(list(BRIDGE) + ["flush"])
    if sub == "brif" and _is_bridge(link):
        return sorted(p.name for p in link.port_list)
    if sub == "brport" and _is_port(link):
        return sorted(list(BRPORT) + ["backup_port", "bridge", "flush"])
    if sub == "master" and _is_port(link):
        return entries(link.master)
    if sub.startswith("lower_") and _is_bridge(link) and any(p.name == sub[6:] for p in link.port_list):
        return entries(next(p for p in link.port_list if p.name == sub[6:]))
    if sub.startswith("upper_") and _is_port(link) and link.master.name == sub[6:]:
        return entries(link.master)
    return None


def _running(link: Any) -> bool:
    return bool(getattr(link, "admin_up", False))


def attribute(netns: Any, link: Any, name: str) -> Optional[str]:
    """The text of /sys/class/net/DEV/NAME (None: no such file; a READ_* sentinel: the read fails)."""
    loopback = getattr(link, "kind", "") == "loopback"
    up = _running(link)
    kept = link.__dict__.get(KEPT, {})
    simple = {"addr_len": "6", "dev_id": "0x0", "dev_port": "0", "link_mode": "0", "proto_down": "0",
              "gro_flush_timeout": str(kept.get("gro_flush_timeout", 0)),
              "napi_defer_hard_irqs": str(kept.get("napi_defer_hard_irqs", 0)), "threaded": "0", "mtu": str(link.mtu),
              "ifindex": str(link.ifindex), "type": "772" if loopback else "1",
              "address": link.mac, "tx_queue_len": str(link.txqlen), "operstate": link.operstate().lower(),
              "addr_assign_type": "0" if loopback else ("3" if getattr(link, "mac_set", False) else "1"),
              "name_assign_type": "2" if loopback else "3"}
    if name in simple:
        return simple[name] + "\n"
    if name == "broadcast":
        return ("00:00:00:00:00:00" if loopback else "ff:ff:ff:ff:ff:ff") + "\n"
    if name == "iflink":
        lower = getattr(link, "peer", None)
        if getattr(link, "macvlan", None) is not None:
            lower = link.macvlan.lower
        return f"{lower.ifindex if lower is not None else link.ifindex}\n"
    if name == "flags":
        return _flags(netns, link)
    if name == "carrier":
        return READ_EINVAL if not up else ("1\n" if link.carrier() else "0\n")
    if name in ("dormant", "testing"):
        return "0\n" if up else READ_EINVAL
    if name in ("duplex", "speed"):
        return _link_mode(link, name)
    if name in ("carrier_changes", "carrier_up_count", "carrier_down_count"):
        return _carrier_count(link, name)
    if name == "ifalias":
        return f"{link.alias}\n" if getattr(link, "alias", None) else ""
    if name == "netdev_group":
        group = str(getattr(link, "group", "default"))
        return f"{0 if group == 'default' else group}\n"
    if name == "uevent":
        devtype = f"DEVTYPE={link.kind}\n" if getattr(link, "kind", "") in DEVTYPES else ""
        return f"{devtype}INTERFACE={link.name}\nIFINDEX={link.ifindex}\n"
    if name == "brforward" and _is_bridge(link):
        return ""
    return None


def _flags(netns: Any, link: Any) -> str:
    """dev->flags: the IFF_* bits without the operational ones (RUNNING, LOWER_UP), PROMISC/ALLMULTI
    while anything holds them (a bridge port does)."""
    rec = _record(netns, link)
    bits = sum(IFF.get(f, 0) for f in rec.flags)
    if rec.promiscuity:
        bits |= IFF["PROMISC"]
    if rec.allmulti:
        bits |= IFF["ALLMULTI"]
    return f"{bits:#x}\n"


def _link_mode(link: Any, name: str) -> str:
    """duplex and speed from ethtool's link settings: veth 10000 full, a bridge unknown (-1); EINVAL while
    the device is down or has no such settings (lo)."""
    kind = getattr(link, "kind", "")
    if not _running(link) or kind not in ("veth", "bridge"):
        return READ_EINVAL
    if name == "speed":
        return "10000\n" if kind == "veth" else "-1\n"
    return "full\n" if kind == "veth" else "unknown\n"


def _carrier_count(link: Any, name: str) -> str:
    from course_lib.backends import sim_carrier
    changes = sim_carrier.count(link) or 0
    down = (changes + 1) // 2
    value = {"carrier_changes": changes, "carrier_down_count": down, "carrier_up_count": changes - down}[name]
    return f"{value}\n"


def statistic(link: Any, name: str) -> Optional[str]:
    key = STATISTICS.get(name)
    if key is None:
        return None
    return f"{int((link.stats or {}).get(key, 0))}\n"


def _bridge_id(text: str) -> str:
    """`8000.4a:90:6d:19:ec:d6` (ip's form) as sysfs prints it: 8000.4a906d19ecd6."""
    prio, _, mac = str(text).partition(".")
    return f"{prio}." + "".join(f"{int(b, 16):02x}" for b in mac.split(":"))


def _centisecs(value: Any) -> str:
    return str(int(round(float(value) * 100)))


def bridge_attribute(netns: Any, link: Any, name: str) -> Optional[str]:
    """bridge/NAME of a bridge."""
    from course_lib.shell.ip.format_details import Timer, bridge_fields
    if name in WRITE_ONLY:
        return READ_EACCES
    if name not in BRIDGE:
        return None
    fields = {json: value for _text, json, value in bridge_fields(_record(netns, link))}
    value = fields.get(BRIDGE[name])
    if name in ("bridge_id", "root_id"):
        return _bridge_id(str(value)) + "\n"
    if name == "group_fwd_mask":
        return f"{int(value):#x}\n"
    if isinstance(value, Timer):
        return _centisecs(value) + "\n"
    return f"{value}\n"


def brport_attribute(netns: Any, link: Any, name: str) -> Optional[str]:
    """brport/NAME of a bridge port."""
    from course_lib.shell.ip.format_details import ON_OFF, Timer, slave_fields
    if name in WRITE_ONLY:
        return READ_EACCES
    if name == "backup_port":
        return ""
    if name not in BRPORT:
        return None
    fields = {text: value for text, _json, value in slave_fields(_record(netns, link))}
    value = fields.get(BRPORT[name])
    if isinstance(value, tuple) and value and value[0] is ON_OFF:
        return "1\n" if value[1] == "on" else "0\n"
    if isinstance(value, Timer):
        return _centisecs(value) + "\n"
    if name == "state":
        return f"{PORT_STATES.get(str(value), 0)}\n"
    if name in ("designated_bridge", "designated_root"):
        return _bridge_id(str(value)) + "\n"
    if name == "group_fwd_mask":
        return f"{int(str(value), 16):#x}\n"
    return f"{value}\n"


WRITABLE = {"carrier", "flags", "gro_flush_timeout", "ifalias", "mtu", "napi_defer_hard_irqs", "netdev_group",
            "proto_down", "threaded", "tx_queue_len", "uevent"}
KEPT = "_sysfs_kept"       # a link's values of settings only sysfs shows (gro_flush_timeout...)


def resolve(netns: Any, link: Any, parts: list[str]) -> Optional[tuple[str, Any, int]]:
    """What DEV/PARTS... is: ("dir", names, mode) or ("file", text or READ_* sentinel, mode); None: nothing."""
    if not parts:
        return "dir", entries(link), 0o755
    head, rest = parts[0], parts[1:]
    if (head == "master" or head == f"upper_{getattr(link.master, 'name', '')}") and _is_port(link):
        return resolve(netns, link.master, rest)
    if head.startswith("lower_") and _is_bridge(link):
        port = next((p for p in link.port_list if p.name == head[6:]), None)
        return resolve(netns, port, rest) if port is not None else None
    if head == "brif" and _is_bridge(link):
        if not rest:
            return "dir", sorted(p.name for p in link.port_list), 0o755
        port = next((p for p in link.port_list if p.name == rest[0]), None)
        return _brport(netns, port, rest[1:]) if port is not None else None
    if head == "brport" and _is_port(link):
        return _brport(netns, link, rest)
    if head in ("bridge", "statistics", "power", "queues", "subsystem") and sub_entries(link, head) is not None:
        if not rest:
            return "dir", sub_entries(link, head), 0o755
        if len(rest) > 1:
            return None
        text = bridge_attribute(netns, link, rest[0]) if head == "bridge" else \
            statistic(link, rest[0]) if head == "statistics" else None
        return None if text is None else ("file", text, _mode(rest[0], head == "bridge"))
    if len(parts) == 1:
        text = attribute(netns, link, head)
        return None if text is None else ("file", text, 0o644 if head in WRITABLE else 0o444)
    return None


def link_target(link: Any, parts: list[str]) -> Optional[str]:
    """The target of the symbolic link DEV/PARTS... names, None when it is no link (measured on Linux 6.18):
    DEV itself -> ../../devices/virtual/net/DEV, subsystem, a port's master and upper_BR, a bridge's lower_PORT
    and brif/PORT, a port's brport/bridge."""
    if not parts:
        return f"../../devices/virtual/net/{link.name}"
    head, rest = parts[0], parts[1:]
    if head == "subsystem" and not rest:
        return "../../../../class/net"
    if _is_port(link) and (head == "master" or head == f"upper_{link.master.name}"):
        return f"../{link.master.name}" if not rest else link_target(link.master, rest)
    if head.startswith("lower_") and _is_bridge(link):
        port = next((p for p in link.port_list if p.name == head[6:]), None)
        return None if port is None else f"../{port.name}" if not rest else link_target(port, rest)
    if head == "brif" and _is_bridge(link) and len(rest) == 1 and rest[0] in {p.name for p in link.port_list}:
        return f"../../{rest[0]}/brport"
    if head == "brport" and _is_port(link) and rest == ["bridge"]:
        return f"../../{link.master.name}"
    return None


def _brport(netns: Any, port: Any, rest: list[str]) -> Optional[tuple[str, Any, int]]:
    if not rest:
        return "dir", sub_entries(port, "brport"), 0o755
    if rest[0] == "bridge":
        return resolve(netns, port.master, rest[1:])
    if len(rest) > 1:
        return None
    text = brport_attribute(netns, port, rest[0])
    return None if text is None else ("file", text, _mode(rest[0], True))


def _mode(name: str, settable: bool) -> int:
    if name in WRITE_ONLY:
        return 0o200
    read_only = name in ("bridge_id", "root_id", "root_port", "root_path_cost", "topology_change",
                         "topology_change_detected", "hello_timer", "tcn_timer", "topology_change_timer",
                         "gc_timer", "port_id", "port_no", "designated_bridge", "designated_cost", "designated_port",
                         "designated_root", "change_ack", "config_pending", "message_age_timer",
                         "forward_delay_timer", "hold_timer")
    return 0o644 if settable and not read_only else 0o444
