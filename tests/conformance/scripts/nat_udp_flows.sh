# UDP through a MASQUERADing router to a port nobody listens on (ICMP port unreachable back through the NAT), DNS tools' answers, conntrack's [UNREPLIED] UDP flows and ICMP flows, -L filters and -D.
. topologies/a_r_b.sh
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec r iptables -t nat -A POSTROUTING -o rb -j MASQUERADE
printf 'nameserver 10.2.0.2\n' > /tmp/resolv.ab
ip netns exec a dig +tries=1 +time=1 @10.2.0.2 example.com | head -3
ip netns exec a host -W 1 example.com 10.2.0.2
ip netns exec a nslookup -timeout=1 example.com 10.2.0.2
ip netns exec a ping -c 1 10.2.0.2 > /dev/null
ip netns exec r conntrack -L 2>/dev/null | sed -E 's/sport=[0-9]+/sport=P/g; s/dport=([0-9]{4,5})/dport=P/g; s/id=[0-9]+/id=N/g; s/ [0-9]+ (src|TIME|ESTAB|CLOSE)/ T \1/' | sort
ip netns exec r conntrack -L -p udp 2>&1 >/dev/null
ip netns exec r conntrack -L -p udp --dport 53 2>/dev/null | wc -l
ip netns exec r conntrack -L --src-nat 2>/dev/null | wc -l
ip netns exec r conntrack -D -p udp 2>&1 >/dev/null | tail -1
ip netns exec r conntrack -L 2>/dev/null | wc -l
ip netns exec r iptables -t nat -L POSTROUTING -v -n -x | awk "{print \$1, \$3}"
