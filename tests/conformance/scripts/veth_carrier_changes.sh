# A veth pair's carrier changes (ip -s -s link transns, -j carrier_changes): 1 at creation, then each time the pair's carrier comes on or goes off (up/down of either end, a move to another netns), counted on both ends.
ip link add va type veth peer name vb
ip -s -s link show va | tail -1
ip link set va up
ip -j -s -s link show vb | grep -o '"carrier_changes":[0-9]*'
ip link set vb up
ip -s -s link show va | tail -1
ip link set va down
ip link set va up
ip link set vb down
ip -s -s link show va | tail -1
ip -s -s link show vb | tail -1
ip netns add n1
ip link set vb up
ip link set vb netns n1
ip -s -s link show va | tail -1
ip -n n1 -s -s link show vb | tail -1
ip -n n1 link set vb up
ip -s -s link show va | tail -1
ip link add vc type veth peer name vd
ip link set vc up
ip link set vd up
ip link set vc mtu 1400
ip link set vc address 02:00:00:00:00:01
ip -s -s link show vc | tail -1
