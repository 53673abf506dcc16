# NAT on a router: MASQUERADE and DNAT with counters, conntrack -L, iptables-save -c, -L non-numeric, -Z and chain listing after traffic.
. topologies/a_r_b.sh
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec r iptables -t nat -A POSTROUTING -s 10.1.0.0/24 -o rb -j MASQUERADE
ip netns exec r iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
ip netns exec r iptables -A FORWARD -i ra -o rb -p icmp -j ACCEPT
ip netns exec r iptables -A FORWARD -j LOG --log-prefix "FWD-DROP: "
ip netns exec r iptables -P FORWARD DROP
ip netns exec a ping -c 2 -i 0.2 10.2.0.2
ip netns exec b ping -c 1 -W 1 10.1.0.2
ip netns exec r iptables -t nat -L -v -n
ip netns exec r iptables -L FORWARD -v -n --line-numbers
ip netns exec r iptables -L FORWARD -v
ip netns exec r conntrack -L 2>/dev/null | sed -E "s/id=[0-9]+/id=N/g"
ip netns exec r conntrack -L -p icmp --src-nat 2>/dev/null | sed -E "s/id=[0-9]+/id=N/g"
ip netns exec r iptables-save -c | grep -v "^#"
ip netns exec r iptables -t nat -A PREROUTING -i rb -p tcp --dport 8080 -j DNAT --to-destination 10.1.0.2:80
ip netns exec r iptables -t nat -S
ip netns exec r iptables -t nat -L PREROUTING -n --line-numbers
ip netns exec r iptables -Z FORWARD
ip netns exec r iptables -L FORWARD -v -n -x
ip netns exec r iptables -t nat -Z
ip netns exec r iptables -t nat -L POSTROUTING -v -n
ip netns exec r conntrack -F
ip netns exec r conntrack -L
ip netns exec r conntrack -C
