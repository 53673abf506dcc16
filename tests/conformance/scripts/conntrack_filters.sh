# conntrack's filters and output formats on ICMP and UDP flows: addresses with masks, -u/--status bits, the options of the -p protocol (--icmp-type/--icmp-code/--icmp-id; --sport/--dport, --state for tcp) which are unknown before -p, -o id/extended/xml, and the errors (unknown TCP state, bad status or output, two commands).
ip link set lo up
iptables -A INPUT -m conntrack --ctstate NEW -j ACCEPT
ping -c 1 -W 1 127.0.0.1 > /dev/null
ping -c 1 -W 1 127.0.0.2 > /dev/null
conntrack -L -s 127.0.0.0/8 2>&1 >/dev/null
conntrack -L -d 127.0.0.2/32 2>/dev/null | sed -E 's/id=[0-9]+/id=N/g; s/ [0-9]+ src/ T src/'
conntrack -L -p icmp --icmp-type 8 2>&1 >/dev/null
conntrack -L -p icmp --icmp-type 0 2>&1 >/dev/null
conntrack -L -p icmp --icmp-code 0 --icmp-type x 2>&1 >/dev/null
conntrack -L -p icmp --icmp-id 0 2>&1 >/dev/null
conntrack -L --icmp-type 8
conntrack -L --dport 53
conntrack -L -p udp --state ESTABLISHED
conntrack -L -p tcp --state ESTABLISHED
conntrack -L -p tcp --state bogus
conntrack -L -p tcp --sport x 2>&1 >/dev/null
conntrack -L --status SEEN_REPLY 2>&1 >/dev/null
conntrack -L -u ASSURED 2>&1 >/dev/null
conntrack -L -u SEEN_REPLY,ASSURED 2>&1 >/dev/null
conntrack -L -u BOGUS
conntrack -L -o id -d 127.0.0.2 2>/dev/null | sed -E 's/id=[0-9]+/id=N/g; s/ [0-9]+ src/ T src/'
conntrack -L -o extended,id -d 127.0.0.2 2>/dev/null | sed -E 's/id=[0-9]+/id=N/g; s/ [0-9]+ src/ T src/'
conntrack -L -o xml -d 127.0.0.2 2>/dev/null | sed -E 's/<id>[0-9]+/<id>N/g; s/<timeout>[0-9]+/<timeout>T/g'
conntrack -L -o xml -d 127.0.0.9
conntrack -L -o bogus
conntrack -L -L
conntrack -L -D
conntrack -F -C
