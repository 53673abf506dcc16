# IPv6 basics: addresses with nodad/home/mngtmpaddr (IPv4: warnings), autojoin needs multicast, routes via a
# local gateway refused, device routes without scope, neighbours, route get.
ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
ip -6 addr add 2001:db8::1/64 dev v0 nodad
ip -6 addr add 2001:db8::2/64 dev v1 nodad
ip -6 -o addr show dev v0 scope global
ip -6 route show 2001:db8::/64
ip -6 route add 2001:db8:5::/48 via 2001:db8::2
ip -6 route add 2001:db8:6::/48 via 2001:db8::9 dev v0 metric 5
ip -6 route show root 2001:db8::/32
ip -6 route del 2001:db8:6::/48
ip -6 route get 2001:db8:5::1
ip -6 neigh add 2001:db8::7 lladdr 02:00:00:00:00:07 dev v0
ip -6 neigh show dev v0 nud permanent
ip -6 addr del 2001:db8::1/64 dev v0
ip -6 -o addr show dev v0 scope global
ip -6 route add 2001:db8:7::/48 via 10.0.0.1
ip route add 2001:db8:8::/48 dev v0
ip -6 route show root 2001:db8::/32
ip -6 addr add 2001:db8::1/64 dev v0 nodad
ip -6 addr add 2001:db8::1/64 dev v0 nodad
ip addr add 10.0.0.5/24 dev v0 nodad home autojoin mngtmpaddr noprefixroute
ip addr add 10.0.0.6/24 dev v0 nodad home
ip -6 addr add 2001:db8::5/64 dev v0 nodad home mngtmpaddr
ip -6 addr add 2001:db8::6/64 dev v0 autojoin
ip -4 -o addr show dev v0
ip -6 -o addr show dev v0 scope global
ip -6 -j addr show dev v0 scope global
