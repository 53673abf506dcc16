# What curl reports for a TCP connection REJECTed or DROPped on a router (each reject type), and with no listener.
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
ip netns exec a curl -sS -m 2 http://10.2.0.2/
ip netns exec r iptables -A FORWARD -p tcp -j REJECT
ip netns exec a curl -sS -m 2 http://10.2.0.2/
sleep 1
ip netns exec r iptables -R FORWARD 1 -p tcp -j REJECT --reject-with tcp-reset
ip netns exec a curl -sS -m 2 http://10.2.0.2/
ip netns exec r iptables -R FORWARD 1 -p tcp -j REJECT --reject-with icmp-host-unreachable
ip netns exec a curl -sS -m 2 http://10.2.0.2/
sleep 1
ip netns exec r iptables -R FORWARD 1 -p tcp -j REJECT --reject-with icmp-net-unreachable
ip netns exec a curl -sS -m 2 http://10.2.0.2/
sleep 1
ip netns exec r iptables -R FORWARD 1 -p tcp -j REJECT --reject-with icmp-proto-unreachable
ip netns exec a curl -sS -m 2 http://10.2.0.2/
sleep 1
ip netns exec r iptables -R FORWARD 1 -p tcp -j REJECT --reject-with icmp-admin-prohibited
ip netns exec a curl -sS -m 2 http://10.2.0.2/
sleep 1
ip netns exec r iptables -R FORWARD 1 -p tcp -j REJECT --reject-with icmp-host-prohibited
ip netns exec a curl -sS -m 2 http://10.2.0.2/
sleep 1
ip netns exec r iptables -R FORWARD 1 -p tcp -j REJECT --reject-with icmp-net-prohibited
ip netns exec a curl -sS -m 2 http://10.2.0.2/
