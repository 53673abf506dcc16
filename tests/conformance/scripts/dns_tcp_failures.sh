# DNS over TCP that finds no server: refused on lo (dig +tcp, nslookup -vc, host -T), a LAN address nobody answers (dig's and nslookup's TCP timeouts), no route (BIND's 'Connection to ... failed: network unreachable.', the TCP wording of a setup failure).
ip link set lo up
ip link add veth0 type veth peer name veth1
ip addr add 192.168.1.10/24 dev veth0
ip link set veth0 up
ip link set veth1 up
printf 'nameserver 127.0.0.1\n' > /etc/resolv.conf
dig +tcp www.example.org
dig +tcp +tries=2 @127.0.0.1 www.example.org
nslookup -vc www.example.org
host -T www.example.org
dig +tcp +time=1 +tries=1 @192.168.1.100 www.example.org
nslookup -vc -timeout=1 -retry=0 www.example.org 192.168.1.100
dig +tcp @10.99.99.99 www.example.org
nslookup -vc www.example.org 10.99.99.99
host -T www.example.org 10.99.99.99
