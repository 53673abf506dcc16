# ping -I ADDRESS binds the source and does not connect(): no route (or an unreachable/prohibit/blackhole route, a broadcast) is a silent loss, rc 1; without -I it is connect's error, rc 2; -I DEVICE sends on-link.
ip netns add a
ip -n a link set lo up
ip -n a link add va type veth peer name vb
ip -n a addr add 10.0.0.1/24 dev va
ip -n a link set va up
ip -n a link set vb up
ip netns exec a ping -c 1 -W 1 -I 10.0.0.1 10.9.9.9
ip netns exec a ping -c 2 -i 0.2 -W 1 -I 10.0.0.1 10.9.9.9
ip netns exec a ping -q -c 2 -i 0.2 -I 10.0.0.1 10.9.9.9
ip netns exec a ping -n -c 1 -W 1 -I 127.0.0.1 10.9.9.9
ip netns exec a ping -w 1 -i 0.3 -I 10.0.0.1 10.9.9.9
ip netns exec a ping -c 1 -W 1 10.9.9.9
ip netns exec a ping -c 1 -W 1 -I 10.0.0.2 10.9.9.9
ip netns exec a ping -c 1 -W 1 -I 10.0.0.1 255.255.255.255
ip netns exec a ping -c 1 -W 1 -I 10.0.0.1 10.0.0.255
ip -n a route add unreachable 10.8.0.0/16
ip -n a route add prohibit 10.7.0.0/16
ip -n a route add blackhole 10.6.0.0/16
ip netns exec a ping -c 1 -W 1 -I 10.0.0.1 10.8.0.1
ip netns exec a ping -c 1 -W 1 -I 10.0.0.1 10.7.0.1
ip netns exec a ping -c 1 -W 1 -I 10.0.0.1 10.6.0.1
ip netns exec a ping -c 1 -W 1 10.8.0.1
ip netns exec a ping -c 1 -W 1 10.6.0.1
ip netns exec a ping -c 1 -W 1 -I 10.0.0.1 127.0.0.1
ip netns exec a ping -c 1 -W 1 -I 10.0.0.1 10.0.0.1
ip netns exec a ping -c 1 -W 1 -I va 10.9.9.9
ip netns exec a ping -b -c 1 -W 1 -I 10.0.0.1 10.0.0.255
ip -n a link set va down
ip netns exec a ping -c 1 -W 1 -I va 10.0.0.9
ip netns exec a ping -c 1 -W 1 -I 10.0.0.1 10.0.0.9
ip netns exec a ping -c 1 -W 1 10.0.0.9
