# iptables -h with extensions: the loaded matches' and target's own help after the main text.
iptables -h | tail -3
iptables -m tcp -h | tail -14
iptables -p tcp -h | tail -3
iptables -p icmp -h | tail -5
iptables -m conntrack -h | tail -21
iptables -m state --help | tail -5
iptables -m tcp -j REJECT -h | tail -30
iptables -j DNAT -h | tail -6
iptables -j LOG --help | tail -10
iptables -m multiport -m comment -h | tail -14
iptables -t nat -j MASQUERADE -h | tail -9
iptables -A INPUT -h | head -3
iptables -h -m tcp | tail -3
iptables -m recent -h | tail -25
