# conntrack -S (one line a CPU: the model's invalid/error counts), -C (the table's count; no filter taken), the per-command option checks ("Illegal option `--X' with this command", the first in conntrack's order), -L -z (zeroes the counters after listing; not with filters), tables after a command, -E under timeout (the two full listings hide the seconds left: the port-9 flow was made seconds earlier, and a loaded machine's kernel side counts one more), and the packets=/bytes= counters of nf_conntrack_acct (from the flows made after it is set).
ip link set lo up
iptables -A INPUT -m conntrack --ctstate INVALID -j ACCEPT
iptables -t raw -A OUTPUT -p udp --dport 7 -j NOTRACK
sleep 1
conntrack -S
conntrack -C
echo x | nc -u -q0 127.0.0.1 9
echo x | nc -u -q0 127.0.0.1 7
conntrack -S | grep -o 'error=[0-9]*' | awk -F= '{n += $2} END {print "errors of all CPUs:", n}'
conntrack -S expect
conntrack -C
conntrack -C expect
conntrack -C conntrack
conntrack -L expect
sysctl -w net.netfilter.nf_conntrack_acct=1
ping -c 2 -q 127.0.0.1 > /dev/null
echo xyz | nc -u -q0 127.0.0.1 10
conntrack -L -p udp --dport 10 | sed -E 's/(sport|dport)=[0-9]{5}/\1=N/g; s/id=[0-9]+/id=N/g'
conntrack -L -p icmp -o xml | sed 's/<id>[0-9]*</<id>ID</'
conntrack -L -z -p udp
conntrack -L -z -o extended | sort | sed -E 's/(sport|dport)=[0-9]{5}/\1=N/g; s/id=[0-9]+/id=N/g; s/ [0-9]+ src=/ T src=/'
conntrack -L | sort | sed -E 's/(sport|dport)=[0-9]{5}/\1=N/g; s/id=[0-9]+/id=N/g; s/ [0-9]+ src=/ T src=/'
conntrack -C -p tcp
conntrack -C -s 1.1.1.1 -p tcp
conntrack -S -p tcp
conntrack -S -z -m 1
conntrack -F -o xml -n
conntrack -F -p udp
conntrack -F -f ipv4
conntrack -C
conntrack -L -t 5
conntrack -L -e NEW
conntrack -L -b 100
conntrack -D -z
conntrack -D -c 1
conntrack -D -j
conntrack -U -w 1
conntrack -E -u ASSURED
conntrack -E -z
conntrack -L -z -w 1
conntrack -L -z -m 1
conntrack -L -z -f ipv4
conntrack -L -z -n
conntrack -L -h
conntrack -S -h
conntrack -S extra
conntrack -C foo
conntrack -L expectations
conntrack -L e
conntrack -L ''
conntrack -L dyi
conntrack -C dying
conntrack -D expect
conntrack -E -e BOGUS
timeout 1 conntrack -E
timeout -s HUP 1 conntrack -E
timeout -s INT 1 conntrack -E -p tcp
