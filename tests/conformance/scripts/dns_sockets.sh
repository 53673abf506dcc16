# The resolvers' sockets as conntrack sees them, with nobody on the nameservers: glibc sends A and AAAA from one socket (one flow), a new socket per try after an error (attempts), single-request-reopen and single-request stop at the first query's error; dig, host and nslookup retry the first server and then try each next one once (dighost's one retry count).
ip link set lo up
iptables -A OUTPUT -m conntrack --ctstate NEW -j ACCEPT
printf 'nameserver 127.0.0.1\noptions attempts:1\n' > /etc/resolv.conf
getent ahosts web.test
conntrack -L -p udp 2>/dev/null | wc -l
conntrack -F 2>/dev/null
printf 'nameserver 127.0.0.1\noptions attempts:2\n' > /etc/resolv.conf
getent ahosts web.test
conntrack -L -p udp 2>/dev/null | wc -l
conntrack -F 2>/dev/null
printf 'nameserver 127.0.0.1\noptions attempts:1 single-request-reopen\n' > /etc/resolv.conf
getent ahosts web.test
conntrack -L -p udp 2>/dev/null | wc -l
conntrack -F 2>/dev/null
printf 'nameserver 127.0.0.1\nnameserver 127.0.0.2\noptions attempts:2 single-request\n' > /etc/resolv.conf
getent ahosts web.test
conntrack -L -p udp 2>/dev/null | wc -l
conntrack -F 2>/dev/null
getent hosts web.test
conntrack -L -p udp 2>/dev/null | wc -l
conntrack -F 2>/dev/null
dig +tries=2 web.test > /dev/null
conntrack -L -p udp 2>/dev/null | wc -l
conntrack -F 2>/dev/null
host -R 1 web.test
conntrack -L -p udp 2>/dev/null | wc -l
conntrack -F 2>/dev/null
nslookup -retry=1 web.test
conntrack -L -p udp 2>/dev/null | wc -l
