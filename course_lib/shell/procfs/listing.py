"""What /proc/net holds on the course's kernel (6.x, netfilter built in): its names, its directories, and
the text of the files whose tables the simulation never fills (raw and packet sockets, multicast
routing, flow labels...): just the kernel's title line, as in a netns without such objects."""
from __future__ import annotations

# `ls /proc/net/` in a new netns of the reference kernel (6.18), files and directories together
NAMES = ("anycast6 arp arp_tables_matches arp_tables_names arp_tables_targets dev dev_mcast dev_snmp6 fib_trie "
         "fib_triestat icmp icmp6 if_inet6 igmp igmp6 ip6_flowlabel ip6_mr_cache ip6_mr_vif ip6_tables_matches "
         "ip6_tables_names ip6_tables_targets ip6t_hashlimit ip_mr_cache ip_mr_vif ip_tables_matches "
         "ip_tables_names ip_tables_targets ipt_hashlimit ipv6_route mcfilter mcfilter6 netfilter netlink netstat "
         "nf_conntrack nf_conntrack_expect packet protocols psched ptype raw raw6 route rt6_stats rt_acct "
         "rt_cache snmp snmp6 sockstat sockstat6 softnet_stat stat tcp tcp6 udp udp6 udplite udplite6 unix "
         "xfrm_stat xt_recent").split()
# the directories among them, with the entries they always hold (dev_snmp6 has one file per device)
DIRS: dict[str, tuple[str, ...]] = {"dev_snmp6": (), "ip6t_hashlimit": (), "ipt_hashlimit": (),
                                    "netfilter": ("nf_log", "nfnetlink_log", "nfnetlink_queue"),
                                    "stat": ("nf_conntrack", "rt_cache", "synproxy"), "xt_recent": ()}

_SOCK4 = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
_SOCK6 = ("  sl  local_address                         remote_address                        st tx_queue "
          "rx_queue tr tm->when retrnsmt   uid  timeout inode")
_DROPS = " ref pointer drops"
# files whose table the simulation has no rows for: the title line as the kernel prints it
TITLES: dict[str, str] = {
    "icmp": f"{_SOCK4 + _DROPS:<127}\n",
    "raw": _SOCK4 + _DROPS + "\n",
    "udplite": f"{' ' + _SOCK4 + _DROPS:<127}\n",
    "icmp6": _SOCK6 + _DROPS + "\n", "raw6": _SOCK6 + _DROPS + "\n", "udplite6": _SOCK6 + _DROPS + "\n",
    "unix": "Num       RefCount Protocol Flags    Type St Inode Path\n",
    "packet": "sk               RefCnt Type Proto  Iface R Rmem   User   Inode\n",
    "ip6_flowlabel": "Label S Owner  Users  Linger Expires  Dst                              Opt\n",
    "ip6_mr_cache": "Group                            Origin                           Iif      Pkts  Bytes     Wrong  Oifs\n",
    "ip6_mr_vif": "Interface      BytesIn  PktsIn  BytesOut PktsOut Flags\n",
    "ip_mr_cache": "Group    Origin   Iif     Pkts    Bytes    Wrong Oifs\n",
    "ip_mr_vif": "Interface      BytesIn  PktsIn  BytesOut PktsOut Flags Local    Remote\n",
    "mcfilter": "Idx Device        MCA        SRC    INC    EXC\n",
    "mcfilter6": "Idx Device                Multicast Address                   Source Address    INC    EXC\n",
    "rt_cache": f"{'Iface	Destination	Gateway 	Flags		RefCnt	Use	Metric	Source		MTU	Window	IRTT	TOS	HHRef	HHUptod	SpecDst':<127}\n",
    # PSCHED constants: NSEC_PER_USEC, PSCHED_TICKS2NS(1), 1000000, NSEC_PER_SEC / hrtimer resolution (1 ns)
    "psched": "000003e8 00000040 000f4240 3b9aca00\n",
    "anycast6": "", "nf_conntrack_expect": "",
}
TCP4_TITLE = f"{_SOCK4:<149}\n"
TCP6_TITLE = _SOCK6 + "\n"
UDP4_TITLE = f"{' ' + _SOCK4 + _DROPS:<127}\n"
UDP6_TITLE = _SOCK6 + _DROPS + "\n"
