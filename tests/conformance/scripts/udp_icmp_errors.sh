# What a UDP client hears of the ICMP errors a router sends back: only the "hard" ones (__udp4_lib_err without IP_RECVERR: port unreachable is refused, net prohibited is network unreachable), the others wait for the timeout.
. topologies/a_r_b.sh
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec r iptables -A FORWARD -p udp --dport 53 -j REJECT --reject-with icmp-host-unreachable
ip netns exec r iptables -A FORWARD -p udp --dport 54 -j REJECT --reject-with icmp-port-unreachable
ip netns exec r iptables -A FORWARD -p udp --dport 55 -j REJECT --reject-with icmp-net-prohibited
ip netns exec r iptables -A FORWARD -p udp --dport 56 -j REJECT --reject-with icmp-net-unreachable
ip netns exec a dig +tries=1 +time=1 @10.2.0.2 example.com | grep -v "^;; Query time\|WHEN\|^$"
ip netns exec a dig +tries=1 +time=1 -p 54 @10.2.0.2 example.com | grep -v "^;; Query time\|WHEN\|^$"
ip netns exec a dig +tries=1 +time=1 -p 55 @10.2.0.2 example.com | grep -v "^;; Query time\|WHEN\|^$"
ip netns exec a dig +tries=1 +time=1 -p 56 @10.2.0.2 example.com | grep -v "^;; Query time\|WHEN\|^$"
ip netns exec a nslookup -timeout=1 -retry=0 example.com 10.2.0.2
