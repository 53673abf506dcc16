# Echo replies to a broadcast ping come from the answering machine's own address on that network (fib_compute_spec_dst), never from the broadcast address; a unicast ping is answered from the address it was sent to (a secondary one too).
ip netns add a
ip netns add b
ip -n a link add va type veth peer name vb netns b
ip -n a addr add 10.9.0.1/24 dev va
ip -n b addr add 10.9.0.2/24 dev vb
ip -n b addr add 10.9.0.3/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip netns exec b sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=0
sleep 1
ip netns exec a ping -c 2 -i 0.2 -b 10.9.0.255 | head -3
ip netns exec a ping -c 1 10.9.0.3 | head -2
ip netns exec a ping -c 1 -b 255.255.255.255 -I va | head -2
