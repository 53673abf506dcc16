# arp_filter (conf.all or the device's): m answers a request for its address only when its route back to the sender, from that address, leaves by the device the request came in on; a route by another device counts TcpExtArpFilter, no route at all does not. Each of a filtered request's 3 probes counts (they carry the waiting packet's source).
. topologies/c_m_d.sh
ip -n c addr add 10.0.0.9/24 dev vc
ip -n c addr add 10.0.1.9/32 dev lo
ip -n c addr add 192.168.77.1/32 dev lo
ip -n c link set vc up
ip -n c link set lo up
ip -n c route add 10.0.1.0/24 dev vc
ip -n m addr add 10.0.0.1/24 dev m0
ip -n m addr add 10.0.0.2/24 dev m0
ip -n m addr add 10.0.0.3/24 dev m0
ip -n m addr add 10.0.0.4/24 dev m0
ip -n m addr add 10.0.0.5/24 dev m0
ip -n m addr add 10.0.1.1/24 dev m1
ip -n m link set m0 up
ip -n m link set m1 up
ip -n d link set vd up
ip netns exec c ping -c 1 -W 0.5 -I 10.0.1.9 10.0.0.1 > /dev/null; echo rc=$?
ip netns exec m sysctl -w net.ipv4.conf.all.arp_filter=1
ip netns exec c ping -c 1 -W 0.5 -I 10.0.1.9 10.0.0.2 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 0.5 -I 10.0.0.9 10.0.1.1 > /dev/null; echo rc=$?
sleep 3
ip netns exec m nstat -asz TcpExtArpFilter
ip -n c neigh show nud reachable | sort
ip -n m neigh show dev m0 | cut -d' ' -f1 | sort
ip netns exec m sysctl -w net.ipv4.conf.all.arp_filter=0 net.ipv4.conf.m0.arp_filter=1
ip netns exec c ping -c 1 -W 0.5 -I 192.168.77.1 10.0.0.3 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 0.5 10.0.0.4 > /dev/null; echo rc=$?
sleep 3
ip netns exec m nstat -asz TcpExtArpFilter
ip -n m route add 10.0.1.9/32 dev m0
ip netns exec c ping -c 1 -W 0.5 -I 10.0.1.9 10.0.0.5 > /dev/null; echo rc=$?
ip -n c neigh show nud reachable | sort
