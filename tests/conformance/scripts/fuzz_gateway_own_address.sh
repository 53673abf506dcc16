# Found by the wide random scripts: a gateway that is one of our own addresses is accepted, but fib_check_nh_v4_gw
# gives its nexthop scope host (the gateway's route is local), so the kernel does not use it as a gateway
# (rt_uses_gateway 0): `ip route get` shows no via and the destination itself is ARPed for on the device.
ip link set lo up
ip link add v0 type veth peer name v0p
ip link set v0 up
ip link set v0p up
ip addr add 10.1.0.1/24 dev v0
ip addr add 10.1.0.2/24 dev v0p
sleep 2
ip route add default via 10.1.0.1 dev v0
ip route add 10.50.0.0/24 via 10.1.0.1
ip route add 10.60.0.0/24 via 10.1.0.2 dev v0
ip route
ip route get 8.8.8.8
ip route get 10.50.0.7
ip route get 10.60.0.7
ping -c 1 -W 1 10.50.0.7
ping -c 1 -W 1 10.60.0.7
sleep 3
ip -4 neigh show dev v0 | sort
ip route add 10.70.0.0/24 via 10.1.0.2
ip route add 10.80.0.0/24 via 10.1.0.1 dev v0 onlink
ip route get 10.70.0.7
ip route get 10.80.0.7
ip route add 10.90.0.0/24 via 10.1.0.2 dev v0 onlink
ip route add 10.91.0.0/24 via 10.1.0.255 dev v0 onlink
ip route add 10.92.0.0/24 via 10.1.0.9 dev v0 onlink
ip route
