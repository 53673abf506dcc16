# Policy routing on the datapath: source, mark and iif rules pick table 100, as `ip route get` and ping show.
ip link add d0 type veth peer name d1
ip link set d0 up
ip link set d1 up
ip addr add 10.9.0.1/24 dev d0
ip addr add 10.8.0.1/24 dev d1
ip route get 10.9.0.1
ip route add 10.99.0.0/16 dev d0 table 100
ip route show table 100
ip -4 route show table all
ip route get 10.99.0.7
ip rule add from 10.9.0.0/16 lookup 100
ip route get 10.99.0.7 from 10.9.0.1
ip route get 10.99.0.7
ip route get 10.9.0.1
ip route get 10.9.0.1 from 10.9.0.1
ip rule add fwmark 5 table 100
ip route get 10.99.0.7 mark 5
ip route get 10.99.0.7 mark 0x5
ip route get 10.99.0.7 mark x
ip route get 10.99.0.7 iif d1 from 10.8.0.5
sysctl -qw net.ipv4.ip_forward=1
ip route get 10.9.0.7 iif d1 from 10.8.0.5
ip route get 10.9.0.1 iif d1 from 10.8.0.5
ip rule add iif d1 table 100
ip route get 10.99.0.7 iif d1 from 10.8.0.5
ip route get 10.99.0.7 iif d1 from 10.8.0.5 mark 0x5
ip rule add to 8.8.4.4 unreachable
ip rule add to 8.8.4.5 prohibit
ip rule add to 8.8.4.6 blackhole
ip route get 8.8.4.4
ip route get 8.8.4.5
ip route get 8.8.4.6
ip rule add not to 10.99.0.0/16 table main pref 50
ip route get 10.99.1.1
ip route get 10.9.0.7
ip rule
ip route flush table 100
ip route show table 100
ip route get 10.99.0.7 from 10.9.0.1
ip rule flush
ip rule
ip route add default via 10.9.0.2 table 100
ip route get 10.9.0.7
ip rule del to 8.8.4.4 unreachable
ip netns add r
ip link add v0 type veth peer name v1 netns r
ip addr add 10.1.0.1/24 dev v0
ip link set v0 up
ip -n r addr add 10.1.0.2/24 dev v1
ip -n r link set v1 up
ip -n r link set lo up
ip -n r addr add 10.2.0.1/32 dev lo
ip -n r addr add 10.3.0.1/32 dev lo
ip route add 10.2.0.0/24 via 10.1.0.2 table 100
ip route add 10.3.0.0/24 via 10.1.0.2 table 101
ping -c 1 -W 1 10.2.0.1
ip rule add to 10.2.0.0/24 table 100
ping -c 1 -W 1 10.2.0.1
ip route get 10.2.0.1
ping -c 1 -W 1 10.3.0.1
ip rule add fwmark 7 table 101
iptables -t mangle -A OUTPUT -d 10.3.0.1 -j MARK --set-mark 7
ping -c 1 -W 1 10.3.0.1
ip route get 10.3.0.1 mark 7
ip rule add from 10.1.0.1 iif lo table 100 pref 5
ip route get 10.3.0.1 from 10.1.0.1
ip rule del pref 5
ip rule add iif lo to 10.3.0.0/24 prohibit pref 6
ping -c 1 -W 1 10.3.0.1
ip route get 10.3.0.1
ip rule del pref 6
ip rule add from 10.1.0.1 to 10.3.0.0/24 unreachable pref 7
ping -c 1 -W 1 10.3.0.1
ip rule del pref 7
ip route add prohibit 10.4.0.0/24
ping -c 1 -W 1 10.4.0.1
ip route add 10.99.0.0/16 dev d0 table 100
ip rule add ipproto tcp dport 80 table 100
ip rule add tos 0x10 table 100
ip route get 10.99.0.7 ipproto tcp dport 80
ip route get 10.99.0.7 ipproto tcp dport 81
ip route get 10.99.0.7 ipproto udp sport 5 dport 80
ip route get 10.99.0.7 tos 0x10
ip route get 10.99.0.7 dsfield 0x10
ip route get 10.99.0.7 ipproto xyz
ip route get 10.99.0.7 dport x
ip route get 10.99.0.7 tos x
