# arp_announce: the sender address c's ARP requests carry, as m (which drops the pings) learns it: 0 the waiting packet's source when it is local (a secondary, lo's), 1 only when the target shares a subnet of the device with it, 2 never; otherwise (and for a probe nothing waits for) the device's primary address in the target's subnet (inet_select_addr). conf.all and the device's: the larger counts.
ip netns add c
ip netns add m
ip link add vc netns c address 02:0e:00:00:00:0c type veth peer name m0 netns m address 02:0e:00:00:00:10
ip -n c addr add 10.0.0.9/24 dev vc
ip -n c addr add 10.0.0.10/24 dev vc
ip -n c addr add 10.0.5.9/24 dev vc
ip -n c addr add 192.168.77.1/32 dev lo
ip -n c link set vc up
ip -n c link set lo up
ip -n m addr add 10.0.0.1/24 dev m0
ip -n m addr add 10.0.5.1/24 dev m0
ip -n m link set m0 up
ip netns exec m iptables -A INPUT -p icmp -j DROP
ip netns exec c ping -c 1 -W 0.5 -I 10.0.0.10 10.0.0.1 > /dev/null; echo rc=$?
ip -n m neigh show dev m0
ip -n m neigh flush dev m0
ip netns exec c ping -c 1 -W 0.5 -I 192.168.77.1 10.0.5.1 > /dev/null; echo rc=$?
ip -n m neigh show dev m0
ip -n m neigh flush dev m0
ip -n c neigh flush dev vc
ip netns exec c sysctl -w net.ipv4.conf.vc.arp_announce=1
ip netns exec c ping -c 1 -W 0.5 -I 192.168.77.1 10.0.0.1 > /dev/null; echo rc=$?
ip -n m neigh show dev m0
ip -n m neigh flush dev m0
ip netns exec c ping -c 1 -W 0.5 -I 10.0.0.9 10.0.5.1 > /dev/null; echo rc=$?
ip -n m neigh show dev m0
ip -n m neigh flush dev m0
ip -n c neigh flush dev vc
ip netns exec c ping -c 1 -W 0.5 -I 10.0.0.10 10.0.0.1 > /dev/null; echo rc=$?
ip -n m neigh show dev m0
ip -n m neigh flush dev m0
ip -n c neigh flush dev vc
ip netns exec c sysctl -w net.ipv4.conf.all.arp_announce=2
ip netns exec c ping -c 1 -W 0.5 -I 10.0.0.10 10.0.0.1 > /dev/null; echo rc=$?
ip -n m neigh show dev m0
ip -n m neigh flush dev m0
ip -n c neigh flush dev vc
ip netns exec c sysctl -w net.ipv4.conf.all.arp_announce=0 net.ipv4.conf.vc.arp_announce=2
ip netns exec c ping -c 1 -W 0.5 -I 10.0.0.9 10.0.5.1 > /dev/null; echo rc=$?
ip -n m neigh show dev m0
ip -n m neigh flush dev m0
ip netns exec c sysctl -w net.ipv4.conf.vc.arp_announce=3
ip -n c neigh replace 10.0.5.1 dev vc lladdr 02:0e:00:00:00:10 nud stale
ip netns exec c ping -c 1 -W 0.5 -I 10.0.0.10 10.0.5.1 > /dev/null; echo rc=$?
ip -n m neigh show dev m0
sleep 6
ip -n m neigh show dev m0
ip -n c neigh show dev vc
