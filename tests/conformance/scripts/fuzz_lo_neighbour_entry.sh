# A loopback device has one IPv4 neighbour entry whatever the next hop: arp_constructor keys every entry of an
# IFF_LOOPBACK device 0.0.0.0, made NOARP with lo's own address by the first local packet. `ip neigh add IP dev lo`
# finds no entry for IP (no 'File exists') but makes or updates that one (__neigh_create hands it back), and without
# lladdr keeps its address; del/change/get of IP find nothing. A MAC other than lo's makes local traffic OTHERHOST
# (lost); a STALE entry is used as any (DELAY). lo going down flushes it.
ip link set lo up
ip link add v0 type veth peer name v0p
ip addr add 10.1.0.1/24 dev v0
ip link set v0 up
ip neigh show nud all
ping -c 1 -W 1 127.0.0.1 > /dev/null
ip neigh show nud all
ip -s neigh show dev lo nud all
ip neigh show
ip neigh show nud noarp
ip neigh get 0.0.0.0 dev lo
ip neigh get 127.0.0.1 dev lo
arp -n
ip neigh add 10.0.0.5 dev lo
ip -s neigh show nud all
ip neigh add 10.0.0.6 dev lo
ip neigh add 0.0.0.0 dev lo lladdr 00:00:00:00:00:00
ip neigh change 10.0.0.6 dev lo lladdr 02:00:00:00:00:01
ip neigh replace 10.0.0.6 dev lo lladdr 02:00:00:00:00:01
ip neigh show dev lo
arp -n
ping -c 1 -W 1 127.0.0.1
ping -c 1 -W 1 10.1.0.1
ip -s link show lo
ip neigh del 10.0.0.6 dev lo
ip neigh replace 10.0.0.6 dev lo nud failed
ip neigh show nud all
ping -c 1 -W 1 10.1.0.1
ip neigh replace 0.0.0.0 dev lo lladdr 00:00:00:00:00:00 nud stale
ping -c 1 -W 1 10.1.0.1
ip neigh show nud all
ip neigh flush dev lo
ip neigh show nud all
ip neigh del 0.0.0.0 dev lo
ping -c 1 -W 1 10.1.0.1 > /dev/null
ip -s neigh show dev lo nud all
ip neigh flush all nud all
ip neigh show nud all
ping -c 1 -W 1 127.0.0.1 > /dev/null
ip link set lo down
ip neigh show nud all
