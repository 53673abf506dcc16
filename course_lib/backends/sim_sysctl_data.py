"""The net.* sysctls of a fresh network namespace (Linux 6.x, as `sysctl -a` lists them), as data.

GLOBAL: the keys of the netns itself (conf.all/default and neigh.default included); DEVICE: the keys
every interface gets under net.ipv4.conf.DEV, net.ipv4.neigh.DEV, net.ipv6.conf.DEV and
net.ipv6.neigh.DEV (a veth's values; LO_OVERRIDES for lo). Values are `;`-separated NAME=VALUE
lists per parent key, tabs written as \\t; conf.all and conf.default are a device's values with the few
keys where they differ. Read by sim_sysctl.py.
"""
from __future__ import annotations

DEVICE = {
    "net.ipv4.conf": ("accept_local=0;accept_redirects=1;accept_source_route=1;arp_accept=0;arp_announce=0;"
                     "arp_evict_nocarrier=1;arp_filter=0;arp_ignore=0;arp_notify=0;bc_forwarding=0;"
                     "bootp_relay=0;disable_policy=0;disable_xfrm=0;drop_gratuitous_arp=0;"
                     "drop_unicast_in_l2_multicast=0;force_igmp_version=0;forwarding=0;"
                     "igmpv2_unsolicited_report_interval=10000;igmpv3_unsolicited_report_interval=1000;"
                     "ignore_routes_with_linkdown=0;log_martians=0;mc_forwarding=0;medium_id=0;"
                     "promote_secondaries=0;proxy_arp=0;proxy_arp_pvlan=0;route_localnet=0;rp_filter=0;"
                     "secure_redirects=1;send_redirects=1;shared_media=1;src_valid_mark=0;tag=0"),
    "net.ipv4.neigh": ("anycast_delay=100;app_solicit=0;base_reachable_time_ms=30000;"
                      "delay_first_probe_time=5;gc_stale_time=60;interval_probe_time_ms=5000;locktime=100;"
                      "mcast_resolicit=0;mcast_solicit=3;proxy_delay=80;proxy_qlen=64;retrans_time_ms=1000;"
                      "ucast_solicit=3;unres_qlen=101;unres_qlen_bytes=212992"),
    "net.ipv6.conf": ("accept_dad=1;accept_ra=1;accept_ra_defrtr=1;accept_ra_from_local=0;"
                     "accept_ra_min_hop_limit=1;accept_ra_min_lft=0;accept_ra_mtu=1;accept_ra_pinfo=1;"
                     "accept_ra_rt_info_max_plen=0;accept_ra_rt_info_min_plen=0;accept_ra_rtr_pref=1;"
                     "accept_redirects=1;accept_source_route=0;accept_untracked_na=0;addr_gen_mode=0;"
                     "autoconf=1;dad_transmits=1;disable_ipv6=0;disable_policy=0;"
                     "drop_unicast_in_l2_multicast=0;drop_unsolicited_na=0;enhanced_dad=1;"
                     "force_forwarding=0;force_mld_version=0;force_tllao=0;forwarding=0;hop_limit=64;"
                     "ignore_routes_with_linkdown=0;ioam6_enabled=0;ioam6_id=65535;"
                     "ioam6_id_wide=4294967295;keep_addr_on_down=0;max_addresses=16;max_desync_factor=600;"
                     "mc_forwarding=0;mldv1_unsolicited_report_interval=10000;"
                     "mldv2_unsolicited_report_interval=1000;mtu=1500;ndisc_evict_nocarrier=1;"
                     "ndisc_notify=0;ndisc_tclass=0;optimistic_dad=0;proxy_ndp=0;ra_defrtr_metric=1024;"
                     "ra_honor_pio_life=0;ra_honor_pio_pflag=0;regen_max_retry=3;regen_min_advance=2;"
                     "router_probe_interval=60;router_solicitation_delay=1;router_solicitation_interval=4;"
                     "router_solicitation_max_interval=3600;router_solicitations=-1;rpl_seg_enabled=0;"
                     "seg6_enabled=0;seg6_require_hmac=0;suppress_frag_ndisc=1;temp_prefered_lft=86400;"
                     "temp_valid_lft=604800;use_oif_addrs_only=0;use_optimistic=0;use_tempaddr=0"),
    "net.ipv6.neigh": ("anycast_delay=100;app_solicit=0;base_reachable_time_ms=30000;"
                      "delay_first_probe_time=5;gc_stale_time=60;interval_probe_time_ms=5000;locktime=0;"
                      "mcast_resolicit=0;mcast_solicit=3;proxy_delay=80;proxy_qlen=64;retrans_time_ms=1000;"
                      "ucast_solicit=3;unres_qlen=101;unres_qlen_bytes=212992"),
}


