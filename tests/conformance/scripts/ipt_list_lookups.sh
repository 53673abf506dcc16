# iptables -L without -n names addresses as xtables_ipaddr_to_anyname does: getnameinfo (/etc/hosts, then a PTR query to each nameserver, attempts times), and only when no server answered (EAI_AGAIN) an /etc/networks name (link-local, loopback); each address of each rule is looked up again, which shows on lo's counters; -n asks nobody.
ip link set lo up
printf '127.0.0.1 localhost\n10.0.0.5 web\n' > /etc/hosts
printf 'nameserver 127.0.0.1\n' > /etc/resolv.conf
iptables -A INPUT -s 169.254.0.0/16 -j ACCEPT
iptables -A INPUT -s 10.0.0.5 -d 10.0.0.6 -j ACCEPT
iptables -A INPUT -s 10.0.0.6 -d 127.0.0.0/8 -j ACCEPT
iptables -L INPUT
ip -s link show lo | awk 'NR==4{print "lo rx",$1,$2}'
iptables -L INPUT -n
ip -s link show lo | awk 'NR==4{print "lo rx",$1,$2}'
printf 'nameserver 127.0.0.1\noptions attempts:1\n' > /etc/resolv.conf
iptables -L INPUT 3
ip -s link show lo | awk 'NR==4{print "lo rx",$1,$2}'
printf '10.0.0.6 db\n' >> /etc/hosts
iptables -L INPUT
ip -s link show lo | awk 'NR==4{print "lo rx",$1,$2}'
