# What curl reports for a TCP connection REJECTed or DROPped on a router (each reject type), and with no listener.
. topologies/a_r_b.sh
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
