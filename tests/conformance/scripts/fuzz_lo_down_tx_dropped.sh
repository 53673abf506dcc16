# Found by the random scripts (seed 60): with lo down, a packet to a local address goes out through lo's noop qdisc and is dropped: lo counts TX dropped (one per packet), RX nothing.
ip netns add red
ip link add veth-red type veth peer name veth-red-br
ip link set veth-red netns red
ip -n red addr add 10.11.0.1/24 dev veth-red
ip -n red link set veth-red up
ip link set veth-red-br up
sleep 1
ip netns exec red ping -c 2 -i 0.2 -W 1 10.11.0.204
ip -n red -s link show lo
ip netns exec red ping -c 1 -W 1 10.11.0.1
ip -n red -s link show lo
ip netns exec red ping -c 2 -i 0.2 -W 1 10.11.0.1
ip -n red -s link show lo
ip -n red link set lo up
ip netns exec red ping -c 1 -W 1 10.11.0.1
ip -n red -s -br link show lo
ip -n red -s link show lo
