# Help and version texts of the netfilter and socket tools (what a learner types to discover options).
iptables -V
iptables --version
iptables -h | head -30
iptables-save -V
iptables-save --version
iptables-restore -V
iptables-restore -h
conntrack -V
ss -V
netstat -V
route -V
arp -V
sysctl -V
traceroute --help | head -5
ipset -v
