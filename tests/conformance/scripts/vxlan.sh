ip link add veth0 type veth peer name veth1
ip addr add 10.0.0.1/24 dev veth0
ip link set veth0 up
ip link add vxlan0 type vxlan id 42 dev veth0 dstport 4789 remote 10.0.0.2 local 10.0.0.1 nolearning
ip -d link show vxlan0
ip link add flannel.1 type vxlan id 1 dev veth0 dstport 8472 local 10.0.0.1 nolearning
ip -d link show flannel.1
ip link add vx2 type vxlan id 7 group 239.1.1.1 dev veth0
ip -d link show vx2
ip link add vx3 type vxlan id 8
ip link show vx3
bridge fdb replace 02:22:33:44:55:66 dev flannel.1 dst 10.0.0.7
bridge fdb replace 02:22:33:44:55:66 dev flannel.1 dst 10.0.0.8
bridge fdb show dev flannel.1
ip link add vx4 type vxlan id 9 dstport 0
ip link add vx5 type vxlan id 9 dstport 8472
ip link set vxlan0 up
ip link set flannel.1 up
ip link show
ss -lun | sort
bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 10.0.0.3
bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 10.0.0.3
bridge fdb add 00:00:00:00:00:00 dev vxlan0 dst 10.0.0.4
bridge fdb add 11:22:33:44:55:66 dev flannel.1 dst 10.0.0.9
bridge fdb add 11:22:33:44:55:77 dev flannel.1
bridge fdb show dev vxlan0
bridge fdb show
bridge fdb del 11:22:33:44:55:66 dev flannel.1 dst 10.0.0.8
bridge fdb del 11:22:33:44:55:88 dev flannel.1
bridge fdb replace 11:22:33:44:55:66 dev flannel.1 dst 10.0.0.7
bridge fdb show dev flannel.1
ip link add br0 type bridge
ip link set vx3 master br0
ip link show vx3
bridge fdb replace 02:22:33:44:55:66 dev flannel.1 dst 10.0.0.7
bridge fdb replace 02:22:33:44:55:66 dev flannel.1 dst 10.0.0.8
bridge fdb show dev flannel.1
ip link add vx type vxlan dstport 4789
ip link add vx type vxlan id 16777216 dstport 4789
ip link add vx type vxlan id abc dstport 4789
ip link add vx type vxlan id 5 remote 239.1.1.1 dstport 4789
ip link add vx type vxlan id 5 group 10.1.1.1 dstport 4789
ip link add vx type vxlan id 5 group 239.1.1.1 dstport 4789
ip link add vx type vxlan id 5 dev nosuch dstport 4789
ip link add vx type vxlan id 5 remote 1.2.3.4 group 239.1.1.1 dstport 4789
ip link add vx type vxlan id 5 dstport 70000
ip link add vx type vxlan id 5 dstport 4789 bogus
ip link add vx type vxlan id 5 dstport 4789 remote foo
ip link del vxlan0
ss -lun | sort
