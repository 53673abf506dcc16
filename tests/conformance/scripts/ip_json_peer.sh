# JSON views (-j, -j -p, -j -s) of links, addresses, routes and neighbours; a point-to-point address and its
# peer route; IPv6 addresses and routes.
ip link add v0 type veth peer name v1
ip link add br0 type bridge
ip link set v1 master br0
ip link set v0 up
ip link set v1 up
ip link set br0 up
ip addr add 10.1.0.1/24 dev v0
ip addr add 10.1.0.9 peer 10.1.0.10 dev v0
ip addr add 10.1.1.1/24 brd 10.1.1.255 dev br0
sleep 1
ip -j link show v0
ip -j -p link show v1
ip -j -s link show lo
ip -j -s -s link show lo
ip -j -s addr show lo
ip -4 -j addr show dev v0
ip -j -p -4 addr
ip -j route
ip -j route show table local
ip -j neigh
ip -j -p route show 10.1.0.0/24
ip -json -pretty link show lo
ip -4 addr show dev v0
ip -4 -o addr
ip route
ip -6 addr add 2001:db8::1/64 dev v0
ip -6 addr show dev v0
ip -6 route show root 2001:db8::/32
ip -6 route add 2001:db8:1::/64 via 2001:db8::2
ip -6 route show root 2001:db8::/32
ip -6 neigh
ip addr add 2001:db8::7/64 dev v0
ip -6 -o addr show dev v0 scope global
ip -6 addr del 2001:db8::1/64 dev v0
ip -6 -br addr show dev v0
