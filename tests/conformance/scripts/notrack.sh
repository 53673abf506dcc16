# The raw table: NOTRACK and CT --notrack leave packets untracked (state UNTRACKED); an ICMP echo reply with no flow is INVALID.
ip link set lo up
iptables -A INPUT -m state --state UNTRACKED -j ACCEPT
iptables -A INPUT -m state --state NEW,ESTABLISHED -j ACCEPT
iptables -t raw -A OUTPUT -p icmp -d 127.0.0.2 -j NOTRACK
ping -c 1 127.0.0.1
ping -c 1 127.0.0.2
iptables -L INPUT -v -n -x
iptables -t raw -L OUTPUT -v -n -x
conntrack -C
iptables -t raw -D OUTPUT 1
iptables -t raw -A OUTPUT -p icmp -j CT --notrack
ping -c 1 127.0.0.3
iptables -L INPUT -v -n -x
iptables -t raw -A PREROUTING -j NOTRACK --notrack
