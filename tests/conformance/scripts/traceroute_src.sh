# traceroute -s source, -i device, -p port, --sport, -t tos, -F, -r and their errors.
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
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec a traceroute -n -q 1 -s 10.1.0.2 10.2.0.2
ip netns exec a traceroute -n -q 1 -s 10.9.9.9 10.2.0.2
ip netns exec a traceroute -n -q 1 -i va 10.2.0.2
sleep 3
ip netns exec a traceroute -n -q 1 -i nosuch 10.2.0.2
ip netns exec a traceroute -n -q 1 -t 16 10.2.0.2
ip netns exec a traceroute -n -q 1 -F 10.2.0.2
sleep 3
ip netns exec a traceroute -n -q 1 -r 10.2.0.2
ip netns exec a traceroute -n -q 1 -r 10.1.0.1
ip netns exec a traceroute -n -q 1 --sport=40000 10.2.0.2
sleep 3
ip netns exec a traceroute -n -q 1 -g 10.1.0.1 10.2.0.2
ip netns exec a traceroute -n -q 1 -m 2 -p abc 10.2.0.2
ip netns exec a traceroute -n -q 1 -N 0 10.2.0.2
