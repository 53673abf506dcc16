# ARP flux: host m has two NICs on one LAN (m0 10.0.0.1, m1 10.0.0.2, both on c's bridge). With arp_ignore=0 both answer every request and the first answer stays (the second comes within locktime); the bridge floods its newest port first, so the NIC enslaved last wins for both addresses. arp_ignore=1 makes each NIC answer only for its own address. A VIP on m's lo as kube-proxy's IPVS mode puts it: arp_ignore=1 keeps m from answering for it, arp_announce=2 keeps m's own requests from announcing it (with 0, c learns the VIP at m0's MAC).
ip netns add s
ip netns add c
ip netns add m
ip -n s link add br0 type bridge
ip -n s link set br0 up
ip link add vc netns c address 02:0e:00:00:00:0c type veth peer name pc netns s
ip link add m0 netns m address 02:0e:00:00:00:10 type veth peer name p0 netns s
ip link add m1 netns m address 02:0e:00:00:00:11 type veth peer name p1 netns s
ip -n s link set pc master br0 up
ip -n s link set p1 master br0 up
ip -n s link set p0 master br0 up
ip -n c addr add 10.0.0.9/24 dev vc
ip -n c addr add 10.0.0.10/24 dev vc
ip -n c addr add 10.0.0.11/24 dev vc
ip -n c link set vc up
ip -n m addr add 10.0.0.1/24 dev m0
ip -n m addr add 10.0.0.2/24 dev m1
ip -n m link set m0 up
ip -n m link set m1 up
ip -n m neigh add 10.0.0.9 lladdr 02:0e:00:00:00:0c dev m0 nud permanent
ip -n m neigh add 10.0.0.9 lladdr 02:0e:00:00:00:0c dev m1 nud permanent
sleep 3
ip netns exec c ping -c 1 -W 1 10.0.0.1 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 1 10.0.0.2 > /dev/null; echo rc=$?
ip -n c neigh show nud reachable | sort
ip -n s link set p1 nomaster
ip -n s link set p1 master br0
ip -n c neigh flush all
ip netns exec c ping -c 1 -W 1 10.0.0.1 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 1 10.0.0.2 > /dev/null; echo rc=$?
ip -n c neigh show nud reachable | sort
ip -n c neigh flush all
ip netns exec m sysctl -w net.ipv4.conf.all.arp_ignore=1
ip netns exec c ping -c 1 -W 1 10.0.0.1 > /dev/null; echo rc=$?
ip netns exec c ping -c 1 -W 1 10.0.0.2 > /dev/null; echo rc=$?
ip -n c neigh show nud reachable | sort
ip -n m addr add 10.0.0.100/32 dev lo
ip netns exec c ping -c 1 -W 1 10.0.0.100 > /dev/null; echo rc=$?
ip -n c neigh show 10.0.0.100 | grep -o 'lladdr [^ ]*'
ip netns exec m ping -c 1 -W 1 -I 10.0.0.100 10.0.0.10 > /dev/null; echo rc=$?
ip -n c neigh show 10.0.0.100 | grep -o 'lladdr [^ ]*'
ip -n c neigh del 10.0.0.100 dev vc
ip netns exec m sysctl -w net.ipv4.conf.all.arp_announce=2
ip netns exec m ping -c 1 -W 1 -I 10.0.0.100 10.0.0.11 > /dev/null; echo rc=$?
ip -n c neigh show 10.0.0.100 | grep -o 'lladdr [^ ]*'
ip -n c neigh show 10.0.0.1 | grep -o 'lladdr [^ ]*'
