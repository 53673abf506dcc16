# ip route ... via default / via 0.0.0.0: with the family known the gateway is the zero address, which the kernel takes as no gateway (a device route of scope global; none without dev: No such device); before any address, a 0-length gateway fails policy validation.
ip link set lo up
ip link add v0 type veth peer name v1
ip addr add 10.5.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
ip route add 10.0.0.0/8 via default
ip route replace 10.0.0.0/8 via default
ip route add 10.0.0.0/8 via default dev lo
ip -4 route add 10.9.0.0/16 via default
ip route replace 192.168.15.1 via default
ip route add via default 10.0.0.0/8
ip route add 10.1.0.0/16 via 0.0.0.0 dev v0
ip route add 10.2.0.0/16 via 0.0.0.0
ip route add 10.3.0.0/16 via 0.0.0.0 dev v0 scope link
ip route
ip route get 10.1.2.3
ip route del 10.0.0.0/8 via default
ip route del 10.1.0.0/16 via 0.0.0.0
ip route
ip -6 route add 2001:db8::/64 via :: dev v0
ip -6 route add 2001:db9::/64 via ::
ip -6 route add 2001:dba::/64 via default dev v0
