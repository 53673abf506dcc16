# NAT to an address range: the kernel hashes the flow's source address with its destination (and zone; 0 with --persistent) and scales the hash to the range (find_best_ips_proto), so flows from one client spread over DNAT --to-destination A-B by server address and stay on one address with --persistent; SNAT --to-source A-B keeps a source already in the range.
ip link set lo up
ip addr add 10.0.0.1/24 dev lo
ip route add 10.9.9.0/24 dev lo src 10.0.0.1
iptables -t nat -A OUTPUT -p udp -d 10.9.9.0/24 --dport 53 -j DNAT --to-destination 127.0.0.1-127.0.0.9
iptables -t nat -A OUTPUT -p udp -d 10.9.9.0/24 --dport 54 -j DNAT --to-destination 127.0.0.1-127.0.0.9 --persistent
iptables -t nat -A OUTPUT -p udp -d 10.9.9.0/24 --dport 55 -j DNAT --to-destination 127.0.0.1-127.0.1.255:5000
iptables -t nat -A POSTROUTING -p udp -d 10.0.0.1 --dport 56 -j SNAT --to-source 10.0.0.1-10.0.0.20
iptables -t nat -A POSTROUTING -p udp -d 10.0.0.2 --dport 56 -j SNAT --to-source 10.0.0.30-10.0.0.40
for d in 1 2 3 4 5 6 7 8; do echo x | nc -u -q0 -p 400$d 10.9.9.$d 53; echo x | nc -u -q0 -p 410$d 10.9.9.$d 54; echo x | nc -u -q0 -p 420$d 10.9.9.$d 55; done
echo x | nc -u -q0 -p 4003 10.0.0.1 56
echo x | nc -u -q0 -p 4004 10.0.0.2 56
conntrack -L -p udp 2>/dev/null | awk '{print $5, $6, $7, $9, $10, $11, $12}' | sort
