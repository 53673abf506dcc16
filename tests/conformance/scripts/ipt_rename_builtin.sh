# Renaming a built-in chain: nf_tables keeps it hooked (still filtering), iptables calls the table incompatible.
ip link set lo up
iptables -A INPUT -p icmp -j DROP
iptables -E OUTPUT MYOUT
iptables -E INPUT MYIN
ping -c1 -W1 127.0.0.1
iptables -L -n
iptables -L INPUT -n
iptables -S INPUT
iptables -S
iptables-save
iptables -L MYIN
iptables -X MYIN
iptables -A INPUT -j ACCEPT
iptables -S 2>&1
ping -c1 -W1 127.0.0.1
iptables -F
ping -c1 -W1 127.0.0.1
iptables -E FORWARD INPUT
iptables -N U
iptables -E U OUTPUT
iptables -t nat -S
