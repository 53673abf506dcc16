# traceroute output details: names from /etc/hosts, -N 1, -z, -f/-m windows, -q, a hop that answers twice, packet length.
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
echo "10.2.0.2 server.lab" >> /etc/hosts
ip netns exec a traceroute 10.2.0.2
ip netns exec a traceroute server.lab
sleep 6
ip netns exec a traceroute -N 1 -q 2 10.2.0.2
sleep 6
ip netns exec a traceroute -n -z 0.1 -q 1 10.2.0.2
ip netns exec a traceroute -n -f 2 -m 2 -q 1 10.2.0.2
ip netns exec a traceroute -n -q 1 10.2.0.2 100
ip netns exec a traceroute -n -q 1 10.2.0.2 10
ip netns exec a traceroute -n -q 1 10.2.0.2 abc
ip netns exec a traceroute -n -q 1 -I 10.2.0.2 1000
ip netns exec a traceroute -n -q 1 10.1.0.1
ip netns exec a traceroute -n -q 1 10.1.0.2
ip netns exec a traceroute -V
ip netns exec a traceroute -n -Q 10.2.0.2
