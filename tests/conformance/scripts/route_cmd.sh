# net-tools route: add/del checks (netmask vs address, host routes), reject routes, -e/-ee/-A inet listings.
ip link add v0 type veth peer name v1
ip addr add 10.5.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
route add -net 10.10.0.1/24 gw 10.5.0.2
route add -net 10.10.0.1 netmask 255.255.255.0 gw 10.5.0.2
route add -host 10.10.0.1/24 gw 10.5.0.2
route add
route add -net 10.11.0.0/24 gw 10.5.0.2 metric 3
route -e
route -ee
route -A inet
route -4 -n
route -n -v
route del -net 10.11.0.0/24 gw 10.5.0.9
route del -net 10.11.0.0 netmask 255.255.255.0
route add -net 10.12.0.0/24 dev nosuch
route add -net 10.12.0.0/33 dev v0
route add -net 10.12.0.0/24 reject
route -n
route add -net 10.6.0.0 gw 10.5.0.2
route add -net 10.0.0.0 gw 10.5.0.2
route add -net 192.168.7.0 gw 10.5.0.2
route add 10.7.0.0/16 gw 10.5.0.2
route add 10.8.0.5 gw 10.5.0.2
route add -host 10.9.0.0/16 gw 10.5.0.2
route add -host 10.9.0.0/32 gw 10.5.0.2
route add -net 172.16.0.0 gw 10.5.0.2
route -n
