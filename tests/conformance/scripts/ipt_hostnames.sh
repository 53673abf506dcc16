# iptables -s/-d with host names as host_to_ipaddr resolves them (getaddrinfo AF_INET: /etc/hosts, then DNS): a name with two addresses makes two rules, -D deletes both, a name nobody knows is 'host/network not found', masks apply to each address, ! refuses several addresses; iptables-restore resolves too; -L prints the names back.
printf '127.0.0.1 localhost\n10.0.0.5 web\n10.0.0.6 web\n10.0.0.7 db db.example\n' > /etc/hosts
printf 'nameserver 127.0.0.1\n' > /etc/resolv.conf
iptables -A INPUT -s web -j DROP
iptables -A INPUT -d db.example/24 -j ACCEPT
iptables -A INPUT -s web,db -d localhost -j ACCEPT
iptables -A INPUT -s nosuch -j ACCEPT
iptables -A INPUT -s 10.0.0.300 -j ACCEPT
iptables -A INPUT -s web/33 -j ACCEPT
iptables -A INPUT ! -s web -j ACCEPT
iptables -D INPUT -s web -j DROP
iptables -C INPUT -s db -j ACCEPT
iptables -S
iptables -L INPUT
printf '*filter\n-A OUTPUT -d web -j ACCEPT\nCOMMIT\n' | iptables-restore --noflush
iptables -S OUTPUT