def _with(items: str, **changes: str) -> str:
    """`items` (NAME=VALUE;...) with some values changed, in the same order."""
    return ";".join(f"{name}={changes.get(name, value)}" for name, value in
                    (item.split("=", 1) for item in items.split(";")))


GLOBAL = {
    "net.bridge": ("bridge-nf-call-arptables=1;bridge-nf-call-ip6tables=1;bridge-nf-call-iptables=1;"
                  "bridge-nf-filter-pppoe-tagged=0;bridge-nf-filter-vlan-tagged=0;"
                  "bridge-nf-pass-vlan-input-dev=0"),
    "net.core": ("optmem_max=131072;rmem_default=212992;rmem_max=4194304;rps_default_mask=0;"
                "somaxconn=4096;tstamp_allow_data=1;txrehash=1;wmem_default=212992;wmem_max=4194304;"
                "xfrm_acq_expires=30;xfrm_aevent_etime=10;xfrm_aevent_rseqth=2;xfrm_larval_drop=1"),
    "net.ipv4.conf.all": _with(DEVICE["net.ipv4.conf"], accept_source_route="0"),
    "net.ipv4.conf.default": DEVICE["net.ipv4.conf"],
    "net.ipv4": ("fib_multipath_hash_fields=7;fib_multipath_hash_policy=0;fib_multipath_hash_seed=0;"
                "fib_multipath_use_neigh=0;fib_notify_on_flag_change=0;fwmark_reflect=0;"
                "icmp_echo_enable_probe=0;icmp_echo_ignore_all=0;icmp_echo_ignore_broadcasts=1;"
                "icmp_errors_use_inbound_ifaddr=0;icmp_ignore_bogus_error_responses=1;"
                "icmp_msgs_burst=50;icmp_msgs_per_sec=1000;icmp_ratelimit=1000;icmp_ratemask=6168;"
                "igmp_link_local_mcast_reports=1;igmp_max_memberships=20;igmp_max_msf=10;igmp_qrv=2;"
                "ip_autobind_reuse=0;ip_default_ttl=64;ip_dynaddr=0;ip_early_demux=1;ip_forward=0;"
                "ip_forward_update_priority=1;ip_forward_use_pmtu=0;ip_local_port_range=32768\t60999;"
                "ip_local_reserved_ports=;ip_no_pmtu_disc=0;ip_nonlocal_bind=0;"
                "ip_unprivileged_port_start=1024;ipfrag_high_thresh=4194304;ipfrag_low_thresh=3145728;"
                "ipfrag_max_dist=64;ipfrag_time=30;nexthop_compat_mode=1;ping_group_range=1\t0;"
                "raw_l3mdev_accept=1;tcp_abort_on_overflow=0;tcp_adv_win_scale=1;"
                "tcp_allowed_congestion_control=reno bbr;tcp_app_win=31;tcp_autocorking=1;"
                "tcp_available_congestion_control=reno bbr cubic;tcp_backlog_ack_defer=1;"
                "tcp_base_mss=1024;tcp_challenge_ack_limit=2147483647;tcp_child_ehash_entries=0;"
                "tcp_comp_sack_delay_ns=1000000;tcp_comp_sack_nr=44;tcp_comp_sack_slack_ns=100000;"
                "tcp_congestion_control=bbr;tcp_dsack=1;tcp_early_demux=1;tcp_early_retrans=3;"
                "tcp_ecn=2;tcp_ecn_fallback=1;tcp_ecn_option=2;tcp_ecn_option_beacon=3;"
                "tcp_ehash_entries=-262144;tcp_fack=0;tcp_fastopen=1;"
                "tcp_fastopen_blackhole_timeout_sec=0;"
                "tcp_fastopen_key=00000000-00000000-00000000-00000000;tcp_fin_timeout=60;tcp_frto=2;"
                "tcp_fwmark_accept=0;tcp_invalid_ratelimit=500;tcp_keepalive_intvl=75;"
                "tcp_keepalive_probes=9;tcp_keepalive_time=7200;tcp_l3mdev_accept=0;"
                "tcp_limit_output_bytes=4194304;tcp_max_reordering=300;tcp_max_syn_backlog=2048;"
                "tcp_max_tw_buckets=131072;tcp_migrate_req=0;tcp_min_rtt_wlen=300;tcp_min_snd_mss=48;"
                "tcp_min_tso_segs=2;tcp_moderate_rcvbuf=1;tcp_mtu_probe_floor=48;tcp_mtu_probing=0;"
                "tcp_no_metrics_save=0;tcp_no_ssthresh_metrics_save=1;tcp_notsent_lowat=4294967295;"
                "tcp_orphan_retries=0;tcp_pacing_ca_ratio=120;tcp_pacing_ss_ratio=200;"
                "tcp_pingpong_thresh=1;tcp_plb_cong_thresh=128;tcp_plb_enabled=0;"
                "tcp_plb_idle_rehash_rounds=3;tcp_plb_rehash_rounds=12;tcp_plb_suspend_rto_sec=60;"
                "tcp_probe_interval=600;tcp_probe_threshold=8;tcp_recovery=1;tcp_reflect_tos=0;"
                "tcp_reordering=3;tcp_retrans_collapse=1;tcp_retries1=3;tcp_retries2=15;tcp_rfc1337=0;"
                "tcp_rmem=4096\t131072\t33554432;tcp_rto_max_ms=120000;tcp_rto_min_us=200000;"
                "tcp_sack=1;tcp_shrink_window=0;tcp_slow_start_after_idle=1;tcp_stdurg=0;"
                "tcp_syn_linear_timeouts=4;tcp_syn_retries=6;tcp_synack_retries=5;tcp_syncookies=1;"
                "tcp_thin_linear_timeouts=0;tcp_timestamps=1;tcp_tso_rtt_log=9;tcp_tso_win_divisor=3;"
                "tcp_tw_reuse=2;tcp_tw_reuse_delay=1000;tcp_window_scaling=1;"
                "tcp_wmem=4096\t16384\t4194304;tcp_workaround_signed_windows=0;"
                "udp_child_hash_entries=0;udp_early_demux=1;udp_hash_entries=-16384;"
                "udp_l3mdev_accept=0;udp_rmem_min=4096;udp_wmem_min=4096;xfrm4_gc_thresh=32768"),
    "net.ipv4.route": ("min_adv_mss=256;min_pmtu=552;mtu_expires=600"),
    "net.ipv6": ("anycast_src_echo_reply=0;auto_flowlabels=1;bindv6only=0;fib_multipath_hash_fields=7;"
                "fib_multipath_hash_policy=0;fib_notify_on_flag_change=0;flowlabel_consistency=1;"
                "flowlabel_reflect=0;flowlabel_state_ranges=0;fwmark_reflect=0;idgen_delay=1;"
                "idgen_retries=3;ioam6_id=16777215;ioam6_id_wide=72057594037927935;"
                "ip6frag_high_thresh=4194304;ip6frag_low_thresh=3145728;ip6frag_time=60;"
                "ip_nonlocal_bind=0;max_dst_opts_length=2147483647;max_dst_opts_number=8;"
                "max_hbh_length=2147483647;max_hbh_opts_number=8;seg6_flowlabel=0;"
                "xfrm6_gc_thresh=32768"),
    "net.ipv6.conf.all": _with(DEVICE["net.ipv6.conf"], accept_dad="0", mtu="1280"),
    "net.ipv6.conf.default": _with(DEVICE["net.ipv6.conf"], mtu="1280"),
    "net.ipv6.icmp": ("echo_ignore_all=0;echo_ignore_anycast=0;echo_ignore_multicast=0;"
                     "error_anycast_as_unicast=0;ratelimit=100;ratemask=0-1,3-127"),
    "net.ipv6.route": ("gc_elasticity=9;gc_interval=30;gc_min_interval=0;gc_min_interval_ms=500;"
                      "gc_thresh=1024;gc_timeout=60;max_size=2147483647;min_adv_mss=1220;mtu_expires=600;"
                      "skip_notify_on_dev_down=0"),
    "net.mptcp": ("add_addr_timeout=120;allow_join_initial_addr_port=1;"
                 "available_path_managers=kernel userspace;available_schedulers=default;"
                 "blackhole_timeout=3600;checksum_enabled=0;close_timeout=60;enabled=1;"
                 "path_manager=kernel;pm_type=0;scheduler=default;stale_loss_cnt=4;"
                 "syn_retrans_before_tcp_fallback=2"),
    "net.netfilter": ("nf_conntrack_acct=0;nf_conntrack_buckets=262144;nf_conntrack_checksum=1;"
                     "nf_conntrack_count=0;nf_conntrack_events=2;nf_conntrack_expect_max=4096;"
                     "nf_conntrack_frag6_high_thresh=4194304;nf_conntrack_frag6_low_thresh=3145728;"
                     "nf_conntrack_frag6_timeout=60;nf_conntrack_generic_timeout=600;"
                     "nf_conntrack_gre_timeout=30;nf_conntrack_gre_timeout_stream=180;"
                     "nf_conntrack_icmp_timeout=30;nf_conntrack_icmpv6_timeout=30;"
                     "nf_conntrack_log_invalid=0;nf_conntrack_max=262144;"
                     "nf_conntrack_sctp_timeout_closed=10;nf_conntrack_sctp_timeout_cookie_echoed=3;"
                     "nf_conntrack_sctp_timeout_cookie_wait=3;nf_conntrack_sctp_timeout_established=210;"
                     "nf_conntrack_sctp_timeout_heartbeat_sent=30;"
                     "nf_conntrack_sctp_timeout_shutdown_ack_sent=3;"
                     "nf_conntrack_sctp_timeout_shutdown_recd=3;nf_conntrack_sctp_timeout_shutdown_sent=3;"
                     "nf_conntrack_tcp_be_liberal=0;nf_conntrack_tcp_ignore_invalid_rst=0;"
                     "nf_conntrack_tcp_loose=1;nf_conntrack_tcp_max_retrans=3;"
                     "nf_conntrack_tcp_timeout_close=10;nf_conntrack_tcp_timeout_close_wait=60;"
                     "nf_conntrack_tcp_timeout_established=432000;nf_conntrack_tcp_timeout_fin_wait=120;"
                     "nf_conntrack_tcp_timeout_last_ack=30;nf_conntrack_tcp_timeout_max_retrans=300;"
                     "nf_conntrack_tcp_timeout_syn_recv=60;nf_conntrack_tcp_timeout_syn_sent=120;"
                     "nf_conntrack_tcp_timeout_time_wait=120;nf_conntrack_tcp_timeout_unacknowledged=300;"
                     "nf_conntrack_timestamp=0;nf_conntrack_udp_timeout=30;"
                     "nf_conntrack_udp_timeout_stream=120;nf_hooks_lwtunnel=0"),
    "net.netfilter.nf_log": ("0=NONE;1=NONE;10=nf_log_ipv6;2=nf_log_ipv4;3=nf_log_arp;4=NONE;5=nf_log_netdev;"
                            "6=NONE;7=nf_log_bridge;8=NONE;9=NONE"),
    "net.unix": ("max_dgram_qlen=10"),
}
LO_OVERRIDES = {
    "net.ipv4.conf": ("disable_policy=1;disable_xfrm=1"),
    "net.ipv6.conf": ("accept_dad=-1;mtu=65536;use_tempaddr=-1"),
}
