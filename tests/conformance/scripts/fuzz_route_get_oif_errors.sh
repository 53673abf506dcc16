# Found by the wide random scripts: with an oif, a lookup that ends in an error route or rule (unreachable, blackhole,
# prohibit) also assumes the destination on link through the oif (ip_route_output_key_hash_rcu takes any fib_lookup
# error so); ip route get prints a mark of 16 or more in hex.
ip link add v0 type veth peer name v0p
ip addr add 10.1.0.1/24 dev v0
ip link set v0 up
ip link set v0p up
ip route add unreachable 10.70.0.0/16
ip route add blackhole 10.71.0.0/16
ip route add prohibit 10.72.0.0/16
ip route get 10.70.0.1
ip route get 10.70.0.1 oif v0
ip route get 10.70.0.1 oif lo
ip route get 10.71.0.1 oif v0
ip route get 10.71.0.1 oif lo
ip route get 10.72.0.1 oif v0
ip route get 10.72.0.1 oif lo
ip route get 10.73.0.1 oif lo
ip route get 10.1.0.9 mark 15
ip route get 10.1.0.9 mark 16
ip route get 10.1.0.9 mark 0xffffffff
ip -j route get 10.1.0.9 mark 16
ip rule add oif v0 prohibit
ip rule add fwmark 3/0xff table 100
ip route add 10.61.0.0/16 via 10.1.0.5 table 100
ip route get 10.61.1.1 oif v0
ip route get 10.61.1.1 mark 0x103
ip route get 10.61.1.1 mark 3 oif v0
ip route get 10.1.0.9 oif v0
ip link set v0 down
ip route get 10.70.0.1 oif v0
ip route get 10.1.0.9 oif v0
ip route add 10.61.0.0/16 via 10.1.0.5 table 100
ip route add 10.61.0.0/16 via 10.1.0.6 table 200
ip route add default via 10.1.0.7 table 200
ip rule add fwmark 3/0xff table 100
ip rule add from 10.1.0.1 table 200
ip rule add to 10.61.5.0/24 lookup 100 priority 50
ip rule add iif v0 table 200
ip rule add oif v0 prohibit
ip rule add from all unreachable priority 40000
ip rule add fwmark 0x2 goto 32766
ip rule add priority 32765 table 100
ip rule
ip route get 10.61.1.1
ip route get 10.61.1.1 mark 3
ip route get 10.61.1.1 mark 0x103
ip route get 10.61.5.1
ip route get 10.61.1.1 from 10.1.0.1
ip route get 10.61.1.1 oif v0
ip route get 10.62.0.1 from 10.1.0.1
ip route get 10.62.0.1
ip route get 10.61.1.1 iif v0 from 10.1.0.9
ip route get 10.61.1.1 mark 2
ip rule del fwmark 3/0xff table 100
ip rule del from 10.1.0.1
ip rule del priority 50
ip rule del table 200
ip rule del table 200
ip rule del oif v0
ip rule del unreachable
ip rule
ip rule add from 10.1.0.0/24 table main priority 0
ip rule add not from 10.1.0.0/24 table 100
ip rule add tos 0x10 table 100
ip rule add dsfield 0x10 table 100
ip rule add from 10.1.0.5/33 table 100
ip rule add table 300
ip rule add goto 1
ip rule add goto 99999 priority 5
ip rule add ipproto udp dport 53 table 100
ip rule add sport 1000-2000 table 100
ip rule add uidrange 0-100 table 100
ip rule add l3mdev
ip rule
ip rule flush
ip rule
ip -4 route show table all | grep -v "^local\|^broadcast"
