# Found by the wide random scripts (seed 931): a REJECT in INPUT answers from the address the packet was sent to
# (its route is RTCF_LOCAL: __icmp_send takes iph->daddr), not from the address of the device it came in by; a
# REJECT in FORWARD answers from the source the route back picks.
. topologies/a_r_b.sh
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec r iptables -I INPUT -p icmp -j REJECT --reject-with icmp-net-prohibited
ip netns exec r iptables -I FORWARD -p icmp -j REJECT --reject-with icmp-host-prohibited
sleep 1
ip netns exec a ping -c 1 -W 1 10.2.0.1
ip netns exec a ping -c 1 -W 1 10.1.0.1
ip netns exec a ping -c 1 -W 1 10.2.0.2
