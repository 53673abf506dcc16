# Found by the wide random scripts (seed 609): the on-link fallback of an oif lookup takes its source from
# inet_select_addr(oif, 0, RT_SCOPE_LINK): never lo's host-scope 127.0.0.1, even for a 127.x destination.
ip link add br0 type bridge
ip link add v0 type veth peer name v0p
ip link set v0p master br0
ip addr add 10.11.0.3/24 dev br0
ip link set br0 up
ip link set v0p up
ip link set v0 up
sleep 2
ip route get 127.0.0.1 oif v0p
ip route get 127.0.0.1 oif v0
ip route get 10.60.0.1 oif v0p
ip route get 10.11.0.9 oif v0p
ip route get 10.11.0.3 oif v0p
ip addr add 10.12.0.1/24 dev v0
ip route get 127.0.0.1 oif v0
ip route get 10.60.0.1 oif v0
ip route get 10.60.0.1 oif lo
