# Two namespaces joined by a veth pair, as in the seed (addresses without a prefix are /32).
ip netns add red
ip netns add blue
ip netns
ip netns list
ip link
ip netns exec red ip link
ip -n red link
ip link add veth-red type veth peer name veth-blue
ip link
ip link set veth-red netns red
ip link set veth-blue netns blue
ip link
ip -n red addr add 192.168.15.1 dev veth-red
ip -n blue addr add 192.168.15.2 dev veth-blue
ip -n red link set veth-red up
ip -n blue link set veth-blue up
ip -n red addr
ip -n red route
ip netns exec red ping -c 1 192.168.15.2
ip netns exec red ip route get 192.168.15.2
ip -n red addr add 192.168.15.1/24 dev veth-red
ip -n blue addr add 192.168.15.2/24 dev veth-blue
ip -n red route
ip netns exec red ping -c 1 192.168.15.2
ip netns exec red arp -n
ip -n red neigh
ip netns exec blue route -n
ip netns exec red ip -br link
ip -n red link del veth-red
ip -n blue link
ip netns del blue
ip netns
