# route and netstat -r without -n name what they show as net-tools' INET_rresolve does: `default`, a network's /etc/networks name (glibc pads `10.9` to 10.9.0.0, first line wins; an /etc/hosts name is not used for a network), a /32's and a gateway's /etc/hosts name (else the number: the nameserver refuses, does not answer (the query times out; the unit test checks the time) or an OUTPUT DROP fails the send); -n numbers.
ip link set lo up
printf '127.0.0.1\tlocalhost\n10.0.0.2\tgw2 gw2alias\n192.168.5.7\th7\n10.0.0.0\ttennet\n10.8.0.0\teightnet\n' > /etc/hosts
printf 'default\t\t0.0.0.0\nloopback\t127.0.0.0\nlink-local\t169.254.0.0\nmynet\t192.168.5.0\ntenet\t10.0.0\nsixteen 10.9 # a comment\nbig 172.16.0.0\nhostnet 192.168.6.9\nbig2 172.16.0.0\n' > /etc/networks
printf 'nameserver 127.0.0.1\n' > /etc/resolv.conf
ip link add v0 type veth peer name v1
ip addr add 10.0.0.1/24 dev v0
ip link set v0 up
ip route add default via 10.0.0.2
ip route add 169.254.0.0/16 dev v0
ip route add 192.168.5.0/24 via 10.0.0.2
ip route add 192.168.5.7 via 10.0.0.2
ip route add 192.168.6.9 via 10.0.0.2
ip route add 10.9.0.0/16 via 10.0.0.2
ip route add 172.16.0.0/12 via 10.0.0.3
ip route add 10.0.0.77 dev v0
ip route add 10.8.0.0/24 via 10.0.0.2
ip route add 127.0.0.0/8 via 10.0.0.2 dev v0 metric 5
route
netstat -r
route -e
route -ee
netstat -rn
route -n
printf 'nameserver 10.0.0.9\noptions timeout:1 attempts:1\n' > /etc/resolv.conf
ip link set v1 up
route
iptables -A OUTPUT -p udp --dport 53 -j DROP
netstat -r
