"""/proc/net/igmp, igmp6 and dev_mcast: each device's multicast memberships (the groups `ip maddr` and
`netstat -g` show, course_lib.shell.nettools.netstat_stats) in the kernel's seq formats.

The simulation's groups are the kernel's own (all-hosts, all-nodes, solicited-node, a snooping bridge's
224.0.0.106 and ff02::6a), each held once, reported long ago: users 1, no timer running, IGMPv3 and
MLDv2 (so no last-reporter flag). igmp6's flags: MAF_LOADED (0x4) for a group on the device's
link-layer list, MAF_NOREPORT (0x8) for the all-nodes and interface-local groups.
"""
from __future__ import annotations

import ipaddress
from typing import Any

IGMP_TITLE = "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n"
MAF_LOADED, MAF_NOREPORT = 0x4, 0x8
ALL_NODES = ipaddress.IPv6Address("ff02::1")


def _links(netns: Any) -> list[Any]:
    return sorted(netns.links.values(), key=lambda link: link.ifindex)


def proc_net_igmp(netns: Any) -> str:
    from course_lib.shell.nettools.netstat_stats import v4_groups
    out = [IGMP_TITLE]
    for link in _links(netns):
        groups = v4_groups(link)
        if not groups:
            continue
        out.append(f"{link.ifindex}\t{link.name:<10}: {len(groups):5d} {'V3':>7}\n")
        for group in groups:
            word = int.from_bytes(ipaddress.IPv4Address(group).packed, "little")
            out.append(f"\t\t\t\t{word:08X} {1:5d} 0:{0:08X}\t\t0\n")
    return "".join(out)


def _maf(group: ipaddress.IPv6Address) -> int:
    interface_local = (group.packed[1] & 0x0F) < 2
    flags = 0 if interface_local else MAF_LOADED
    if group == ALL_NODES or interface_local:
        flags |= MAF_NOREPORT
    return flags


def proc_net_igmp6(netns: Any) -> str:
    from course_lib.shell.nettools.netstat_stats import v6_groups
    out = []
    for link in _links(netns):
        for text in v6_groups(netns, link):
            group = ipaddress.IPv6Address(text)
            out.append(f"{link.ifindex:<4d} {link.name:<15} {group.packed.hex()} {1:5d} {_maf(group):08X} 0\n")
    return "".join(out)


def proc_net_dev_mcast(netns: Any) -> str:
    from course_lib.backends.sim_records import mc_list
    out = []
    for link in _links(netns):
        if link.kind == "loopback":
            continue
        for mac in mc_list(netns, link):
            out.append(f"{link.ifindex:<4d} {link.name:<15} {1:<5d} {0:<5d} {mac.replace(':', '')}\n")
    return "".join(out)
