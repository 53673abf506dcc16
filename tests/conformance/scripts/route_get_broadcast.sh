# ip route get of broadcast and martian addresses: a subnet or limited broadcast arriving (dev lo, <local,brd>), the limited broadcast sent out of a device, 127.0.0.1 arriving on a device (martian: Invalid argument), the network address.
ip link add v0 type veth peer name v1
ip addr add 10.0.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
ip route get 10.0.0.255
ip route get 10.0.0.255 from 10.0.0.7 iif v0
ip route get 255.255.255.255
ip route get 255.255.255.255 from 10.0.0.7 iif v0
ip route get 10.0.0.0 from 10.0.0.7 iif v0
ip route get 10.0.0.0
ip route get 255.255.255.255 oif v0
ip route get 224.0.0.1
ip route get 0.0.0.0
ip route get 127.0.0.1 from 10.0.0.7 iif v0
