# conntrack -G (one flow by its full original tuple) and -U (set its mark): the tuple's parts each asks for in turn (--protonum, --src/--dst, --icmp-type/--icmp-code), a flow that does not exist, a partial -U the kernel refuses, and the mark a later -L shows.
ip link set lo up
iptables -A INPUT -m conntrack --ctstate NEW -j ACCEPT
ping -c 1 -W 1 127.0.0.1 > /dev/null
conntrack -G
conntrack -G -s 127.0.0.1 -d 127.0.0.1
conntrack -G -p icmp
conntrack -G -p icmp -s 127.0.0.1 -d 127.0.0.1
conntrack -G -p icmp -s 127.0.0.1 -d 127.0.0.1 --icmp-type 8
conntrack -G -p icmp -s 127.0.0.1 -d 127.0.0.1 --icmp-type 8 --icmp-code 0
ID=$(conntrack -L -p icmp 2>/dev/null | sed -E 's/.* id=([0-9]+) mark.*/\1/'); conntrack -G -p icmp -s 127.0.0.1 -d 127.0.0.1 --icmp-type 8 --icmp-code 0 --icmp-id $ID | sed -E 's/id=[0-9]+/id=N/g; s/ [0-9]+ src/ T src/'
conntrack -G -p udp -s 127.0.0.1 -d 127.0.0.1
conntrack -G -p udp -s 127.0.0.1 -d 127.0.0.1 --sport 1
conntrack -G -p tcp -s 127.0.0.1 -d 127.0.0.1 --sport 1 --dport 2
conntrack -U -p icmp --mark 7
conntrack -U --mark 7
conntrack -U -p udp -s 127.0.0.1 -d 127.0.0.1 --sport 1 --dport 9 --mark 7
ID=$(conntrack -L -p icmp 2>/dev/null | sed -E 's/.* id=([0-9]+) mark.*/\1/'); conntrack -U -p icmp -s 127.0.0.1 -d 127.0.0.1 --icmp-type 8 --icmp-code 0 --icmp-id $ID
ID=$(conntrack -L -p icmp 2>/dev/null | sed -E 's/.* id=([0-9]+) mark.*/\1/'); conntrack -U -p icmp -s 127.0.0.1 -d 127.0.0.1 --icmp-type 8 --icmp-code 0 --icmp-id $ID --mark 7 | sed -E 's/id=[0-9]+/id=N/g; s/ [0-9]+ src/ T src/'
conntrack -L -m 7 2>/dev/null | sed -E 's/id=[0-9]+/id=N/g; s/ [0-9]+ src/ T src/'
