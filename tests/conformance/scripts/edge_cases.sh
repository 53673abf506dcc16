# Less common inputs: bad addresses and prefixes, unknown device types, tables, lo, iptables edges.
ip addr add 10.0.0.1 dev lo
ip addr show dev lo
ip addr add 300.1.1.1/24 dev lo
ip addr add 10.0.0.1/33 dev lo
ip route add 10.0.0.0/8 dev nosuch
ip route add 10.0.0.1/8 via 127.0.0.1
ip link add name x0 type dummy
ip link add name x0 type vlan id 5
ip neigh add 10.0.0.9 lladdr zz dev lo
ip -4 route show table local
ip route show table main
ping -c 1 127.0.0.2
ping -c 1 -W 1 10.0.0.1
ip link set dev lo down
ping -c 1 127.0.0.1
ip route
ip link set dev lo up
ip netns exec
ip -n
ip link show dev
iptables -P FORWARD DROP
iptables -L FORWARD
iptables -P FORWARD ACCEPT
iptables -A INPUT -p tcp --dport 22 -j REJECT
iptables -L INPUT -n --line-numbers
iptables -D INPUT 1
iptables -D INPUT 1
iptables -t nat -L -n -v
sysctl net.ipv4.conf.all.forwarding
cat /proc/sys/net/ipv4/conf/lo/forwarding
echo 1 > /proc/sys/net/ipv4/ip_forward
sysctl net.ipv4.conf.all.forwarding net.ipv4.conf.lo.forwarding
