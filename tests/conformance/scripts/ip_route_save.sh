# ip route save / restore / showdump: a dump behind the magic number, restored after a flush.
ip link add r0 type veth peer name r1
ip link set r0 up
ip link set r1 up
ip addr add 10.1.0.1/24 dev r0
ip route add 10.9.0.0/16 via 10.1.0.254
ip route add blackhole 10.8.0.0/16
ip route add 10.6.0.0/16 via 10.1.0.254 metric 20 proto static
ip route add 10.7.0.0/16 via 10.1.0.254 table 100
ip route save > /tmp/ip_route_save.main
ip route flush table main
ip route
ip route restore < /tmp/ip_route_save.main
ip route
ip route restore < /tmp/ip_route_save.main
ip route showdump < /tmp/ip_route_save.main
ip route save table 100 > /tmp/ip_route_save.t100
ip route flush table 100
ip route restore < /tmp/ip_route_save.t100
ip route show table 100
ip route save dev r0 | ip route showdump
echo garbage > /tmp/ip_route_save.garbage
ip route restore < /tmp/ip_route_save.garbage
ip route restore < /dev/null
ip route showdump < /tmp/ip_route_save.garbage
