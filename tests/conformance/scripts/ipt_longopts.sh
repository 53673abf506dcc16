# iptables long options, protocol spellings, flag clusters (getopt: -Lnv names chain nv) and odd orders learners type.
iptables --append INPUT --protocol tcp --source 10.0.0.0/8 --destination-port 22 --jump ACCEPT
iptables -A INPUT -p TCP --dport 80 -j ACCEPT
iptables -A INPUT -p 17 --dport 53 -j ACCEPT
iptables -A INPUT -p all -s 192.168.0.0/16 -j ACCEPT
iptables -A INPUT -p icmp -j ACCEPT -m comment --comment ping
iptables -A INPUT --in-interface lo --jump ACCEPT
iptables -A INPUT -i eth+ -j DROP
iptables -A INPUT -s 10.1.1.1 -d 10.2.2.2 -p tcp --sport 1024:65535 --dport 443
iptables -A INPUT -m tcp -p tcp --dport 8080 -j ACCEPT
iptables -A INPUT -p tcp -m tcp --dport 8080 -m tcp --sport 1000 -j ACCEPT
iptables -4 -A INPUT -p udp --sport 67 --dport 68 -j ACCEPT
iptables -6 -A INPUT -j ACCEPT
iptables -w -A INPUT -j ACCEPT
iptables -w 5 -A INPUT -j ACCEPT
iptables -t filter --list INPUT --numeric --line-numbers
iptables --list-rules INPUT
iptables -nL INPUT --verbose
iptables -vnL --line-numbers INPUT
iptables -A INPUT -p tcp --dport 22 -s 1.2.3.4,5.6.7.8 -j DROP
iptables -S INPUT
iptables --delete INPUT 1
iptables --insert INPUT 2 -p tcp --dport 25 -j REJECT
iptables --replace INPUT 2 -p tcp --dport 26 -j REJECT
iptables --check INPUT -p tcp --dport 26 -j REJECT --reject-with icmp-port-unreachable
iptables --flush INPUT
iptables --new-chain TEST
iptables --rename-chain TEST TEST2
iptables --delete-chain TEST2
iptables --policy FORWARD DROP
iptables --zero
iptables --list-rules
iptables -L -n -t nat -v
iptables --table nat --list
iptables -tnat -L POSTROUTING
iptables -Ltnat
iptables -A
iptables -A INPUT -p
iptables -A INPUT -j
iptables -L INPUT FORWARD
iptables -A INPUT DROP
iptables -Lnv
iptables -Ln
iptables -S4
iptables -Fn
iptables -nLv
iptables -6 -L
iptables -nvL INPUT
