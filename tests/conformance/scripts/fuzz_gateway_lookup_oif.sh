# Found by the random scripts (seed 197): `ip route add NET via GW dev DEV` looks GW up with DEV as the output interface (fib_check_nh_v4_gw sets flowi4_oif): a route through another device, the local route of GW included, does not count.
ip link set lo up
ip link add veth0 type veth peer name veth0p
ip addr add 10.11.0.1/24 dev veth0
ip link set veth0 up
ip addr add 10.11.0.2/24 dev veth0p
ip link set veth0p up
ip route add 10.65.0.0/24 via 10.11.0.1 dev veth0p
ip route add 10.66.0.0/24 via 10.11.0.1 dev veth0
ip route add 10.67.0.0/24 via 10.11.0.1
ip route add 10.68.0.0/24 via 10.11.0.2 dev veth0
ip link add veth1 type veth peer name veth1p
ip addr add 10.12.0.1/24 dev veth1
ip link set veth1 up
ip route add 10.69.0.0/24 via 10.12.0.5 dev veth0
ip route add 10.70.0.0/24 via 10.12.0.5 dev veth1
ip route add 10.71.0.0/24 via 10.11.0.9 dev veth1
ip route
