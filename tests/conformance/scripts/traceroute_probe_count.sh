# How many probes traceroute sends (16 at once, -q 3) when a silent hop comes before the last answer: replies that arrive together are read in one poll round, so the final hop is known before any probe is added (the REJECT rule counts them).
. topologies/a_r_b.sh
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec r iptables -A FORWARD -d 10.2.0.2 -j DROP
ip netns exec r iptables -I FORWARD -d 10.2.0.2 -p udp --dport 33440:33500 -j REJECT
ip netns exec a traceroute -n -w 1 10.2.0.2
ip netns exec r iptables -L FORWARD -v -n -x
ip netns exec r iptables -Z
ip netns exec a traceroute -n -w 1 -N 4 10.2.0.2
ip netns exec r iptables -L FORWARD -v -n -x
ip netns exec r iptables -Z
ip netns exec a traceroute -n -w 1 -q 1 10.2.0.2
ip netns exec r iptables -L FORWARD -v -n -x
