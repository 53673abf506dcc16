ip link add eth0 type veth peer name p0
ip link add mv0 link eth0 type macvlan mode bridge
ip link add mv1 link eth0 address 02:00:00:00:00:01 type macvlan mode bridge
ip link add mv2 link eth0 address 02:00:00:00:00:01 type macvlan mode bridge
ip link set mv1 up
ip link set mv2 up
ip link set mv0 address 02:00:00:00:00:01
ip link set mv0 mtu 1600
ip netns add x
ip link set eth0 netns x
ip link show mv0
ip -j link show mv0
ip -br link
ip link add br0 type bridge
ip link set mv0 master br0
ip link show mv0
ip link add mvn link mv0 type macvlan nodst
ip -n x link del eth0
ip link
ip link add mvz link lo type macvlan mode bridge
ip link add mv5 link br0 type macvlan mode passthru
ip -d link show mv5
ip link show br0
ip link add eth1 type veth peer name p1
ip netns add y
ip link add mv6 link eth1 netns y type macvlan mode bridge
ip -n y -d link show mv6
ip link add mv7 link eth1 type macvlan mode bridge
ip link set mv7 type macvlan mode vepa
ip -d link show mv7
ip link set mv7 type macvlan mode foo
ip link set eth1 up
ip link set mv7 up
ip link show mv7
ip link set eth1 down
ip link show mv7
ip route
ip addr add 10.1.0.1/24 dev mv7
ip route
ip link set eth1 up
ip link set p1 up
sleep 1
ip route
