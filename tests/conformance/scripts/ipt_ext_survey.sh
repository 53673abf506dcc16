# Extensions service meshes and CNIs write (REDIRECT, owner, pkttype, length, ttl, hashlimit, NFLOG, dscp, TCPMSS, iprange, mac, set): rules, listings and saves. (TPROXY is not modelled.)
iptables -t nat -A OUTPUT -p tcp -m owner ! --uid-owner 1337 -j REDIRECT --to-ports 15001
iptables -t nat -A PREROUTING -p tcp --dport 80 -j REDIRECT --to-ports 8080-8090
iptables -A INPUT -m pkttype --pkt-type broadcast -j DROP
iptables -A INPUT -p icmp -m length --length 1000:65535 -j DROP
iptables -A INPUT -m ttl --ttl-lt 5 -j DROP
iptables -A INPUT -p tcp --syn -m hashlimit --hashlimit-above 10/sec --hashlimit-mode srcip --hashlimit-name syn -j DROP
iptables -A INPUT -j NFLOG --nflog-group 5 --nflog-prefix "in "
iptables -t mangle -A POSTROUTING -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
iptables -t mangle -A OUTPUT -m dscp --dscp 0x2e -j ACCEPT
iptables -A INPUT -m iprange --src-range 10.0.0.1-10.0.0.9 -j ACCEPT
iptables -A INPUT -m mac --mac-source 02:00:00:00:00:01 -j ACCEPT
iptables -A INPUT -m state --state INVALID -j DROP
iptables -A INPUT -p tcp -m multiport --sports 1000:2000,3000 -j ACCEPT
iptables -A INPUT -m limit --limit 3/hour -j LOG --log-prefix "x " --log-tcp-options
iptables -A FORWARD -m set --match-set nosuch src -j DROP
iptables -S
iptables -t nat -S
iptables -t mangle -S
iptables -L -n
iptables -t nat -L -n
iptables -t mangle -L -n
