# What a client prints for each ICMP destination-unreachable code a router's REJECT sends back: ping's text per code, connect()'s errno (icmp_err_convert) in curl -v.
. topologies/a_r_b.sh
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec r iptables -A FORWARD -p icmp -d 10.2.0.2 -j REJECT --reject-with icmp-proto-unreachable
ip netns exec a ping -c 1 -W 1 10.2.0.2
ip netns exec r iptables -R FORWARD 1 -p icmp -d 10.2.0.2 -j REJECT --reject-with icmp-net-prohibited
ip netns exec a ping -c 1 -W 1 10.2.0.2
ip netns exec r iptables -R FORWARD 1 -p icmp -d 10.2.0.2 -j REJECT --reject-with icmp-host-prohibited
ip netns exec a ping -c 1 -W 1 10.2.0.2
ip netns exec r iptables -R FORWARD 1 -p icmp -d 10.2.0.2 -j REJECT --reject-with icmp-net-unreachable
ip netns exec a ping -c 1 -W 1 10.2.0.2
sleep 6
ip netns exec r iptables -A FORWARD -p tcp --dport 81 -j REJECT --reject-with icmp-net-unreachable
ip netns exec r iptables -A FORWARD -p tcp --dport 82 -j REJECT --reject-with icmp-host-unreachable
ip netns exec r iptables -A FORWARD -p tcp --dport 83 -j REJECT --reject-with icmp-proto-unreachable
ip netns exec r iptables -A FORWARD -p tcp --dport 84 -j REJECT --reject-with icmp-port-unreachable
ip netns exec r iptables -A FORWARD -p tcp --dport 85 -j REJECT --reject-with icmp-net-prohibited
ip netns exec r iptables -A FORWARD -p tcp --dport 86 -j REJECT --reject-with icmp-host-prohibited
ip netns exec a curl -sS -v -m 2 http://10.2.0.2:81/ 2>&1 | grep -i "failed\|curl:" | sed -E "s/after [0-9]+ ms/after N ms/"
ip netns exec a curl -sS -v -m 2 http://10.2.0.2:82/ 2>&1 | grep -i "failed\|curl:" | sed -E "s/after [0-9]+ ms/after N ms/"
ip netns exec a curl -sS -v -m 2 http://10.2.0.2:83/ 2>&1 | grep -i "failed\|curl:" | sed -E "s/after [0-9]+ ms/after N ms/"
ip netns exec a curl -sS -v -m 2 http://10.2.0.2:84/ 2>&1 | grep -i "failed\|curl:" | sed -E "s/after [0-9]+ ms/after N ms/"
ip netns exec a curl -sS -v -m 2 http://10.2.0.2:85/ 2>&1 | grep -i "failed\|curl:" | sed -E "s/after [0-9]+ ms/after N ms/"
ip netns exec a curl -sS -v -m 2 http://10.2.0.2:86/ 2>&1 | grep -i "failed\|curl:" | sed -E "s/after [0-9]+ ms/after N ms/"
