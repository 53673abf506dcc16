# Checks extensions make on a rule in a base chain only (physdev-out in OUTPUT, addrtype limit-iface), and target/table pairs.
iptables -A OUTPUT -m physdev --physdev-out eth0 -j ACCEPT
iptables -A OUTPUT -m physdev --physdev-out eth0 --physdev-is-bridged -j ACCEPT
iptables -A FORWARD -m physdev --physdev-out eth0 -j ACCEPT
iptables -A OUTPUT -m physdev --physdev-in eth0 -j ACCEPT
iptables -N P
iptables -A P -m physdev --physdev-out eth0 -j ACCEPT
iptables -A OUTPUT -j P
iptables -A OUTPUT -m addrtype --src-type LOCAL --limit-iface-in -j ACCEPT
iptables -A INPUT -m addrtype --src-type LOCAL --limit-iface-out -j ACCEPT
iptables -A FORWARD -m addrtype --src-type LOCAL --limit-iface-out -j ACCEPT
iptables -N A
iptables -A A -m addrtype --src-type LOCAL --limit-iface-in -j ACCEPT
iptables -A OUTPUT -j A
iptables -t nat -A OUTPUT -j MASQUERADE
iptables -t nat -A INPUT -j SNAT --to-source 1.1.1.1
iptables -t nat -A PREROUTING -j REDIRECT
iptables -t nat -A POSTROUTING -j REDIRECT
iptables -t mangle -A PREROUTING -j MARK --set-mark 1
iptables -t raw -A PREROUTING -j MARK --set-mark 1
iptables -t raw -A INPUT -j ACCEPT
iptables -A INPUT -j CT --notrack
iptables -t mangle -A POSTROUTING -j TOS --set-tos 1
iptables -t security -A INPUT -j REJECT
iptables -t filter -A INPUT -j DNAT --to-destination 1.2.3.4
iptables -S
