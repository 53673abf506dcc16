# Found by the wide random scripts (seed 637): an output lookup (ip route get DST from S, no iif) refuses a source that is
# none of the netns's addresses (Network is unreachable) and a multicast or broadcast one (Invalid argument); 0.0.0.0 is
# no source at all.
ip link add v0 type veth peer name v0p
ip addr add 10.1.0.1/24 dev v0
ip link set v0 up
ip route get 10.1.0.9 from 10.1.0.2
ip route get 10.1.0.9 from 10.1.0.1
ip route get 10.1.0.9 from 224.0.0.1
ip route get 10.1.0.9 from 0.0.0.0
ip route get 10.1.0.9 from 255.255.255.255
ip route get 10.1.0.9 from 10.1.0.2 oif v0
ip route get 255.255.255.255 from 10.1.0.2
ip route get 10.1.0.9 from 127.0.0.1
ip route get 10.1.0.9 from 10.1.0.2 iif v0
