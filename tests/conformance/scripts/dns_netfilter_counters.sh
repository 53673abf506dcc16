# DNS lookups seen by netfilter: the queries glibc, dig, nslookup and host send (search list, A/AAAA, MX) counted in bytes by OUTPUT, refused by an INPUT REJECT whose ICMP errors quote them, and the UDP flows conntrack keeps for them.
ip link set lo up
printf 'nameserver 127.0.0.1\nsearch example.test corp.test\noptions attempts:1\n' > /etc/resolv.conf
iptables -A OUTPUT -p udp --dport 53 -j ACCEPT
iptables -A INPUT -p icmp --icmp-type port-unreachable -j ACCEPT
iptables -A INPUT -p udp --dport 53 -j REJECT
getent hosts web
dig +tries=1 web.example.test > /dev/null
nslookup -retry=0 web
host -R 0 -t mx web
iptables -L -v -n -x
iptables-save -c | grep -- "-A"
conntrack -L -p udp 2>/dev/null | sed -E 's/sport=[0-9]+/sport=P/g; s/dport=([0-9]{4,5})/dport=P/g; s/ [0-9]+ src/ T src/' | sort
