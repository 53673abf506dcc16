# traceroute -s source, -i device, -p port, --sport, -t tos, -F, -r and their errors.
. topologies/a_r_b.sh
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
