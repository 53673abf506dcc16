# iptables rule editing: -I positions, -R, -D by spec and number, -Z single chain/rule, -P, user chains, listings.
ip link set lo up
iptables -A INPUT -s 10.0.0.1 -j ACCEPT
iptables -I INPUT -s 10.0.0.2 -j DROP
iptables -I INPUT 2 -s 10.0.0.3 -j REJECT
iptables -I INPUT 4 -s 10.0.0.4 -j ACCEPT
iptables -I INPUT 6 -s 10.0.0.5 -j ACCEPT
iptables -L INPUT --line-numbers -n
iptables -R INPUT 1 -s 10.0.0.9/32 -p tcp --dport 22 -j ACCEPT
iptables -R INPUT 9 -j ACCEPT
iptables -R INPUT -s 1.2.3.4 -j ACCEPT
iptables -S INPUT
iptables -D INPUT -s 10.0.0.3 -j REJECT
iptables -D INPUT -s 10.0.0.3 -j REJECT
iptables -D INPUT 3
iptables -S
iptables -N MYCHAIN
iptables -N MYCHAIN
iptables -A MYCHAIN -p icmp -j RETURN
iptables -I INPUT -j MYCHAIN
iptables -X MYCHAIN
iptables -L -n --line-numbers
iptables -L MYCHAIN -n -v
iptables -D INPUT -j MYCHAIN
iptables -X MYCHAIN
iptables -L MYCHAIN
iptables -P INPUT DROP
iptables -P OUTPUT ACCEPT
iptables -t nat -P PREROUTING DROP
iptables -t nat -L PREROUTING -n
iptables -P INPUT ACCEPT
iptables -A INPUT -p tcp --dport 80 -j ACCEPT
iptables -A INPUT -p udp --dport 53 -j ACCEPT
iptables -A INPUT -p tcp -m tcp --dport 443 -j ACCEPT
iptables -C INPUT -p tcp --dport 80 -j ACCEPT; echo rc=$?
iptables -C INPUT -p tcp --dport 81 -j ACCEPT; echo rc=$?
iptables -L INPUT -n | awk 'NR>2 {print $1, $4, $5}'
iptables -S INPUT | grep -c dport
iptables -L INPUT -n --line-numbers | grep tcp | cut -d' ' -f1
iptables -F INPUT
iptables -L INPUT -n | wc -l
iptables -A INPUT -s 10.0.0.0/33 -j ACCEPT
iptables -A INPUT -s 300.0.0.1 -j ACCEPT
iptables -A INPUT -p tcpp -j ACCEPT
iptables -A INPUT --dport 80 -j ACCEPT
iptables -A INPUT -j NOSUCHCHAIN
iptables -A INPUT -i eth0 -o eth1 -j ACCEPT
iptables -A OUTPUT -i eth0 -j ACCEPT
iptables -A INPUT -x
iptables -Q
iptables -t mangle -L -n
iptables -t raw -S
iptables -t foo -L
