# conntrack as learners query it: filters, -o extended, -S, -G, -D, -E, errors. The flow timeout of the lines after
# the first listings reads as T: each kernel line is a fresh process, and on a loaded machine the 30 s countdown
# passes a second boundary during the script (CI at load 14: 28 on the kernel, 29 on sim and real).
ip link set lo up
iptables -A INPUT -m conntrack --ctstate NEW -j ACCEPT
ping -c 1 127.0.0.1 > /dev/null
ping -c 1 127.0.0.2 > /dev/null
conntrack -L -o extended 2>/dev/null | sed -E "s/id=[0-9]+/id=N/g" | sort
conntrack -L -p icmp -d 127.0.0.2 2>/dev/null | sed -E "s/id=[0-9]+/id=N/g"
conntrack -L -p udp
conntrack -L -s 10.0.0.1
conntrack -L --src 127.0.0.1 --dst 127.0.0.1 2>/dev/null | sed -E "s/id=[0-9]+/id=N/g"
conntrack -C
conntrack -L -p bogus
conntrack -L -s 1.2.3.999
conntrack -X
conntrack
conntrack -D -p icmp -d 127.0.0.2 2>/dev/null | sed -E "s/id=[0-9]+/id=N/g; s/^([a-z]+ +[0-9]+ +)[0-9]+ /\1T /"
conntrack -D -p icmp -d 127.0.0.9
conntrack -C
conntrack -L -f ipv4 2>/dev/null | sed -E "s/id=[0-9]+/id=N/g; s/^([a-z]+ +[0-9]+ +)[0-9]+ /\1T /"
conntrack -L -f ipv6
conntrack -L --mark 0 2>/dev/null | sed -E "s/id=[0-9]+/id=N/g; s/^([a-z]+ +[0-9]+ +)[0-9]+ /\1T /"
conntrack -L -m 0 2>/dev/null | wc -l
conntrack -F
conntrack -L
