# Found by the wide random scripts (seed 839): a multipath route whose every nexthop has lost its carrier is itself
# marked linkdown when one device's carrier loss takes them all (fib_sync_down_dev), not when they go one device at a time.
ip link add veth1 type veth peer name veth1p
ip link add veth2 type veth peer name veth2p
ip addr add 10.12.0.1/24 dev veth1
ip addr add 10.13.0.1/24 dev veth2
ip link set veth1 up
ip link set veth2 up
ip link set veth1p up
ip link set veth2p up
sleep 1
ip route append 10.62.0.0/16 metric 20 nexthop via 10.12.0.4 nexthop via 10.12.0.9 weight 2 nexthop via 10.13.0.2 weight 2
ip route show 10.62.0.0/16
ip link set veth1p down
sleep 1
ip route show 10.62.0.0/16
ip link set veth2p down
sleep 1
ip route show 10.62.0.0/16
ip -j route show 10.62.0.0/16
ip link set veth1p up
ip link set veth2p up
sleep 1
ip route append 10.63.0.0/16 metric 20 nexthop via 10.12.0.4 nexthop via 10.12.0.9 weight 2
ip link set veth1p down
sleep 1
ip route show 10.63.0.0/16
ip -j route show 10.63.0.0/16
