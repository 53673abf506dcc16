# Found by the random scripts (seed 55): an address on a DOWN device is still local (its local route's nexthop has scope nowhere and never dies): ip route get and ping reach it through lo; the subnet and broadcast routes do not come.
ip link set lo up
ip link add v0 type veth peer name v0p
ip addr add 10.11.0.1/24 dev v0p
ip route get 10.11.0.1
ping -c 1 -W 1 10.11.0.1
ip link set v0p up
ip link set v0p down
ip route show table local
ip route get 10.11.0.1
ping -c 1 -W 1 10.11.0.1
ip route get 10.11.0.1 from 10.11.0.1
ip route get 10.11.0.2
ip route get 10.11.0.255
