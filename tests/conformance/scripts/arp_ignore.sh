# arp_ignore on a multi-homed host m (m0 10.0.0.1/24 towards c, m1 10.0.1.1/24, a VIP on lo as kube-proxy's IPVS mode puts its service addresses): 0 answers for any local address on any device, 1 only for the receiving device's, 2 also needs the sender in one of its subnets, 3 not for host-scope addresses, 8 never; conf.all and the device's value: the larger counts. c's neighbour entry shows who answered (m0's MAC) or that nobody did (m knows c's addresses: no probes of its own reach c).
. topologies/c_m_d.sh
ip -n c addr add 10.0.0.9/24 dev vc
ip -n c link set vc up
ip -n c link set lo up
ip -n c route add 10.0.0.0/16 dev vc
ip -n m addr add 10.0.0.1/24 dev m0
ip -n m addr add 10.0.0.2/24 dev m0
ip -n m addr add 10.0.5.1/24 dev m0
ip -n m addr add 10.0.1.1/24 dev m1
ip -n m addr add 10.0.1.2/24 dev m1
ip -n m addr add 10.0.8.1/32 dev m1 scope host
ip -n m addr add 10.0.9.1/32 dev lo
ip -n m addr add 10.0.9.2/32 dev lo scope host
ip -n m link set m0 up
ip -n m link set m1 up
ip -n m link set lo up
ip -n d addr add 10.0.1.9/24 dev vd
ip -n m neigh add 10.0.0.9 lladdr 02:0e:00:00:00:0c dev m0 nud permanent
ip -n m neigh add 10.0.5.9 lladdr 02:0e:00:00:00:0c dev m0 nud permanent
ip -n d link set vd up
ip netns exec m sysctl net.ipv4.conf.all.arp_ignore net.ipv4.conf.m0.arp_ignore
ip netns exec c ping -c 1 -W 0.5 10.0.1.1 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 0.5 10.0.9.1 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 0.5 10.0.8.1 > /dev/null; echo rc=$?
ip -n c neigh show nud reachable | sort
ip -n c neigh flush all
ip netns exec m sysctl -w net.ipv4.conf.m0.arp_ignore=1
ip netns exec c ping -c 1 -W 0.5 10.0.0.1 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 0.5 10.0.5.1 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 0.5 10.0.1.1 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 0.5 10.0.9.1 > /dev/null; echo rc=$?
ip -n c neigh show nud reachable | sort
ip -n c neigh flush all
ip netns exec m sysctl -w net.ipv4.conf.m0.arp_ignore=2
ip netns exec c ping -c 1 -W 0.5 10.0.0.2 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 0.5 10.0.5.1 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 0.5 10.0.1.2 > /dev/null; echo rc=$?
ip -n c neigh show nud reachable | sort
ip -n c neigh flush all
ip -n c addr add 10.0.5.9/24 dev vc
ip netns exec c ping -c 1 -W 0.5 10.0.5.1 > /dev/null; echo rc=$?
ip -n c neigh show 10.0.5.1
ip -n c neigh flush all
ip netns exec m sysctl -w net.ipv4.conf.m0.arp_ignore=3
ip netns exec c ping -c 1 -W 0.5 10.0.1.1 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 0.5 10.0.9.1 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 0.5 10.0.9.2 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 0.5 10.0.8.1 > /dev/null; echo rc=$?
ip -n c neigh show nud reachable | sort
ip -n c neigh flush all
ip netns exec m sysctl -w net.ipv4.conf.m0.arp_ignore=8
ip netns exec c ping -c 1 -W 0.5 10.0.0.1 > /dev/null; echo rc=$?
ip -n c neigh show nud reachable | sort
ip -n c neigh flush all
ip netns exec m sysctl -w net.ipv4.conf.m0.arp_ignore=0 net.ipv4.conf.all.arp_ignore=1
ip netns exec c ping -c 1 -W 0.5 10.0.1.1 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 0.5 10.0.0.1 > /dev/null; echo rc=$?
ip -n c neigh show nud reachable | sort
ip -n c neigh flush all
ip netns exec m sysctl -w net.ipv4.conf.m0.arp_ignore=3 net.ipv4.conf.all.arp_ignore=2
ip netns exec c ping -c 1 -W 0.5 10.0.9.1 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 0.5 10.0.8.1 > /dev/null; echo rc=$?
ip -n c neigh show nud reachable | sort
ip -n c neigh flush all
ip netns exec m sysctl -w net.ipv4.conf.m0.arp_ignore=5 net.ipv4.conf.all.arp_ignore=4
ip netns exec c ping -c 1 -W 0.5 10.0.1.1 > /dev/null; echo rc=$?
ip -n c neigh show nud reachable | sort
