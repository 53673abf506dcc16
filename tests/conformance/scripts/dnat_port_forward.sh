# DNAT port forwarding on a router (PREROUTING and OUTPUT), MASQUERADE out; a refused connection through the DNAT (the reset kills the flow), ping flows listed by conntrack; counters and NAT rule errors.
. topologies/a_r_b.sh
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r iptables -t nat -A PREROUTING -d 10.2.0.1 -p tcp --dport 8080 -j DNAT --to-destination 10.1.0.2:80
ip netns exec r iptables -t nat -A PREROUTING -d 10.2.0.1 -p udp --dport 5353 -j DNAT --to 10.1.0.2:53
ip netns exec r iptables -t nat -A OUTPUT -d 10.2.0.1 -p tcp --dport 8080 -j DNAT --to-destination 10.1.0.2:80
ip netns exec r iptables -t nat -A POSTROUTING -o rb -j MASQUERADE
ip netns exec r iptables -A FORWARD -p tcp -d 10.1.0.2 --dport 80 -m conntrack --ctstate NEW -j ACCEPT
ip netns exec r iptables -A FORWARD -p icmp -j ACCEPT
ip netns exec r iptables -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ip netns exec r iptables -P FORWARD DROP
ip netns exec b curl -sS -o /dev/null --max-time 3 http://10.2.0.1:8080/ 2>&1 | sed -E 's/after [0-9]+ ms/after N ms/'
ip netns exec r curl -sS -o /dev/null --max-time 3 http://10.2.0.1:8080/ 2>&1 | sed -E 's/after [0-9]+ ms/after N ms/'
ip netns exec b curl -sS -o /dev/null --max-time 2 http://10.2.0.1:8081/ 2>&1 | sed -E 's/after [0-9]+ ms/after N ms/'
ip netns exec a ping -c 1 10.2.0.2
ip netns exec r conntrack -L 2>/dev/null | sed -E 's/id=[0-9]+/id=N/g; s/ [0-9]+ src/ T src/' | sort
ip netns exec r conntrack -C
ip netns exec r iptables -t nat -L -n -v --line-numbers
ip netns exec r iptables -L FORWARD -n -v
ip netns exec r iptables -t nat -D PREROUTING 1
ip netns exec r iptables -t nat -S PREROUTING
ip netns exec r iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT
ip netns exec r iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.1.0.2:abc
ip netns exec r iptables -t nat -A PREROUTING -j DNAT --to-destination 10.1.0.2:80
ip netns exec r iptables -A FORWARD -j DNAT --to-destination 10.1.0.2
ip netns exec r iptables -t nat -A POSTROUTING -j MASQUERADE --to-ports 1000-2000
ip netns exec r iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1000-2000
ip netns exec r iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 10.2.0.1:1000-2000
ip netns exec r iptables -t nat -A POSTROUTING -j SNAT
ip netns exec r iptables -t nat -S POSTROUTING
ip netns exec r iptables-save -t nat | grep -v '^#'
