# cat /proc/net/dev: every device of the netns in ifindex order with dev_seq_show's counters (IPv6 off and no snooping, so no chatter).
sysctl -qw net.ipv6.conf.all.disable_ipv6=1
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
cat /proc/net/dev
ip link set lo up
ping -c 2 -i 0.2 127.0.0.1 > /dev/null
ip netns add n1
ip netns exec n1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec n1 sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip link add br0 type bridge mcast_snooping 0
ip link add v0 type veth peer name v1
ip link set v0 netns n1
ip link set v1 master br0
ip -n n1 addr add 10.8.0.1/24 dev v0
ip addr add 10.8.0.2/24 dev br0
ip -n n1 link set v0 up
ip link set v1 up
ip link set br0 up
sleep 1
ip netns exec n1 ping -c 2 -i 0.2 10.8.0.2 > /dev/null
sleep 3
cat /proc/net/dev
ip netns exec n1 cat /proc/net/dev
grep v1 /proc/net/dev | awk '{print $2, $10}'
