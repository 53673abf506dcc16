# ipset with iptables -m set: create, add, test, list, save, errors, and a rule matching the set.
ipset create blocked hash:ip
ipset add blocked 10.0.0.1
ipset add blocked 10.0.0.2
ipset add blocked 10.0.0.1
ipset -exist add blocked 10.0.0.1
ipset test blocked 10.0.0.1
ipset test blocked 10.0.0.9
ipset list blocked | grep -v "Size in memory\|Header\|^10"
ipset create nets hash:net
ipset add nets 192.168.0.0/16
ipset add nets 10.0.0.0/33
ipset create ports hash:ip,port
ipset add ports 10.0.0.1,tcp:80
ipset add ports 10.0.0.1,udp:53
ipset list -n
ipset save | grep -v create | sort
ipset create blocked hash:ip
ipset create bad hash:foo
ipset del blocked 10.0.0.7
ipset del blocked 10.0.0.2
ipset flush blocked
ipset list blocked | grep -c Members
iptables -A INPUT -m set --match-set blocked src -j DROP
iptables -A INPUT -m set ! --match-set nets src,dst -j ACCEPT
iptables -A INPUT -m set --match-set nosuch src -j DROP
iptables -S INPUT
iptables -L INPUT -n
ipset destroy blocked
ipset destroy nets
ipset destroy nosuch
ipset list -n
ipset create h hash:ip
ipset add h 10.0.0.0/30
ipset add h 10.0.1.1-10.0.1.3
ipset list h | tail -8 | sort
ipset del h 10.0.0.0/31
ipset add nets 10.0.0.0/0
ipset add nets 10.0.0.0/x
ipset add nets 10.0.0.0/-1
ipset add ports 10.0.2.0/31,tcp:22
ipset save ports | grep -v create | sort
