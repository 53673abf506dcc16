# Found by the wide random scripts (seed 619): flushing a device's last IPv4 address (fib_disable_ip) deletes its
# single-path routes, but a multipath route keeps that nexthop marked "dead linkdown" and uses the others; a new
# address brings it back (fib_sync_up); with every nexthop dead the route goes.
ip link set lo up
ip link add a0 type veth peer name a0p
ip link add b0 type veth peer name b0p
ip link set a0 up
ip link set a0p up
ip link set b0 up
ip link set b0p up
ip addr add 10.1.0.1/24 dev a0
ip addr add 10.2.0.1/24 dev b0
sleep 2
ip route add 10.50.0.0/24 nexthop via 10.1.0.9 dev a0 nexthop via 10.2.0.9 dev b0
ip route add 10.51.0.0/24 via 10.1.0.9 dev a0
ip route add 10.52.0.0/24 dev a0
ip route
ip addr flush dev a0
ip route
ip route get 10.50.0.7
ip addr add 10.1.0.1/24 dev a0
ip route
ip addr flush dev b0
ip addr flush dev a0
ip route
ip route get 10.50.0.7
