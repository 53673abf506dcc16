# traceroute through a router: simultaneous probes, the routers' ICMP rate limit (6 then 1/s), DROP/REJECT in the path, options and errors.
. topologies/a_r_b.sh
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec a traceroute -n 10.2.0.2
ip netns exec a traceroute -n 10.2.0.2
ip netns exec a traceroute -n -I 10.2.0.2
ip netns exec r iptables -A FORWARD -p udp -j DROP
ip netns exec a traceroute -n -q 1 -m 4 10.2.0.2
ip netns exec a traceroute -n -T -q 1 -m 4 10.2.0.2
ip netns exec a traceroute -n -T -p 22 -q 1 -m 4 10.2.0.2
ip netns exec r iptables -R FORWARD 1 -p udp -j REJECT --reject-with icmp-admin-prohibited
ip netns exec a traceroute -n -q 2 -m 4 -w 2 10.2.0.2
ip netns exec r iptables -L FORWARD -v -n -x
ip netns exec a traceroute -n -m 0 10.2.0.2
ip netns exec a traceroute -n -q 0 10.2.0.2
ip netns exec a traceroute -n -q 11 10.2.0.2
ip netns exec a traceroute -n -m 300 10.2.0.2
ip netns exec a traceroute -n -f 5 -m 4 10.2.0.2
ip netns exec a traceroute -n -w x 10.2.0.2
ip netns exec a traceroute -n -m abc 10.2.0.2
ip netns exec a traceroute -n -w 1,2,3,4 10.2.0.2
ip netns exec a traceroute -n -w -1 10.2.0.2
ip netns exec a traceroute -n -z x 10.2.0.2
ip netns exec a iptables -A OUTPUT -p udp -j DROP
ip netns exec a traceroute -n 10.2.0.2
ip netns exec a iptables -F
ip netns exec a traceroute -n -m 3 10.9.9.9
sysctl net.ipv4.icmp_ratelimit net.ipv4.icmp_ratemask
