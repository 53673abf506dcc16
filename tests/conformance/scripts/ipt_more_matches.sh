# Further match and target extensions from firewall tutorials: length, ttl, pkttype, owner, connmark/CONNMARK, recent, connlimit, string.
iptables -A INPUT -m length --length 100:200 -j ACCEPT
iptables -A INPUT -m length ! --length 1000 -j ACCEPT
iptables -A INPUT -m ttl --ttl-eq 64 -j ACCEPT
iptables -A INPUT -m ttl --ttl-lt 10 -j ACCEPT
iptables -A INPUT -m ttl ! --ttl-eq 1 -j ACCEPT
iptables -A INPUT -m ttl --ttl-gt 100 -j ACCEPT
iptables -A INPUT -m pkttype --pkt-type broadcast -j DROP
iptables -A INPUT -m pkttype ! --pkt-type unicast -j DROP
iptables -A OUTPUT -m owner --uid-owner 0 -j ACCEPT
iptables -A OUTPUT -m owner --uid-owner root -j ACCEPT
iptables -A OUTPUT -m owner ! --gid-owner 1000 -j ACCEPT
iptables -A OUTPUT -m owner --socket-exists -j ACCEPT
iptables -t mangle -A PREROUTING -j CONNMARK --restore-mark
iptables -t mangle -A PREROUTING -m connmark --mark 0x1 -j ACCEPT
iptables -t mangle -A PREROUTING -m connmark ! --mark 0x2/0xff -j ACCEPT
iptables -t mangle -A POSTROUTING -j CONNMARK --save-mark
iptables -t mangle -A POSTROUTING -j CONNMARK --set-mark 0x5
iptables -t mangle -A POSTROUTING -j CONNMARK --set-xmark 0x5/0xf
iptables -t mangle -A POSTROUTING -j CONNMARK --save-mark --mask 0xff
iptables -A INPUT -p tcp --dport 22 -m recent --set --name SSH
iptables -A INPUT -p tcp --dport 22 -m recent --update --seconds 60 --hitcount 4 --name SSH -j DROP
iptables -A INPUT -m recent --rcheck --seconds 10 -j DROP
iptables -A INPUT -m recent --remove --name X --rdest
iptables -A INPUT -p tcp --syn --dport 80 -m connlimit --connlimit-above 10 -j REJECT
iptables -A INPUT -p tcp -m connlimit --connlimit-upto 5 --connlimit-mask 24 -j ACCEPT
iptables -A INPUT -m string --string "GET /" --algo bm -j ACCEPT
iptables -S
iptables -t mangle -S
iptables -L -n
iptables -L OUTPUT | grep -v GID
iptables -t mangle -L -n
iptables -t mangle -L
iptables -A INPUT -m length
iptables -A INPUT -m length --length abc
iptables -A INPUT -m length --length 70000
iptables -A INPUT -m ttl
iptables -A INPUT -m ttl --ttl-lt 300
iptables -A INPUT -m ttl --ttl-eq 1 --ttl-gt 2
iptables -A INPUT -m ttl ! --ttl-lt 5
iptables -A INPUT -m pkttype
iptables -A INPUT -m pkttype --pkt-type foo
iptables -A OUTPUT -m owner
iptables -A OUTPUT -m owner --uid-owner nosuchuser
iptables -A INPUT -m owner --uid-owner 0
iptables -A INPUT -m connmark
iptables -t mangle -A PREROUTING -j CONNMARK
iptables -t mangle -A PREROUTING -j CONNMARK --set-mark x
iptables -A INPUT -m recent
iptables -A INPUT -m recent --set --update
iptables -A INPUT -m recent --set --rsource --rdest
iptables -A INPUT -m recent --rcheck --hitcount 100
iptables -A INPUT -m connlimit
iptables -A INPUT -m connlimit --connlimit-above 1 --connlimit-upto 2
iptables -A INPUT -m string
iptables -A INPUT -m string --string x
iptables -A INPUT -m string --algo foo --string x
iptables -A INPUT -m ttl --ttl-gt 64 -m length --length 100 -m pkttype --pkt-type multicast -m string --string abc --algo kmp -m recent ! --rcheck --name N --rdest
iptables -A INPUT -p tcp -m connlimit --connlimit-above 3 --connlimit-daddr
iptables -S INPUT
iptables -L INPUT -n
