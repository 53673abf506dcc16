# The base-port form of a NAT port range (libxt_NAT's parse_ports, iptables 1.8.9): DNAT --to-destination A:P1-P2/BASE keeps its base (-S, -L, iptables-save) and the kernel maps port P to P1 + (P - BASE) mod 2^16 mod the range's size; SNAT and MASQUERADE accept a base but keep 0 (printed /0; the source port is mapped from 0); REDIRECT refuses it; the errors of each part and the port check before any -p.
ip link set lo up
ip addr add 10.0.0.1/24 dev lo
ip route add 10.9.9.0/24 dev lo src 10.0.0.1
iptables -t nat -A OUTPUT -p udp -d 10.9.9.9 -j DNAT --to-destination 127.0.0.1:1000-2000/1500
iptables -t nat -A POSTROUTING -p udp -d 10.0.0.1 -j SNAT --to-source 10.0.0.1:3000-3010/7
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.5:1000-2000/1500
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/0x10
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/http
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/1500x
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination '10.0.0.1:1000-2000/ 7'
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-1000/1000
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination :1000-2000/65535
iptables -t nat -A PREROUTING -p icmp -j DNAT --to-destination 10.0.0.1:1000-2000/5
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/1500 --random --persistent
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/0
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/-1
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/70000
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-2000//1
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/x
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000/1500
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:2000-1000/1500
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-http
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:http-2000/1500
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-2000x
iptables -t nat -A PREROUTING -j DNAT --to-destination 10.0.0.1:1000-2000/1500
iptables -t nat -A PREROUTING -j DNAT --to-destination 10.0.0.1:x
iptables -t nat -A PREROUTING -j DNAT --to-destination 10.0.0.1:80 -p tcp
iptables -t nat -A PREROUTING ! -p tcp -j DNAT --to-destination 10.0.0.1:80
iptables -t nat -A PREROUTING -p udplite -j DNAT --to-destination 10.0.0.1:80
iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 1000-2000/100
iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 1000-2000/100 --random
iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 1000-2000/x
iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 1000/100
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1000-2000/1500
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1000-2000/0
iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 10.0.0.1:1000-2000/x
iptables -t nat -S
iptables -t nat -L -n
iptables -t nat -L OUTPUT -n -v
iptables-save -t nat | grep -v "^#"
for p in 1600 1400 1500 1200 2600 999; do echo x | nc -u -q0 -p 4000 10.9.9.9 $p; done
for p in 40000 40001 40002 3005; do echo x | nc -u -q0 -p $p 10.0.0.1 5353; done
conntrack -L -p udp 2>&1 | sort | awk '{$3="T"; print}'
