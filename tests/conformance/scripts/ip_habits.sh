# Habits from net-tools and typos: missing keywords, gw, wildcard delete, a bridge's carrier and linkdown routes,
# flushing and re-adding a kernel route.
ip link add eth0 type veth peer name eth1
ip link set eth0 up
ip link set eth1 up
ip addr add 10.0.0.1/24 eth0
ip addr add 10.0.0.1/24 dev eth0
ip route add 10.1.0.0/24 gw 10.0.0.2
ip route add default gw 10.0.0.2
ip route add 10.2.0.0/24 dev eth0 via 10.0.0.2
ip route del default
ip neigh add 10.0.0.2 02:00:00:00:00:01 dev eth0
ip addr del 10.0.0.1 dev eth0
ip addr add 10.0.0.1/24 dev eth0
ip addr show eth0 up
ip link set up eth0
ip link delete eth1 type veth
ip link add br0 type bridge
ip link set br0 up
ip addr add 10.5.0.1/24 dev br0
ip route
ip -br link show br0
ip link add v0 type veth peer name v1
ip link set v0 master br0
sleep 1
ip route
ip link set v0 up
sleep 1
ip -br link show br0
ip route
ip link set v1 up
sleep 1
ip route
ip -br link
ip addr add 10.5.0.1/24 dev br0
ip addr add 10.5.0.1/16 dev br0
ip -4 -o addr show dev br0
ip route flush dev br0
ip route
ip route show dev br0
ip route add 10.5.0.0/24 dev br0 proto kernel scope link src 10.5.0.1
ip route
