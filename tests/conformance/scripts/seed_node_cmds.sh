# The node commands of the seed's cluster-networking section as typed (netstat -pInt included), and their neighbours: netstat -plnt/-plnu/-an/-r, arp, route without -n.
ip link set lo up
ip link add eth0 type veth peer name peer0
ip addr add 192.168.1.10/24 dev eth0
ip link set eth0 up
ip link set peer0 up
ip addr add 192.168.1.11/24 dev peer0
ip route add 192.168.2.0/24 via 192.168.1.1
ping -c 1 -W 1 192.168.1.11 > /dev/null
ping -c 1 -W 1 192.168.1.1 > /dev/null
netstat -pInt
netstat -pIeth0
netstat -Ieth0
netstat -I
netstat -plnt
netstat -plnu
netstat -nr
netstat -rn | tail -n +3 | sort
netstat -an | head -3
netstat -s | head -3
arp
arp -n | sort
arp -a | sort
arp -e | head -1
route
route -n
cat /proc/sys/net/ipv4/ip_forward
