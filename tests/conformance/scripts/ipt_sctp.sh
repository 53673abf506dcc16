# iptables -p sctp with its ports (libxt_sctp): implicit and -m sctp, ranges, inversion, errors, -m sctp without -p sctp refused by the kernel (RULE_APPEND failed), DNAT of an sctp port, listings and save.
iptables -A INPUT -p sctp --dport x -j ACCEPT
iptables -A INPUT -p sctp --dport 5:3 -j ACCEPT
iptables -A INPUT -p sctp --dport 1 --dport 2 -j ACCEPT
iptables -A INPUT -p sctp --sport 1:2 ! --dport 3 -j ACCEPT
iptables -A INPUT -p sctp --dport 22 -j ACCEPT
iptables -A INPUT -m sctp --dport 4 -j ACCEPT
iptables -A INPUT -p tcp -m sctp --dport 4 -j ACCEPT
iptables -A INPUT -p sctp --dport 70000 -j ACCEPT
iptables -A INPUT -p sctp --destination-port 80: -j ACCEPT
iptables -A INPUT -p sctp --sport :90 -j ACCEPT
iptables -A INPUT -p sctp -m sctp ! --sport 5 -j ACCEPT
iptables -t nat -A PREROUTING -p sctp --dport 3868 -j DNAT --to-destination 10.1.1.1:3869
iptables -S
iptables -L -n
iptables -L
iptables -t nat -S
iptables-save | grep sctp
iptables -D INPUT -p sctp --dport 22 -j ACCEPT
iptables -C INPUT -p sctp --dport 22 -j ACCEPT
