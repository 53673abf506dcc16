# The further matches deciding for real traffic: recent (a ping flood cut after 3), length, ttl, owner, connmark/CONNMARK.
ip link set lo up
iptables -A INPUT -p icmp --icmp-type echo-request -m recent --update --seconds 60 --hitcount 3 --name P -j DROP
iptables -A INPUT -p icmp --icmp-type echo-request -m recent --set --name P
ping -c 5 -i 0.2 -W 1 127.0.0.1
iptables -L INPUT -v -n -x
iptables -F
iptables -A INPUT -m length --length 0:100 -j ACCEPT
iptables -A INPUT -m length --length 101:65535 -j ACCEPT
iptables -A INPUT -m ttl --ttl-eq 64 -j ACCEPT
iptables -A OUTPUT -m owner --uid-owner 0 -j ACCEPT
iptables -A OUTPUT -m owner ! --socket-exists -j ACCEPT
ping -c 1 127.0.0.1
ping -c 1 -s 200 127.0.0.1
ping -c 1 -t 5 127.0.0.1
iptables -L -v -n -x
iptables -t mangle -A OUTPUT -p icmp -j CONNMARK --set-mark 0x7
iptables -t mangle -A PREROUTING -m connmark --mark 0x7 -j MARK --set-mark 0x3
iptables -A INPUT -m mark --mark 0x3 -j ACCEPT
ping -c 2 -i 0.2 127.0.0.1
iptables -t mangle -L -v -n -x
iptables -L INPUT -v -n -x
conntrack -L 2>/dev/null | sed -E "s/id=[0-9]+/id=N/g"
