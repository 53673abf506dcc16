# Bridge port flags obeyed by forwarding: learning off (no fdb entry: frames for that host are flooded), flood off (no unknown unicast), bcast_flood off (no ARP broadcasts), hairpin on, isolated ports, fdb_flush; set with bridge link set and ip link set type bridge_slave. IPv6 is off so the counters see only this traffic.
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
ip -n sw link set br0 up
ip -n a link add e-a type veth peer name p-a netns sw
ip -n b link add e-b type veth peer name p-b netns sw
ip -n c link add e-c type veth peer name p-c netns sw
ip -n sw link set p-a master br0
ip -n sw link set p-b master br0
ip -n sw link set p-c master br0
ip -n sw link set p-a up
ip -n sw link set p-b up
ip -n sw link set p-c up
ip -n a addr add 10.0.0.1/24 dev e-a
ip -n b addr add 10.0.0.2/24 dev e-b
ip -n c addr add 10.0.0.3/24 dev e-c
ip -n a link set e-a up
ip -n b link set e-b up
ip -n c link set e-c up
sleep 1
ip netns exec sw bridge link set dev p-a learning off
ip netns exec sw bridge -d link show dev p-a
ip netns exec a ping -c 2 -i 0.2 10.0.0.2 | grep received
ip netns exec sw bridge fdb show dev p-a | grep -v permanent | wc -l
ip netns exec sw bridge fdb show dev p-b | grep -v permanent | wc -l
sleep 0.1
ip -n c -s link show e-c | awk 'NR==4 {print "c rx", $2}'
ip netns exec sw bridge link set dev p-c flood off
ip netns exec a ping -c 2 -i 0.2 10.0.0.2 | grep received
sleep 0.1
ip -n c -s link show e-c | awk 'NR==4 {print "c rx", $2}'
ip netns exec sw bridge link set dev p-c bcast_flood off
ip netns exec a ping -c 1 -W 1 10.0.0.3 | grep received
sleep 0.1
ip -n c -s link show e-c | awk 'NR==4 {print "c rx", $2}'
ip -n sw link set p-c type bridge_slave bcast_flood on flood on
ip -n sw -d link show p-c | grep -o "learning [a-z]* flood [a-z]*"
ip -n sw -d link show p-c | grep -o "mcast_flood [a-z]* bcast_flood [a-z]*"
ip netns exec a ping -c 1 -W 1 10.0.0.3 | grep received
sleep 0.1
ip -n c -s link show e-c | awk 'NR==4 {print "c rx", $2}'
ip netns exec sw bridge link set dev p-a learning on
ip netns exec sw bridge fdb add 02:00:00:00:00:99 dev p-a master static
ip -n a neigh add 10.0.0.99 lladdr 02:00:00:00:00:99 dev e-a
sleep 0.1
ip -n a -s link show e-a | awk 'NR==4 {print "a rx", $2}'
ip netns exec a ping -c 1 -W 1 10.0.0.99 | grep received
sleep 0.1
ip -n a -s link show e-a | awk 'NR==4 {print "a rx", $2}'
ip -n sw link set p-a type bridge_slave hairpin on
ip netns exec a ping -c 1 -W 1 10.0.0.99 | grep received
sleep 3
ip -n a -s link show e-a | awk 'NR==4 {print "a rx", $2}'
ip -n sw link set p-a type bridge_slave hairpin off isolated on
ip -n sw link set p-b type bridge_slave isolated on
ip netns exec a ping -c 1 -W 1 10.0.0.2 | grep received
ip netns exec a ping -c 1 -W 1 10.0.0.3 | grep received
ip netns exec sw bridge -d link show | grep -o "isolated [a-z]*"
ip netns exec sw bridge fdb show dev p-c | grep -v permanent | wc -l
ip -n sw link set p-c type bridge_slave fdb_flush
ip netns exec sw bridge fdb show dev p-c | grep -v permanent | wc -l
ip netns exec sw bridge fdb show dev p-a | grep -c static
ip -n sw link set p-a nomaster
ip -n sw link set p-a master br0
ip netns exec sw bridge -d link show dev p-a | tail -1
ip -n sw link set p-a type bridge_slave cost 0
ip -n sw link set p-a type bridge_slave learning off priority 70
ip -n sw -d link show p-a | grep -o "priority [0-9]* cost [0-9]*.*learning [a-z]*"
ip -n sw link set p-a type bridge_slave state 9
ip -n sw link set p-a type bridge_slave state forwarding
ip -n sw link set e-a type bridge_slave learning off
ip -n a link set e-a type bridge_slave learning off
ip -n sw link set p-a type bridge_slave learning maybe
ip -n sw link set p-a type bridge_slave bogus 2>&1 | head -2
ip -n sw link set p-b type bridge_slave proxy_arp on group_fwd_mask 8 mcast_fast_leave on
ip -n sw -d link show p-b | grep -o "fastleave [a-z]*\|proxy_arp [a-z]* proxy_arp_wifi [a-z]*\|group_fwd_mask [0-9a-fx]* group_fwd_mask_str [0-9a-fx]*"
ip -n sw -d -j link show p-b | grep -o "\"group_fwd_mask[^,]*,\"group_fwd_mask_str[^,]*\|\"proxy_arp\":[a-z]*"
ip -n sw link set p-b type bridge_slave group_fwd_mask 3
ip link add br0 type bridge
ip link add c1 type veth peer name d1
ip link add c2 type veth peer name d2
ip link add c3 type veth peer name d3
ip link set c1 master br0
ip link set c2 master br0
ip link set c3 master br0
ip link set c1 nomaster
ip link add c4 type veth peer name d4
ip link set c4 master br0
bridge link set dev c2 priority 5
ip -d link show c2 | grep -o "port_id [0-9a-fx]* port_no [0-9a-fx]* designated_port [0-9]*"
ip -d link show c3 | grep -o "port_id [0-9a-fx]* port_no [0-9a-fx]* designated_port [0-9]*"
ip -d link show c4 | grep -o "port_id [0-9a-fx]* port_no [0-9a-fx]* designated_port [0-9]*"
ip -d -j link show c4 | grep -o "\"id\":[^,]*,\"no\":[^,]*,\"designated_port\":[^,]*"
ip -d -j link show c2 | grep -o "\"id\":[^,]*,\"no\":[^,]*,\"designated_port\":[^,]*"
