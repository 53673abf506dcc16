# A bridge answering ARP itself (br_do_proxy_suppress_arp) from its own neighbour table and FDB: neigh_suppress on the target's port (the request then stays away from it), proxy_arp on the asking port, and a proxy_arp port never getting floods. IPv6 is off so the counters see only this traffic.
# (sleep 0.1 before reading a counter: the simulation runs the frames due at the instant ping returns only at the next pump)
ip netns add sw
ip netns add a
ip netns add b
ip netns add c
ip netns exec sw sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
ip netns exec a sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
ip netns exec b sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
ip netns exec c sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
ip -n sw link add br0 type bridge mcast_snooping 0
ip -n a link add e-a type veth peer name p-a netns sw
ip -n b link add e-b type veth peer name p-b netns sw
ip -n c link add e-c type veth peer name p-c netns sw
ip -n sw link set p-a master br0
ip -n sw link set p-b master br0
ip -n sw link set p-c master br0
ip -n sw link set p-a up
ip -n sw link set p-b up
ip -n sw link set p-c up
ip -n sw link set br0 up
ip -n sw addr add 10.0.0.254/24 dev br0
ip -n a addr add 10.0.0.1/24 dev e-a
ip -n b addr add 10.0.0.2/24 dev e-b
ip -n c addr add 10.0.0.3/24 dev e-c
ip -n a link set e-a up
ip -n b link set e-b up
ip -n c link set e-c up
ip -n sw neigh add 10.0.0.2 lladdr $(ip -n b -br link show e-b | awk '{print $3}') dev br0
ip -n sw neigh add 10.0.0.9 lladdr $(ip -n b -br link show e-b | awk '{print $3}') dev br0
ip netns exec sw bridge link set dev p-b neigh_suppress on
ip netns exec sw bridge -d link show dev p-b | grep -o "neigh_suppress [a-z]*"
ip netns exec a ping -c 1 10.0.0.2 | grep received
sleep 0.1
ip -n b -s link show e-b | awk 'NR==4 {print "b rx", $2}'
ip -n a neigh flush dev e-a
ip netns exec a ping -c 1 10.0.0.2 | grep received
sleep 0.1
ip -n b -s link show e-b | awk 'NR==4 {print "b rx", $2}'
ip -n a neigh show 10.0.0.2 | awk '{print $1, $NF}'
ip netns exec c ping -c 1 -W 1 10.0.0.9 | grep received
ip -n c neigh show 10.0.0.9 | awk '{print $1, $NF}'
ip -n sw link set p-c type bridge_slave proxy_arp on
ip netns exec c ping -c 1 -W 1 10.0.0.8 | grep received
ip -n c neigh flush dev e-c
ip netns exec c ping -c 1 -W 1 10.0.0.9 | grep received
ip -n c neigh show 10.0.0.9 | awk '{print $1, $NF}'
ip netns exec a ping -c 1 -W 1 10.0.0.3 | grep received
sleep 0.1
ip -n c -s link show e-c | awk 'NR==4 {print "c rx", $2}'
ip -n sw -d link show p-c | grep -o "proxy_arp [a-z]*"
