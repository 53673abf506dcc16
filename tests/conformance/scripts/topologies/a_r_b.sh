# Hosts a (10.1.0.2) and b (10.2.0.2), each in its netns, joined by veths to router r (10.1.0.1, 10.2.0.1); default routes via r. Forwarding is left to the including script.
ip netns add a
ip netns add r
ip netns add b
ip link add va type veth peer name ra netns r
ip link set va netns a
ip link add vb type veth peer name rb netns r
ip link set vb netns b
ip -n a addr add 10.1.0.2/24 dev va
ip -n a link set va up
ip -n a link set lo up
ip -n r addr add 10.1.0.1/24 dev ra
ip -n r addr add 10.2.0.1/24 dev rb
ip -n r link set ra up
ip -n r link set rb up
ip -n r link set lo up
ip -n b addr add 10.2.0.2/24 dev vb
ip -n b link set vb up
ip -n b link set lo up
ip -n a route add default via 10.1.0.1
ip -n b route add default via 10.2.0.1
