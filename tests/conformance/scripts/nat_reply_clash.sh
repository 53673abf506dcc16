# Two flows DNATed to one server from one client port: the kernel's null SNAT binding moves the later flows' source port so that reply tuples stay unique (their port is random: only whether it moved is shown), and they count as SNAT (-n).
ip link set lo up
ip addr add 10.0.0.1/24 dev lo
ip route add 10.9.9.0/24 dev lo src 10.0.0.1
iptables -t nat -A OUTPUT -p udp -d 10.9.9.0/24 --dport 54 -j DNAT --to-destination 127.0.0.3
for d in 1 2 3; do echo x | nc -u -q0 -p 4101 10.9.9.$d 54; done
conntrack -L -p udp 2>/dev/null | awk '{print $5, $6, $7, $9, $10, $11, ($12 == "dport=4101" ? "same port" : "other port")}' | sort
conntrack -L -p udp -n 2>&1 | wc -l
conntrack -C
