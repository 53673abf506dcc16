# traceroute output details: names from /etc/hosts, -N 1, -z, -f/-m windows, -q, a hop that answers twice, packet length.
. topologies/a_r_b.sh
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
