# netstat -s, /proc/net/snmp and netstat -g from the model's counters: pings through a router (forwarded, TTL exceeded, no route, ip_forward off), ICMP errors, a refused TCP connect. IPv6 is off so only this traffic counts.
ip netns add a
ip netns add r
ip netns add b
ip netns exec a sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
ip netns exec r sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
ip netns exec b sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
ip -n a link add va type veth peer name ra netns r
ip -n b link add vb type veth peer name rb netns r
ip -n a addr add 10.1.0.2/24 dev va
ip -n a link set va up
ip -n a link set lo up
ip -n r addr add 10.1.0.1/24 dev ra
ip -n r addr add 10.2.0.1/24 dev rb
ip -n r link set ra up
ip -n r link set rb up
ip -n b addr add 10.2.0.2/24 dev vb
ip -n b link set vb up
ip -n a route add default via 10.1.0.1
ip -n b route add default via 10.2.0.1
ip netns exec a ping -c 1 -W 1 10.2.0.2 | grep received
ip netns exec r netstat -s | head -9
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec a ping -c 2 -i 0.2 10.2.0.2 | grep received
ip netns exec a ping -c 1 -t 1 10.2.0.2 | grep -c "Time to live"
ip netns exec a ping -c 1 -W 1 10.9.9.9 | grep received
ip netns exec a ping -c 1 -W 1 10.2.0.77 | grep received
sleep 3.5
ip netns exec a ping -c 1 10.1.0.1 | grep received
ip netns exec a ping -c 1 10.2.0.1 | grep received
ip netns exec a ping -c 1 127.0.0.1 | grep received
ip netns exec a ping -c 1 10.1.0.255 | grep received
ip netns exec a ping -c 1 192.168.77.1 2>&1
ip netns exec a curl -s -m 1 http://10.2.0.2:81/
ip -n a route del default
ip netns exec a ping -c 1 192.168.77.1 2>&1
ip netns exec r netstat -s
ip netns exec a netstat -s
ip netns exec b netstat -s
ip netns exec r cat /proc/net/snmp
ip netns exec a netstat -st
ip netns exec a netstat -su
ip netns exec a netstat -sw
ip netns exec a netstat -g
ip netns exec a netstat --groups
ip netns exec r cat /proc/net/netstat | grep IpExt
