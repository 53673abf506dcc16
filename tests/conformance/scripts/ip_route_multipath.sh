# ip route add ... nexthop ... (multipath): its listing, -o and -j views, checks and errors, a dead nexthop.
ip link add r0 type veth peer name r1
ip link set r0 up
ip link set r1 up
ip addr add 10.1.0.1/24 dev r0
ip link add s0 type veth peer name s1
ip link set s0 up
ip link set s1 up
ip addr add 10.2.0.1/24 dev s0
ip route add 10.64.0.0/16 nexthop via 10.1.0.250 weight 1 nexthop via 10.2.0.251 weight 2
ip route add 10.65.0.0/16 proto static metric 5 nexthop via 10.1.0.250 nexthop dev s0
ip route add 10.66.0.0/16 nexthop via 10.1.0.250
ip route add 10.67.0.0/16 nexthop via 10.9.0.250 nexthop via 10.1.0.3
ip route add 10.68.0.0/16 nexthop via 10.1.0.250 weight 0
ip route add 10.68.0.0/16 nexthop via 10.1.0.250 weight 257
ip route add 10.68.0.0/16 nexthop
ip route add 10.68.0.0/16 nexthop via 10.1.0.250 bogus
ip route add 10.69.0.0/16 nexthop via 10.1.0.250 dev nosuch
ip route add 10.70.0.0/16 via 10.1.0.9 nexthop via 10.1.0.250
ip route add 10.71.0.0/16 nexthop via 10.1.0.250 onlink nexthop via 10.2.0.7 dev s0
ip route
ip -o route
ip -j route show 10.64.0.0/16
ip -j -p route show 10.65.0.0/16
ip route get 10.65.1.1
ip route del 10.64.0.0/16
ip route show 10.65.0.0/16
ip link set s0 down
ip route show 10.65.0.0/16
ip route get 10.65.1.2
ip -d route show 10.65.0.0/16
ip link set r0 down
ip route
ip link set r0 up
ip link set s0 up
ip route add 10.72.0.0/16 nexthop via 10.1.0.250 nexthop via 10.2.0.250
ip link del s0
ip route
ip route flush 10.72.0.0/16
