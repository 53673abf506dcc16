# The TOS of what the kernel sends itself: ICMP errors are internetwork control (DSCP CS6), echo replies keep the request's.
ip link set lo up
iptables -A OUTPUT -m dscp --dscp-class CS6 -j ACCEPT
iptables -A OUTPUT -m tos --tos 0 -j ACCEPT
iptables -A INPUT -p udp -j REJECT
ping -c 1 127.0.0.1
traceroute -n -q 1 -m 1 127.0.0.1
iptables -L OUTPUT -v -n -x
