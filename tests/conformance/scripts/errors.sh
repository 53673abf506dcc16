# Error texts and exit codes of the seed's typos and common mistakes.
ip line add veth-red type veth peer name veth-blue
ip link set eth9 up
ip addr add 10.0.0.1/24 dev eth9
ip link show eth9
ip link add v0 type veth peer name v1
ip link add v0 type veth peer name v2
ip link add v1 type bridge
ip addr add 10.1.1.1/24 dev v0
ip addr add 10.1.1.1/24 dev v0
ip link set v0 up
ip link set v1 up
ping -c 1 10.9.9.9
ip route add 10.2.0.0/24 via 10.3.0.1
ip route add default via 10.3.0.1
ip route add 0.0.0.0 via 10.1.1.254
ip route
ip route del 10.5.0.0/24
ip netns exec nosuch ip link
ip -n nosuch link
ip netns add red
ip netns add red
ip netns del nosuch
ip link del v0
ip link show v1
ip link set v9 netns red
ip link set lo netns nosuch
ip addr del 10.1.1.1/24 dev lo
ip nonsense
ip link frobnicate
foo
iptables -A FORWARD -j NOSUCHCHAIN
iptables -t nosuch -L
iptables -L FOO
iptables -N FOO
iptables -N FOO
iptables -S
sysctl net.ipv4.no_such_key
sysctl -w net.ipv4.ip_forward=1
cat /proc/sys/net/ipv4/ip_forward
