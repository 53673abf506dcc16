# Found by the wide random scripts: with an oif, the route lookup takes only routes whose nexthop is that device, local
# ones too (fib_lookup_good_nhc), else it assumes the destination on link through the oif; a route out through lo is
# RTCF_LOCAL ("cache <local>") and its source comes from inet_select_addr at the route's scope (lo's 127.0.0.1 is host
# scope: another device's address).
ip link add v0 type veth peer name v0p
ip link add br0 type bridge
ip link set v0p master br0
ip addr add 10.1.0.1/24 dev v0
ip addr add 10.2.0.1/24 dev br0
ip link set v0 up
ip link set v0p up
ip link set br0 up
ip route add 10.60.0.0/24 dev lo
sleep 2
ip route get 10.2.0.1 oif v0
ip route get 10.2.0.1 oif v0p
ip route get 10.1.0.1 oif br0
ip route get 10.1.0.1 oif lo
ip route get 10.1.0.1 oif v0
ip route get 10.60.0.1 oif v0
ip route get 127.0.0.1 oif v0
ip route get 127.0.0.1 oif lo
ip route get 10.2.0.255 oif v0
ip route get 10.1.0.7 oif br0
ip route get 10.60.0.1
ip route get 10.60.0.1 oif lo
ip route get 10.70.0.1 oif lo
ip route get 127.0.0.5
ip route get 10.1.0.1 oif lo from 10.1.0.1
