# iptables listings after traffic: -v/-x/--line-numbers, -S/-L CHAIN N, iptables-save -c, chain ops and errors.
ip link set lo up
iptables -N LOGDROP
iptables -A LOGDROP -j LOG --log-prefix "dropped: " --log-level 6
iptables -A LOGDROP -j DROP
iptables -A INPUT -i lo -p icmp --icmp-type echo-request -j ACCEPT
iptables -A INPUT -s 127.0.0.2 -j LOGDROP
iptables -A INPUT ! -s 10.0.0.0/8 -p tcp -m multiport --dports 22,80,443 -j ACCEPT
iptables -A INPUT -p tcp --tcp-flags SYN,ACK SYN -j ACCEPT
iptables -A INPUT -p tcp --syn -m limit --limit 5/min --limit-burst 10 -j ACCEPT
iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
ping -c 3 -i 0.2 127.0.0.1
ping -c 1 -W 1 -I 127.0.0.2 127.0.0.1
iptables -L -n -v
iptables -L -n -v -x --line-numbers
iptables -L INPUT 2 -n
iptables -L INPUT 1 -v -n -x
iptables -S INPUT 1
iptables -S INPUT 9
iptables -L INPUT 9
iptables -S LOGDROP 2
iptables -L LOGDROP
iptables-save -c
iptables-save -t filter
iptables -nvL INPUT
iptables -vnxL
iptables -E LOGDROP LD
iptables -E LD INPUT
iptables -E NOPE X
iptables -S
iptables -X LD
iptables -F LD
iptables -X LD
iptables -P LD DROP
iptables -P INPUT REJECT
iptables -P FORWARD drop
iptables -D INPUT 99
iptables -D INPUT -p udp -j ACCEPT
iptables -D NOCHAIN 1
iptables -D INPUT 0
iptables -D INPUT abc
iptables -I INPUT 12 -j ACCEPT
iptables -R INPUT 12 -j ACCEPT
iptables -Z INPUT 1
iptables -L INPUT -v -n --line-numbers
iptables -Z
iptables -L -v -n
