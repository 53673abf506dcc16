# Where rules may run: -m mac, REJECT, NAT targets in user chains reached from base chains (nf_tables validation).
iptables -N MACS
iptables -A OUTPUT -j MACS
iptables -A MACS -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT
iptables -I MACS -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT
iptables -N L2
iptables -A L2 -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT
iptables -A MACS -j L2
iptables -N L3
iptables -A L3 -j L2
iptables -A MACS -j L3
iptables -A INPUT -j L3
iptables -R OUTPUT 1 -j L2
iptables -A FORWARD -j MACS
iptables -A MACS -j REJECT
iptables -t mangle -N M
iptables -t mangle -A M -j REJECT
iptables -t mangle -A PREROUTING -j M
iptables -t mangle -A INPUT -j M
iptables -t nat -N N
iptables -t nat -A N -j DNAT --to-destination 1.2.3.4
iptables -t nat -A POSTROUTING -j N
iptables -t nat -A OUTPUT -j N
