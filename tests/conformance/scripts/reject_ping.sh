# What ping shows for each REJECT type on a router (one second apart: the router rate-limits its ICMP errors), and for REJECT in INPUT and OUTPUT.
. topologies/a_r_b.sh
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r iptables -A FORWARD -p icmp -j REJECT
ip netns exec a ping -c 1 -W 1 10.2.0.2
sleep 1
ip netns exec r iptables -R FORWARD 1 -p icmp -j REJECT --reject-with icmp-net-unreachable
ip netns exec a ping -c 1 -W 1 10.2.0.2
sleep 1
ip netns exec r iptables -R FORWARD 1 -p icmp -j REJECT --reject-with icmp-host-unreachable
ip netns exec a ping -c 1 -W 1 10.2.0.2
sleep 1
ip netns exec r iptables -R FORWARD 1 -p icmp -j REJECT --reject-with icmp-proto-unreachable
ip netns exec a ping -c 1 -W 1 10.2.0.2
sleep 1
ip netns exec r iptables -R FORWARD 1 -p icmp -j REJECT --reject-with icmp-net-prohibited
ip netns exec a ping -c 1 -W 1 10.2.0.2
sleep 1
ip netns exec r iptables -R FORWARD 1 -p icmp -j REJECT --reject-with icmp-host-prohibited
ip netns exec a ping -c 1 -W 1 10.2.0.2
sleep 1
ip netns exec r iptables -R FORWARD 1 -p icmp -j REJECT --reject-with icmp-admin-prohibited
ip netns exec a ping -c 1 -W 1 10.2.0.2
sleep 1
ip netns exec r iptables -R FORWARD 1 -p icmp -j DROP
ip netns exec a ping -c 1 -W 1 10.2.0.2
ip netns exec r iptables -F
ip netns exec r iptables -A INPUT -p icmp -j REJECT --reject-with icmp-host-prohibited
ip netns exec a ping -c 2 -i 0.3 -W 1 10.1.0.1
ip netns exec a iptables -A OUTPUT -p icmp -j REJECT
ip netns exec a ping -c 2 -i 0.3 -W 1 10.2.0.2
ip netns exec a iptables -R OUTPUT 1 -p icmp -j DROP
ip netns exec a ping -c 1 -W 1 10.2.0.2
ip netns exec a iptables -L OUTPUT -v -n
ip netns exec r iptables -L INPUT -v -n
