# Found by the wide random scripts: a device up without carrier marks its broadcast routes 'linkdown' too (fib_sync_down_dev
# skips only nexthops of scope nowhere: the local routes).
ip link add v0 type veth peer name v0p
ip addr add 10.1.0.1/24 dev v0
ip addr add 10.3.0.1/32 dev v0
ip addr add 10.4.0.1/31 dev v0
ip link set v0 up
ip route add 10.9.0.0/24 via 10.1.0.5
ip route add broadcast 10.8.0.255 dev v0
ip route add local 10.7.0.1 dev v0
sleep 1
ip route show table all
ip -4 route show table all
ip route get 10.1.0.255
ip link set v0p up
sleep 1
ip -4 route show table local
