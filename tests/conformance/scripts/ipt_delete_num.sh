# iptables -D CHAIN N: a built-in chain nf_tables has not made yet is no chain; a made one (even flushed or empty) has no such index.
iptables -D INPUT 1
iptables -A INPUT -j ACCEPT
iptables -D INPUT 1
iptables -D INPUT 1
iptables -D FORWARD 1
iptables -N X
iptables -D X 1
iptables -t nat -D PREROUTING 1
iptables -F
iptables -D INPUT 1
