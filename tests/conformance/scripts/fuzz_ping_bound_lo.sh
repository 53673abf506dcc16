# A socket bound to a device (ping -I DEV: SO_BINDTODEVICE) takes only packets whose inet_iif is DEV; a packet looped
# back through lo has as iif its output route's rt_iif, the device of the local route (FIB_RES_OIF). So ping -I lo to
# an address of v0 sends from that address, the request is answered, and the reply (to v0's address) never reaches the
# socket; from an address of lo (10.3.0.1, 127.0.0.1) it does. ping -I lo to a foreign address goes "on link" out lo.
ip link set lo up
ip link add v0 type veth peer name v0p
ip addr add 10.1.0.1/24 dev v0
ip addr add 10.1.0.7/24 dev v0
ip link set v0 up
ip link set v0p up
sleep 2
ping -c 1 -W 1 -I lo 10.1.0.1
ip route get 10.1.0.1 oif lo
ip addr add 10.3.0.1/24 dev lo
ip route add default dev v0
ping -c 1 -W 1 -I lo 10.1.0.7
ping -c 1 -W 1 -I lo 10.3.0.1
ping -c 1 -W 1 -I lo 127.0.0.5
ping -c 1 -W 1 -I v0 10.3.0.1
ping -c 1 -W 1 -I v0 10.1.0.7
ping -c 1 -W 1 -I 10.1.0.1 10.1.0.7
ping -c 1 -W 1 -I lo 10.9.9.9
ip route get 10.9.9.9 oif lo
grep ^Icmp: /proc/net/snmp
