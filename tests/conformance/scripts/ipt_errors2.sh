# iptables command-line mistakes learners make: options, matches, targets, negations, chain operations.
iptables -A INPUT -p tcp --dport 80:70 -j ACCEPT
iptables -A INPUT -p tcp --dport 99999 -j ACCEPT
iptables -A INPUT -p tcp --dport http -j ACCEPT
iptables -A INPUT --dport 80 -j ACCEPT
iptables -A INPUT -p udp --syn -j ACCEPT
iptables -A INPUT -p tcp --tcp-flags SYN -j ACCEPT
iptables -A INPUT -p tcp --tcp-flags SYN,FOO SYN -j ACCEPT
iptables -A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 -j ACCEPT
iptables -A INPUT -m multiport --dports 80 -j ACCEPT
iptables -A INPUT -p tcp -m multiport --dports 80,443 --sports 1 -j ACCEPT
iptables -A INPUT -p tcp -m multiport ! --dports 80,443 -j DROP
iptables -A INPUT -p icmp --icmp-type echo -j ACCEPT
iptables -A INPUT -p icmp --icmp-type 8/0 -j ACCEPT
iptables -A INPUT -p icmp --icmp-type 300 -j ACCEPT
iptables -A INPUT -p icmp -m icmp ! --icmp-type echo-reply -j ACCEPT
iptables -A INPUT -m limit --limit 3/hour -j LOG --log-prefix "x "
iptables -A INPUT -m limit --limit 0/sec -j ACCEPT
iptables -A INPUT -m limit --limit 5/fortnight -j ACCEPT
iptables -A INPUT -m limit --limit-burst 20000 -j ACCEPT
iptables -A INPUT -m state --state NEW,BOGUS -j ACCEPT
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -m conntrack -j ACCEPT
iptables -A INPUT ! -i lo -s 127.0.0.0/8 -j DROP
iptables -A INPUT -s 10.0.0.0/33 -j DROP
iptables -A INPUT -s 10.0.0.256 -j DROP
iptables -A INPUT -s 10.1.2.3/255.255.0.0 -j DROP
iptables -A INPUT -d 10.0.0.1,10.0.0.2 -j DROP
iptables -A INPUT ! -d 10.0.0.1,10.0.0.2 -j DROP
iptables -A INPUT -s host.invalid -j DROP
iptables -A INPUT -i eth0 -o eth1 -j ACCEPT
iptables -A FORWARD -i eth0 -o eth1 -j ACCEPT
iptables -A OUTPUT -i eth0 -j ACCEPT
iptables -A INPUT -j LOG --log-level 9
iptables -A INPUT -j LOG --log-level debug --log-prefix "a very long prefix that is longer than 29 chars"
iptables -A INPUT -j LOG --log-tcp-options --log-ip-options --log-uid
iptables -A INPUT -j REJECT --reject-with tcp-reset
iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset
iptables -A INPUT -p tcp -j REJECT --reject-with echo-reply
iptables -A INPUT -j DROP --foo
iptables -A INPUT -j ACCEPT -j DROP
iptables -A input -j ACCEPT
iptables -I INPUT 0 -j ACCEPT
iptables -R INPUT 0 -j ACCEPT
iptables -A INPUT -m comment --comment "allow all" -j ACCEPT
iptables -A INPUT -m comment -j ACCEPT
iptables -A INPUT -m mark --mark 0x1/0xff -j ACCEPT
iptables -A INPUT -m addrtype --dst-type LOCAL,BROADCAST -j ACCEPT
iptables -A INPUT -m addrtype --dst-type WHATEVER -j ACCEPT
iptables -N LONGNAMELONGNAMELONGNAMELONGNAMELONG
iptables -N "has space"
iptables -N -bad
iptables -N ACCEPT
iptables -N DNAT
iptables -X INPUT
iptables -Z NOPE
iptables -F NOPE
iptables -L -n --line-numbers
iptables -S
iptables -L INPUT -v | cut -c 12-
iptables -vL INPUT -x | cut -c 20-
iptables -nL INPUT 3
iptables -C INPUT -p icmp --icmp-type echo-request -j ACCEPT
iptables -C INPUT -p icmp --icmp-type 8 -j ACCEPT
iptables -C INPUT -m comment --comment "allow all" -j ACCEPT
iptables -D INPUT -m comment --comment "allow all" -j ACCEPT
iptables -D INPUT -s 10.0.0.1
iptables -A INPUT -s 10.0.0.1
iptables -D INPUT -s 10.0.0.1
iptables -S INPUT | tail -3
