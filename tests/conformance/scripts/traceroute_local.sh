# traceroute to a local address other than the primary one (127.0.0.7 on lo's 127/8): the port unreachable comes from the address probed (the kernel's __icmp_send takes saddr = daddr for a local route), so the hop is 127.0.0.7, not 127.0.0.1.
ip netns add a
ip -n a link set lo up
ip netns exec a traceroute 127.0.0.7
ip netns exec a traceroute -n -q 1 127.0.0.5
ip -n a link add va type veth peer name vb
ip -n a addr add 10.0.0.1/24 dev va
ip -n a addr add 10.0.0.9/24 dev va
ip -n a link set va up
ip netns exec a traceroute -n -q 1 10.0.0.9
