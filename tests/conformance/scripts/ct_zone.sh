# CT --zone: the raw table puts flows in conntrack zones (separate tuples per zone), conntrack -L shows zone=N.
ip link set lo up
iptables -t raw -A OUTPUT -p icmp -d 127.0.0.2 -j CT --zone 5
iptables -t raw -A OUTPUT -p icmp -d 127.0.0.3 -j CT --zone 70000
iptables -t raw -A OUTPUT -p icmp -d 127.0.0.3 -j CT --zone x
iptables -t raw -A OUTPUT -p icmp -d 127.0.0.3 -j CT --zone 3 --notrack
iptables -t raw -A OUTPUT -p icmp -d 127.0.0.3 -j CT --notrack --zone 3
iptables -t raw -A PREROUTING -p icmp -d 127.0.0.2 -j CT --zone 5
iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
ping -c 2 -i 0.2 127.0.0.2
ping -c 1 127.0.0.1
conntrack -L | sed -E "s/id=[0-9]+/id=N/g" | sort
conntrack -L -w 5 | sed -E "s/id=[0-9]+/id=N/g"
conntrack -L --zone 0 | sed -E "s/id=[0-9]+/id=N/g"
conntrack -C
iptables -t raw -S
iptables -t raw -L -n
iptables -L INPUT -v -n
ping -c 1 127.0.0.2 >/dev/null
iptables -t raw -A OUTPUT -p icmp -s 127.0.0.2 -j CT --zone 5
iptables -t raw -R OUTPUT 1 -p icmp -d 127.0.0.2 -j CT --zone 6
ping -c 1 127.0.0.2 > /dev/null
conntrack -L 2>/dev/null | sed -E "s/id=[0-9]+/id=N/g" | sort
