# iptables as the course uses it: user chains, insert/replace/delete by spec, policies, counters, -C.
iptables -N WEB
iptables -A WEB -p tcp --dport 80 -j ACCEPT
iptables -A WEB -p tcp --dport 443 -j ACCEPT
iptables -A WEB -j RETURN
iptables -A INPUT -p tcp -j WEB
iptables -I INPUT 1 -i lo -j ACCEPT
iptables -R WEB 3 -j DROP
iptables -C WEB -p tcp --dport 80 -j ACCEPT
iptables -C WEB -p tcp --dport 81 -j ACCEPT
iptables -S
iptables -L -n --line-numbers
iptables -L WEB -n -v
iptables -D WEB -p tcp --dport 443 -j ACCEPT
iptables -D WEB -p tcp --dport 443 -j ACCEPT
iptables -X WEB
iptables -F INPUT
iptables -X WEB
iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80
iptables -t nat -A OUTPUT -d 10.96.0.10/32 -p udp -m udp --dport 53 -m comment --comment "kube-dns" -j DNAT --to-destination 10.0.0.3:53
iptables -t nat -A POSTROUTING -m addrtype ! --src-type LOCAL -j MASQUERADE
iptables -t nat -A POSTROUTING -m mark --mark 0x4000/0x4000 -j MASQUERADE
iptables -t nat -A PREROUTING -m statistic --mode random --probability 0.5 -j ACCEPT
iptables -t nat -S
iptables-save -t nat
iptables -t filter -A FORWARD -m conntrack --ctstate INVALID -j DROP
iptables -A FORWARD -j REJECT --reject-with icmp-host-prohibited
iptables -A OUTPUT -j MARK --set-mark 0x10
iptables -t mangle -A OUTPUT -j MARK --set-mark 0x10
iptables -t mangle -S OUTPUT
iptables -S FORWARD
iptables -Z
iptables -P INPUT DROP
iptables -L INPUT
iptables -P INPUT ACCEPT
iptables -t nat -F
iptables -t nat -L -n
