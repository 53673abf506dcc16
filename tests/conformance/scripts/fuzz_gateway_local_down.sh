# Found by the wide random scripts (seed 852): a gateway that is a local address of a device that is down is found
# by fib_check_nh_v4_gw's lookup (a local route outlives its device's down: its nexthop scope is nowhere) and the
# route is refused with ENETDOWN ('RTNETLINK answers: Network is down'), not as an invalid gateway; without dev the
# lookup takes that local route first too, not another device's prefix route.
ip link add veth0 type veth peer name veth0p
ip addr add 10.12.0.1/24 dev veth0
ip addr add 10.12.0.2/24 dev veth0p
ip link set veth0p up
ip route add 10.69.0.0/24 via 10.12.0.1 dev veth0
ip route add 10.69.0.0/24 via 10.12.0.1
ip route add 10.69.0.0/24 via 10.12.0.2 dev veth0
ip route add 10.69.0.0/24 via 10.12.0.2
ip route add 10.70.0.0/24 via 10.12.0.2 dev veth0p
ip route add 10.71.0.0/24 via 10.12.0.1 dev veth0p
ip rule add unreachable
ip route add 10.72.0.0/24 via 10.12.0.1 dev veth0
ip route add 10.73.0.0/24 via 10.12.0.2 dev veth0p
ip link set veth0 up
ip route add 10.72.0.0/24 via 10.12.0.1 dev veth0
ip route show
