# Typos and forgotten words a learner makes in the seed's commands, with the real messages and exit codes (each leaves the lab unchanged).
ip link add veth-red type veth peer name veth-blue
ip addr add 192.168.15.1/24 veth-red
ip addr add 192.168.15.1/24 dev
ip addr add 192.168.15.1/24 dev veth-red extra
ip addr add 192.168.15.1 /24 dev veth-red
ip addr add 192.168.15.1/24 dev veth-red
ip addr add 192.168.15.1/24 dev veth-red
ip addr add 192.168.15.2/24 dev veth-red brd
ip addr show veth-red up
ip link set veth-red upp
ip link sett veth-red up
ip link set dev veth-red
ip link set veth-red up down
ip linkk
ip l s veth-red up
ip a s veth-red | head -2
ip r
ip route add 192.168.2.0/24 via
ip route add 192.168.2.0/24 gw 192.168.15.9
ip route add 192.168.2.0/24 via 192.168.99.1
ip route add 192.168.2.0/24 via 192.168.15.9 dev veth-blue
ip route add default via 192.168.15.9
ip route add default via 192.168.15.8
ip route add 0.0.0.0 via 192.168.15.8
ip route add 0.0.0.0/0 via 192.168.15.8 metric 10
ip route
ip route del 192.168.3.0/24
ip route del default via 192.168.15.7
ip route del default
ip route del default
ip route del default
ip neigh del 192.168.15.9 dev veth-red
ip neigh add 192.168.15.9 dev veth-red
ip neigh replace 192.168.15.9 lladdr 02:00:00:00:00:09 dev veth-red
ip neigh add 192.168.15.9 lladdr 02:00:00:00:00:09 dev veth-red
ip netns add red
ip netns add red
ip netns exec red
ip netns exec nonexist ip link
ip netns del nonexist
ip -n nonexist link
ip link set veth-blue netns nonexist
ip link set veth-blue netns red
ip link set veth-blue netns red
ip -n red link set veth-blue netns 1
sysctl -w net.ipv4.ip_forward = 1
sysctl net.ipv4.ip_forward=1
sysctl -w net.ipv4.ip_foward=1
cat /proc/sys/net/ipv4/ip_forward
echo 0 > /proc/sys/net/ipv4/ip_forward
echo 2 > /proc/sys/net/ipv4/ip_forward; echo rc=$?
cat /proc/sys/net/ipv4/ip_forward
ping
ping -c
ping -c 0 192.168.15.1
arp -d 192.168.15.77
route del default
route add default gw 192.168.15.9
route add -net 10.9.0.0 netmask 255.255.0.0 gw 192.168.15.9
route add -net 10.9.0.0/33 gw 192.168.15.9
route -n
iptables -A input -j ACCEPT
iptables -A INPUT -p tcp --dport 80 -j accept
iptables -A INPUT -p tcp --dport 80 -j ACCEPT extra
iptables -A INPUT --dport 80 -p tcp -j ACCEPT
iptables -A POSTROUTING -o veth-red -j MASQUERADE
iptables -t nat -A INPUT -j DNAT --to-destination 1.2.3.4
iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 1.2.3.4:99999
iptables -t nat -A POSTROUTING -j SNAT --to-source 1.2.3.4-1.2.3.2
iptables -L -t nat -n
iptables -S | wc -l
