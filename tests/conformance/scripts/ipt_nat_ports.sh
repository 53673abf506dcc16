# NAT port specifications as libxt_NAT (iptables 1.8.9) parses them: --to-ports and the :PORT[-PORT] of --to-destination/--to-source -- numbers in any base, service names, reversed ranges ("funky"), garbage after a value or a range, port:port, brackets.
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 3000-2000
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 5-0
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 3000-70000
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 70000
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1-abc
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1,2
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 3000-
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports -3000
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1:2
iptables -t nat -A POSTROUTING -p udp -j MASQUERADE --to-ports 0x10
iptables -t nat -A POSTROUTING -p udp -j MASQUERADE --to-ports 010-0x20
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports http
iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 8080-8079
iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports ' 5'
iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 8080-8080
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.2:3000-2000
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.2:1-2-3
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.2:
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination [10.0.0.2]:80
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.999:abc
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.2:80:90
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.2:0x50
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination :8080
iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 10.0.0.1-10.0.0.3:1024-1023
iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 10.0.0.1:https
iptables-save -t nat | grep -v "^#"
iptables -t nat -L -n
