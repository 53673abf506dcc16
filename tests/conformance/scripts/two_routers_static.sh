# Three subnets joined by two routers with static routes; ip_forward toggled per router; neigh and counters after traffic.
ip netns add a
ip netns add r1
ip netns add r2
ip netns add b
ip link add va type veth peer name r1a netns r1
ip link set va netns a
ip -n r1 link add r1r2 type veth peer name r2r1 netns r2
ip link add vb type veth peer name r2b netns r2
ip link set vb netns b
ip -n a addr add 192.168.1.10/24 dev va
ip -n r1 addr add 192.168.1.1/24 dev r1a
ip -n r1 addr add 10.0.12.1/30 dev r1r2
ip -n r2 addr add 10.0.12.2/30 dev r2r1
ip -n r2 addr add 192.168.2.1/24 dev r2b
ip -n b addr add 192.168.2.20/24 dev vb
for ns in a r1 r2 b; do ip -n $ns link set lo up; done
ip -n a link set va up
ip -n r1 link set r1a up
ip -n r1 link set r1r2 up
ip -n r2 link set r2r1 up
ip -n r2 link set r2b up
ip -n b link set vb up
ip -n a route add default via 192.168.1.1
ip -n b route add default via 192.168.2.1
ip -n a route
ip -n r1 route
ip netns exec a ping -c 1 -W 1 192.168.2.20
ip -n r1 route add 192.168.2.0/24 via 10.0.12.2
ip -n r2 route add 192.168.1.0/24 via 10.0.12.1 dev r2r1
ip -n r1 route add 192.168.3.0/24 via 10.0.13.1
ip -n r1 route add 192.168.3.0/24 via 192.168.2.1
ip -n r1 route add 192.168.3.0/24 via 10.0.12.2 dev r1a
ip -n r1 route show
ip -n r2 route show table main
ip netns exec a ping -c 1 -W 1 192.168.2.20
ip netns exec r1 sysctl net.ipv4.ip_forward
ip netns exec r1 sysctl -w net.ipv4.ip_forward=1
ip netns exec r2 sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
ip netns exec r2 cat /proc/sys/net/ipv4/ip_forward
ip netns exec a ping -c 2 -i 0.2 192.168.2.20
ip netns exec a traceroute -n -q 1 -w 1 192.168.2.20
ip -n r1 neigh show | sort
ip -n r2 neigh show dev r2r1 | sort
ip -n a neigh | sort
ip -n r1 route get 192.168.2.20
ip -n r1 route get 192.168.2.20 from 192.168.1.10 iif r1a
ip -n r1 route get 8.8.8.8
ip -n a route get 8.8.8.8
ip -n a route get 192.168.1.1
ip -n a route get 192.168.1.10
ip -n r2 -s link show lo
ip netns exec r1 sysctl -w net.ipv4.ip_forward=0
ip netns exec a ping -c 1 -W 1 192.168.2.20
ip -n r1 route del 192.168.2.0/24
ip -n r1 route del 192.168.2.0/24
ip -n r1 route del default
ip -n r1 route flush dev r1r2
ip -n r1 route
ip -n r1 -4 route flush table main
ip -n r1 route
