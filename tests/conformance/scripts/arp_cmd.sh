# net-tools arp: listings, -s static/temp/pub (proxy) entries, -D (a device's address), -H, -d and their errors.
ip link add v0 type veth peer name v1
ip addr add 10.5.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
arp -a
arp -n
arp -s 10.5.0.7 00:11:22:33:44:55
arp -an
arp -n
arp -e
arp -a 10.5.0.7
arp -n 10.5.0.8
arp -d 10.5.0.7
arp -d 10.5.0.7
arp -s 10.5.0.8 zz:11:22:33:44:55
arp -i v0 -s 10.5.0.9 00:11:22:33:44:66
arp -s 10.99.0.9 00:11:22:33:44:66
arp -s 10.5.0.11 00:11:22:33:44:88 pub
arp -i nosuch -s 10.5.0.12 00:11:22:33:44:99
arp -v -n
arp -H ether -n
arp -H foo -n
arp -i v1 -n
arp -d 10.5.0.44
arp -d 10.9.9.9
arp -i v0 -s 10.5.0.21 00:11:22:33:44:88 pub
arp -n
arp -an
arp -d 10.5.0.21 pub
arp -i v0 -d 10.5.0.21 pub
arp -n
arp -D -s 10.5.0.15 nosuch
arp -s 10.5.0.16
arp -s
arp -d
arp -s nosuchhost 00:11:22:33:44:55
arp -d nosuchhost
arp nosuchhost
arp -D -s 10.5.0.13 v0
arp -n | grep 10.5.0.13
arp -s 10.5.0.17 00:11:22:33:44:55 foo
