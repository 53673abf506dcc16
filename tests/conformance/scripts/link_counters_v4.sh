# Link counters with IPv6 off and no multicast snooping (no chatter: no MLD/IGMP reports): veth, bridge and ports after pings and a broadcast, -s -s, -h, -j -s, netstat -i, /sys statistics.
sysctl -qw net.ipv6.conf.all.disable_ipv6=1
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip netns add n1
ip netns add n2
ip netns exec n1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec n1 sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip netns exec n2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec n2 sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip link add br0 type bridge mcast_snooping 0
ip link add p1 type veth peer name e1 netns n1
ip link add p2 type veth peer name e2 netns n2
ip link set p1 master br0
ip link set p2 master br0
ip addr add 10.3.0.254/24 dev br0
ip -n n1 addr add 10.3.0.1/24 dev e1
ip -n n2 addr add 10.3.0.2/24 dev e2
ip link set br0 up
ip link set p1 up
ip link set p2 up
ip -n n1 link set e1 up
ip -n n2 link set e2 up
sleep 1
ip netns exec n1 ping -c 3 -i 0.2 10.3.0.2
ip netns exec n1 ping -c 2 -i 0.2 10.3.0.254
ip netns exec n2 ping -c 1 -b 10.3.0.255 2>/dev/null | head -1
ip -s link show br0
ip -s link show p1
ip -s link show p2
ip -n n1 -s link show e1
ip -n n2 -s -h link show e2
ip -j -s link show p1
netstat -i
cat /sys/class/net/p1/statistics/rx_packets /sys/class/net/p1/statistics/tx_bytes
ip -s -br link 2>&1 | sort
