# iptables -L without -n: addresses named from /etc/hosts (and left as numbers otherwise), ports and protocols by /etc/services and /etc/protocols names, interfaces, inverted matches; -S keeps numbers.
printf '127.0.0.1 localhost\n10.9.0.5 web.lab web\n10.9.0.0 net9.lab\n' > /etc/hosts
iptables -A INPUT -s 10.9.0.5 -p tcp --dport 80 -j ACCEPT
iptables -A INPUT -s 10.9.0.0/24 -p udp --dport 53 -j ACCEPT
iptables -A INPUT -d 127.0.0.1 -p tcp -m multiport --dports 22,443,8080 -j ACCEPT
iptables -A INPUT ! -s 10.9.0.6 -p icmp --icmp-type echo-request -j DROP
iptables -A INPUT -p tcp --sport 1024:65535 --dport 6443 -j ACCEPT
iptables -A INPUT -p 47 -j ACCEPT
iptables -A INPUT -p sctp --dport 9 -j ACCEPT
iptables -A OUTPUT -o lo -p tcp --tcp-flags SYN,ACK SYN -j ACCEPT
iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.9.0.5:80
iptables -L
iptables -L INPUT --line-numbers
iptables -t nat -L
iptables -L -v | head -4
iptables -S INPUT
iptables -L
iptables -S INPUT
