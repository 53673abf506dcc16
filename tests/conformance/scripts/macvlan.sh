ip link add eth0 type veth peer name p0
ip link add mv0 link eth0 type macvlan mode bridge
ip link set mv0 up
ip link show mv0
ip link set eth0 up
ip link show mv0
ip link set p0 up
sleep 1
ip link show mv0
ip -d link show mv0
ip link add mv9 link eth9 type macvlan
ip link add mvl link lo type macvlan
ip link add mvx type macvlan
ip link add mvx link eth0 type macvlan mode foo
ip link add mvx link eth0 type macvlan nopromisc
ip link add mvx link eth0 type macvlan foo
ip link add mv1 link mv0 type macvlan mode private
ip -d link show mv1
ip link add mv2 link eth0 type macvlan
ip -d link show mv2
ip link add mvp link eth0 type macvlan mode passthru
ip link add mvs link eth0 type macvlan mode source
ip -d link show mvs
ip link add mvm link eth0 mtu 9000 type macvlan
ip link add mvn link eth0 mtu 1400 type macvlan
ip link show mvn
ip link set mvn mtu 1600
ip link add br0 type bridge
ip link set eth0 master br0
ip link add q0 type veth peer name q1
ip link set q0 master br0
ip link add mvq link q0 type macvlan
ip link add mvb link br0 type macvlan mode bridge
ip link show mvb
ip netns add x
ip link set mv1 netns x
ip -n x link show mv1
ip netns add b
ip netns add c1
ip netns add c2
ip link set p0 netns b
ip -n b addr add 10.0.0.1/24 dev p0
ip -n b link set p0 up
ip addr add 10.0.0.2/24 dev eth0
ip link set mv0 netns c1
ip link add mv3 link eth0 type macvlan mode bridge
ip link set mv3 netns c2
ip -n c1 addr add 10.0.0.11/24 dev mv0
ip -n c1 link set mv0 up
ip -n c2 addr add 10.0.0.12/24 dev mv3
ip -n c2 link set mv3 up
sleep 1
ip -n c1 link show mv0
ip netns exec c1 ping -c1 -W1 10.0.0.1 | grep received
ip netns exec c1 ping -c1 -W1 10.0.0.12 | grep received
ping -c1 -W1 10.0.0.11 | grep received
ip netns exec b ping -c1 -W1 10.0.0.11 | grep received
ip netns add c3
ip link set mv2 netns c3
ip -n c3 addr add 10.0.0.13/24 dev mv2
ip -n c3 link set mv2 up
ip netns exec c1 ping -c1 -W1 10.0.0.13 | grep received
ip netns exec c3 ping -c1 -W1 10.0.0.1 | grep received
ip -d link show eth0
ip -n c3 link show mv2
ip -n c1 neigh show 10.0.0.12
ip neigh show 10.0.0.11
ip link del eth0
ip -n c1 link
ip -n x link
ip link
