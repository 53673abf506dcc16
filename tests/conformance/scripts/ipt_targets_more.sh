# TCPMSS, TTL, NFLOG targets and -m hashlimit: texts, where they may be used, and their errors.
iptables -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
iptables -t mangle -A POSTROUTING -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1400
iptables -t mangle -A POSTROUTING -p tcp -j TCPMSS --set-mss 1400
iptables -t mangle -A POSTROUTING -j TCPMSS --set-mss 1400
iptables -t mangle -A PREROUTING -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
iptables -t mangle -A PREROUTING -p tcp --syn -j TCPMSS
iptables -t mangle -A PREROUTING -j TTL --ttl-set 64
iptables -t mangle -A PREROUTING -j TTL --ttl-inc 1
iptables -A INPUT -j NFLOG --nflog-group 5 --nflog-prefix "in"
iptables -A INPUT -m hashlimit --hashlimit-above 10/min --hashlimit-mode srcip,dstport --hashlimit-name h1 -j DROP
iptables -A INPUT -m hashlimit --hashlimit-upto 5/sec --hashlimit-name h2 -j ACCEPT
iptables -A INPUT -m hashlimit --hashlimit 5/sec --hashlimit-name h3 -j ACCEPT
iptables -S
iptables -t mangle -S
iptables -L -n
iptables -t mangle -L -n
iptables -t mangle -L
iptables -A INPUT -m hashlimit --hashlimit-upto 5/sec
iptables -A INPUT -m hashlimit --hashlimit-name x
iptables -t filter -A INPUT -j TTL --ttl-set 3
iptables -t mangle -A INPUT -j TTL
iptables -t mangle -A INPUT -j TTL --ttl-set 300
iptables -t mangle -A INPUT -j TCPMSS --set-mss 1 --clamp-mss-to-pmtu
iptables -N M
iptables -A M -p tcp -j TCPMSS --clamp-mss-to-pmtu
iptables -S M
ip link set lo up
iptables -F
iptables -t mangle -F
iptables -t mangle -A OUTPUT -p icmp -j TTL --ttl-set 10
ping -c 1 127.0.0.1
iptables -t mangle -F
iptables -A INPUT -p icmp --icmp-type echo-request -m hashlimit --hashlimit-upto 2/sec --hashlimit-burst 2 --hashlimit-mode srcip --hashlimit-name p -j ACCEPT
iptables -A INPUT -p icmp --icmp-type echo-request -j DROP
ping -c 6 -i 0.1 -W 1 127.0.0.1
iptables -L INPUT -v -n -x
