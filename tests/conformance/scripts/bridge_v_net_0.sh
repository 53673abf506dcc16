# The seed's Linux bridge v-net-0 joining red and blue, with an address on the host.
ip netns add red
ip netns add blue
ip link add v-net-0 type bridge
ip link set dev v-net-0 up
ip link add veth-red type veth peer name veth-red-br
ip link add veth-blue type veth peer name veth-blue-br
ip link set veth-red netns red
ip link set veth-red-br master v-net-0
ip link set veth-blue netns blue
ip link set veth-blue-br master v-net-0
ip -n red addr add 192.168.15.1/24 dev veth-red
ip -n blue addr add 192.168.15.2/24 dev veth-blue
ip -n red link set veth-red up
ip -n blue link set veth-blue up
ip link set veth-red-br up
ip link set veth-blue-br up
# the kernel's linkwatch sets a bridge's operstate a moment after its ports come up
sleep 1
ip link show type bridge
ip link show master v-net-0
ip addr add 192.168.15.5/24 dev v-net-0
ip addr show v-net-0
ip route
ip netns exec red ping -c 1 192.168.15.2
ping -c 1 192.168.15.1
bridge link
bridge fdb show br v-net-0 | grep -v permanent | wc -l
ip netns exec blue ping -c 1 -W 1 192.168.1.3
ip netns exec blue ip route add default via 192.168.15.5
ip netns exec blue ping -c 1 -W 1 192.168.1.3
ip link set veth-red-br nomaster
ip link show master v-net-0
ip link del v-net-0
ip link show type bridge
