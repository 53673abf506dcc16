# A connect to a port whose SYNs are dropped: the kernel retransmits the SYN at 1, 2, 3, 4, 5, 7, 11... s (tcp_syn_linear_timeouts 4, then doubling); curl/nc give up at their timeouts; netstat -s counts the retransmissions (RetransSegs, TCPSynRetrans, TCPLostRetransmit) and one active open per connect.
. topologies/a_r_b.sh
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec b iptables -A INPUT -p tcp --dport 80 -j DROP
ip netns exec a curl -sS --connect-timeout 4 http://10.2.0.2/
ip netns exec a netstat -s | grep -i -E "retrans|active conn|failed conn|segments sent"
ip netns exec b iptables -L INPUT -v -n -x
ip netns exec a nc -w 2 10.2.0.2 80
ip netns exec a netstat -s | grep -i -E "retrans|active conn|failed conn|segments sent"
ip netns exec a curl -sS --connect-timeout 9 http://10.2.0.2/
ip netns exec b iptables -L INPUT -v -n -x
ip netns exec a netstat -s | grep -i -E "retrans|active conn|failed conn|segments sent"
ip netns exec a curl -sS --connect-timeout 1.5 http://10.2.0.2:80/
ip netns exec b iptables -L INPUT -v -n -x
ip netns exec a sysctl -w net.ipv4.tcp_syn_linear_timeouts=0
ip netns exec a curl -sS --connect-timeout 8 http://10.2.0.2/
ip netns exec b iptables -L INPUT -v -n -x
ip netns exec a netstat -s | grep -i -E "retrans|segments sent"
