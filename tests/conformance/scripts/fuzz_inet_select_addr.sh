# One inet_select_addr for route sources and MASQUERADE (devinet.c), measured: a primary address of the device
# within the route's scope (a gateway route: universe, so no link-scope address; a direct one: link), the one whose
# subnet holds the nexthop's gateway first (a direct route passes no address: the device's first); else the first
# such address of the netns's devices in device-list order (a device made later with a lower ifindex comes last).
# MASQUERADE asks the same with the route's nexthop and RT_SCOPE_UNIVERSE.
ip link set lo up
ip netns add p
ip netns add c
ip link add e0 type veth peer name e0p netns p
ip link add g0 type veth peer name g0p netns c
ip link add f0 type veth peer name f0p
ip link set e0 up
ip link set g0 up
ip -n p link set e0p up
ip -n c link set g0p up
ip addr add 10.1.0.1/24 dev e0
ip addr add 192.168.5.1/24 dev e0
ip addr add 10.50.0.1/24 dev g0 scope link
ip -n p addr add 192.168.5.254/24 dev e0p
ip -n p addr add 10.1.0.254/24 dev e0p
ip -n c addr add 10.50.0.2/24 dev g0p
ip -n c route add default via 10.50.0.1
ip route add default via 192.168.5.254
ip route add 10.1.0.128/25 dev e0
ip route get 8.8.8.8
ip route get 10.1.0.200
ip route get 192.168.5.9
ip route get 10.50.0.9
sysctl -qw net.ipv4.ip_forward=1
iptables -t nat -A POSTROUTING -o e0 -j MASQUERADE
iptables -t nat -A POSTROUTING -o y0 -j MASQUERADE
ip netns exec p iptables -t mangle -A PREROUTING -s 192.168.5.1 -p icmp
ip netns exec p iptables -t mangle -A PREROUTING -s 10.1.0.1 -p icmp
ip netns exec p iptables -t mangle -A PREROUTING -s 10.98.0.1 -p icmp
ip netns exec p iptables -t mangle -A PREROUTING -s 10.99.0.1 -p icmp
sleep 1
ip netns exec c ping -c 1 -W 1 8.8.8.8
ip netns exec c ping -c 1 -W 1 10.1.0.254
ip netns exec p iptables -t mangle -L PREROUTING -v -n -x | awk '{print $1}'
ip netns add x
ip netns add y
ip -n y link add ya type veth peer name yap
ip -n x link add xa type bridge
ip -n x link add xd type bridge
ip -n x link add xb type bridge
ip -n x link add xc type veth peer name xcp
ip -n x link del xd
ip -n x link set xa netns y
ip -n y link set ya netns x
ip -n x link show | grep -o "^[0-9]*: [a-z0-9]*" | sed "s/^[0-9]*: //" | tr "\n" " "
ip -n x addr add 10.99.0.1/24 dev ya
ip -n x addr add 10.98.0.1/24 dev xb
ip -n x link set xc up
ip -n x link set xcp up
ip -n x addr add 10.3.0.1/24 dev xc scope link
ip -n x addr add 10.4.0.1/24 dev xc scope site
ip -n x route add 10.70.0.0/24 via 10.3.0.254 dev xc
ip -n x route add 10.71.0.0/24 dev xc
ip -n x route get 10.70.0.5
ip -n x route get 10.71.0.5
ip -n x addr del 10.98.0.1/24 dev xb
ip -n x route get 10.70.0.5
ip -n x addr del 10.99.0.1/24 dev ya
ip -n x route get 10.70.0.5
