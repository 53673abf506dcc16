# Found by the wide random scripts: `ping -I DEV` binds the socket to DEV, so the route lookup takes only routes whose
# nexthop is DEV (local ones too: fib_lookup_good_nhc); another device's own address is then "on link through DEV":
# the kernel ARPs for it there (the owner does not answer an ARP request from one of its own addresses, nor for
# 127.0.0.1: arp_process's input route is EINVAL) and the ping is lost, as is `-I DEV 127.0.0.1`. iputils warns when
# the source the probe connect picked is not an address of the -I device.
ip link set lo up
ip link add v0 type veth peer name v0p
ip link add br0 type bridge
ip link set v0p master br0
ip addr add 10.1.0.1/24 dev v0
ip addr add 10.2.0.1/24 dev br0
ip link set v0 up
ip link set v0p up
ip link set br0 up
ip link add d0 type veth peer name d0p
ip link set d0 up
ip link set d0p up
sleep 2
ping -c 1 -W 1 -I v0 10.2.0.1
ping -c 1 -W 1 -I v0 10.1.0.1
ping -c 1 -W 1 -I br0 10.2.0.1
ping -c 1 -W 1 -I d0 10.1.0.1
ping -c 1 -W 1 -I d0 10.9.0.1
ping -c 1 -W 1 -I lo 127.0.0.1
ping -c 1 -W 1 -I v0 127.0.0.1
ping -c 1 -W 1 -I 10.1.0.1 10.2.0.1
sleep 3
ip -4 neigh show dev v0 | sort
