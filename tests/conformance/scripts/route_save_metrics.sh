# ip route save/restore/showdump keep the routes' metrics (mtu lock, advmss, rtt, initcwnd) and realms.
ip link add v0 type veth peer name v1
ip addr add 10.5.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
ip route add 10.6.0.0/16 via 10.5.0.2 mtu lock 1400 advmss 1300 realms 2/3
ip route add 10.7.0.0/16 dev v0 rtt 1s initcwnd 10
ip route save > /tmp/routes.bin
ip route flush 10.6.0.0/16
ip route flush 10.7.0.0/16
ip route restore < /tmp/routes.bin
ip route
ip route showdump < /tmp/routes.bin
