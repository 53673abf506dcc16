# /proc/net/route, arp, fib_trie and fib_triestat of a bridge lab (host + netns red): the route file's hex words, flags and 127-column lines, arp's columns and flags (NOARP entries left out), the trie's nodes per table (merged local/main until an IPv4 rule is added or deleted: an IPv6 rule leaves them merged; split for good), each in its own netns. A proxy entry without a device outlives its netns on Linux 6.18 and shows in /proc/net/arp of a later netns that reuses its struct net (seen in dp_ping_lan's kernel side), so the script deletes it.
cat /proc/net/route
ip link add br0 type bridge
ip link add v0 type veth peer name v1
ip netns add red
ip netns exec red cat /proc/net/route
ip netns exec red cat /proc/net/fib_trie
ip link set v0 netns red
ip link set v1 master br0
ip addr add 10.0.0.1/24 dev br0
ip -n red addr add 10.0.0.2/24 dev v0
ip -n red link set v0 up
ip -n red link set lo up
ip link set v1 up
ip link set br0 up
ip -n red route add default via 10.0.0.1
ip route add 192.168.5.0/24 via 10.0.0.2 metric 50
ip route add 172.16.0.0/16 dev br0
ip route add blackhole 10.9.0.0/16
ip route add unreachable 10.10.0.0/16
ip route add prohibit 10.11.0.0/16
ip route add 10.12.0.5 via 10.0.0.2
ip route add 10.13.0.0/16 via 10.0.0.2 table 100
ip route add 10.14.0.0/16 via 10.0.0.2 advmss 1400 window 5000 rtt 80ms
ip neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev br0
ip neigh add 10.0.0.10 dev br0 nud noarp lladdr 02:00:00:00:00:0a
sleep 1
ip netns exec red ping -c1 -W1 10.0.0.1 > /dev/null
cat -A /proc/net/route
ip netns exec red cat /proc/net/route
cat /proc/net/arp | sort
ip netns exec red cat /proc/net/arp
cat /proc/net/fib_trie
ip netns exec red cat /proc/net/fib_trie
cat /proc/net/fib_triestat
ip route del 10.12.0.5
ip addr add 10.0.0.100/24 dev br0
ip addr add 10.20.30.40/32 dev br0
cat /proc/net/fib_trie
ip -6 rule add from 2001:db8::1 table 100
cat /proc/net/fib_trie | grep -c LOCAL
ip rule add from 10.0.0.2 table 100
cat /proc/net/fib_trie
ip rule del from 10.0.0.2 table 100
cat /proc/net/fib_trie | grep -c LOCAL
ip link set br0 down
cat /proc/net/route
cat /proc/net/fib_trie
cat /proc/net/fib_triestat
for i in $(seq 0 99); do ip route add 10.$((i/50)).$((i%50)).0/24 dev lo table 200; done; cat /proc/net/fib_triestat | sed -n '/Id 200/,/Total/p'
arp -s 10.0.0.50 02:00:00:00:00:50 pub
ip neigh add proxy 10.0.0.51
cat /proc/net/arp
ip neigh del proxy 10.0.0.51
echo 1 > /proc/net/route
echo x >> /proc/net/arp
echo 1 > /proc/net/nope
cat /proc/net/nope
ls /proc/net/ | grep -xE 'arp|dev|fib_trie|route|snmp|netstat|tcp|udp|tcp6|udp6|stat|igmp|if_inet6|ipv6_route|sockstat'
ip route add 10.1.0.0/16 dev lo table 1; ip route add 10.2.0.0/16 dev lo table 257; ip route add 10.3.0.0/16 dev lo table 513
ip route add 10.5.0.0/16 dev lo table 510; cat /proc/net/fib_trie | grep -v '^ '
