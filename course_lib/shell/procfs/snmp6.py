"""/proc/net/snmp6: the IPv6 MIB counters, one `%-32s\\t%lu` line each in the kernel's order. The
simulation counts no IPv6 traffic yet, so every counter reads 0 (as on a netns with IPv6 disabled)."""
from __future__ import annotations

from typing import Any

KEYS = ("Ip6InReceives Ip6InHdrErrors Ip6InTooBigErrors Ip6InNoRoutes Ip6InAddrErrors Ip6InUnknownProtos "
        "Ip6InTruncatedPkts Ip6InDiscards Ip6InDelivers Ip6OutForwDatagrams Ip6OutRequests Ip6OutDiscards "
        "Ip6OutNoRoutes Ip6ReasmTimeout Ip6ReasmReqds Ip6ReasmOKs Ip6ReasmFails Ip6FragOKs Ip6FragFails "
        "Ip6FragCreates Ip6InMcastPkts Ip6OutMcastPkts Ip6InOctets Ip6OutOctets Ip6InMcastOctets Ip6OutMcastOctets "
        "Ip6InBcastOctets Ip6OutBcastOctets Ip6InNoECTPkts Ip6InECT1Pkts Ip6InECT0Pkts Ip6InCEPkts Ip6OutTransmits "
        "Icmp6InMsgs Icmp6InErrors Icmp6OutMsgs Icmp6OutErrors Icmp6InCsumErrors Icmp6OutRateLimitHost "
        "Icmp6InDestUnreachs Icmp6InPktTooBigs Icmp6InTimeExcds Icmp6InParmProblems Icmp6InEchos Icmp6InEchoReplies "
        "Icmp6InGroupMembQueries Icmp6InGroupMembResponses Icmp6InGroupMembReductions Icmp6InRouterSolicits "
        "Icmp6InRouterAdvertisements Icmp6InNeighborSolicits Icmp6InNeighborAdvertisements Icmp6InRedirects "
        "Icmp6InMLDv2Reports Icmp6OutDestUnreachs Icmp6OutPktTooBigs Icmp6OutTimeExcds Icmp6OutParmProblems "
        "Icmp6OutEchos Icmp6OutEchoReplies Icmp6OutGroupMembQueries Icmp6OutGroupMembResponses "
        "Icmp6OutGroupMembReductions Icmp6OutRouterSolicits Icmp6OutRouterAdvertisements "
        "Icmp6OutNeighborSolicits Icmp6OutNeighborAdvertisements Icmp6OutRedirects Icmp6OutMLDv2Reports "
        "Udp6InDatagrams Udp6NoPorts Udp6InErrors Udp6OutDatagrams Udp6RcvbufErrors Udp6SndbufErrors "
        "Udp6InCsumErrors Udp6IgnoredMulti Udp6MemErrors UdpLite6InDatagrams UdpLite6NoPorts UdpLite6InErrors "
        "UdpLite6OutDatagrams UdpLite6RcvbufErrors UdpLite6SndbufErrors UdpLite6InCsumErrors "
        "UdpLite6MemErrors").split()


def proc_net_snmp6(netns: Any) -> str:
    return "".join(f"{key:<32}\t0\n" for key in KEYS)


# a device's own counters (dev_snmp6/DEV): its ifIndex, then the IP6 and ICMP6 ones but the rate-limit count
DEVICE_KEYS = [k for k in KEYS[:KEYS.index("Udp6InDatagrams")] if k != "Icmp6OutRateLimitHost"]


def proc_net_dev_snmp6(link: Any) -> str:
    """/proc/net/dev_snmp6/DEV (all zeros, as snmp6)."""
    return f"{'ifIndex':<32}\t{link.ifindex}\n" + "".join(f"{key:<32}\t0\n" for key in DEVICE_KEYS)
