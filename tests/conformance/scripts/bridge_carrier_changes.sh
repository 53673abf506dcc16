# A bridge's carrier changes (ip -s -s link transns, -j carrier_changes): none while it has never had a port, then each on/off as a port starts or stops forwarding, the bridge goes down or up, or the last port leaves.
ip link add br0 type bridge
ip -s -s link show br0 | tail -1
ip link set br0 up
ip -s -s link show br0 | tail -1
ip link add p1 type veth peer name e1
ip link set p1 master br0
ip -s -s link show br0 | tail -1
ip link set p1 up
ip link set e1 up
sleep 1
ip -s -s link show br0 | tail -1
ip link add p2 type veth peer name e2
ip link set p2 master br0
ip link set p2 up
ip link set e2 up
sleep 1
ip -s -s link show br0 | tail -1
ip link set e1 down
sleep 1
ip -s -s link show br0 | tail -1
ip link set e2 down
sleep 1
ip -j -s -s link show br0 | grep -o '"carrier_changes":[0-9]*'
ip link set p1 nomaster
ip link set p2 nomaster
sleep 1
ip -s -s link show br0 | tail -1
ip link set br0 down
ip link set br0 up
sleep 1
ip -s -s link show br0 | tail -1
ip link add br1 type bridge
ip link add p3 type veth peer name e3
ip link set p3 master br1
ip link set p3 up
ip link set e3 up
ip -j -s -s link show br1 | grep -o '"carrier_changes":[0-9]*'
ip link set br1 up
sleep 1
ip -j -s -s link show br1 | grep -o '"carrier_changes":[0-9]*'
ip link set br1 down
sleep 1
ip link set br1 up
sleep 1
ip -j -s -s link show br1 | grep -o '"carrier_changes":[0-9]*'
ip link del p3
sleep 1
ip -j -s -s link show br1 | grep -o '"carrier_changes":[0-9]*'
ip link set e2 up
ip link set p2 master br1
sleep 1
ip -j -s -s link show br1 | grep -o '"carrier_changes":[0-9]*'
ip link set p2 down
sleep 1
ip link set p2 up
sleep 1
ip -s -s -d link show br1 | tail -1
ip link del e2
sleep 1
ip -s -s link show br1 | tail -1
