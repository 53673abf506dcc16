# Found by the wide random scripts (seed 450): a packet to a local address leaves through lo, so OUTPUT and POSTROUTING
# see -o lo, not the address's device (an '-o br0' SNAT rewrote pings to our own address and later lost them).
ip link add br0 type bridge
ip addr add 10.11.0.1/24 dev br0
ip link set br0 up
iptables -t nat -A POSTROUTING -o br0 -p icmp -j SNAT --to-source 10.12.0.200
iptables -A OUTPUT -o lo -p icmp
iptables -A OUTPUT -o br0 -p icmp
iptables -t nat -A POSTROUTING -o lo -p icmp
sleep 1
ping -c 1 -W 1 10.11.0.1
ip link set br0 down
ping -c 1 -W 1 10.11.0.1
ping -c 1 -W 1 127.0.0.1
conntrack -L -p icmp 2>/dev/null | sed -E 's/ [0-9]+ src/ T src/' | sort
iptables -L OUTPUT -v -n -x | awk '{print $1, $6, $7}'
iptables -t nat -L POSTROUTING -v -n -x | awk '{print $1, $6, $7}'
