# ip maddr: each device's multicast memberships (link-layer, inet, inet6; a snooping bridge's 224.0.0.106 and ff02::6a), -4/-6/-0, -o, -j, dev filter, errors.
ip link add br0 type bridge
ip link add va type veth peer name vb
ip link set va master br0
ip link add vc type veth peer name vd
ip link set br0 up
ip link set va up
ip link set vb up
ip link set lo up
sleep 1
ip maddr | sed 's/33:33:ff:..:..:../33:33:ff:X/; s/ff02::1:ff[0-9a-f]*:[0-9a-f]*/ff02::1:ffX/'
ip maddr show dev lo
ip -4 maddr
ip -6 maddr show dev lo
ip -0 maddr show br0 | head -3
ip -o maddr show dev lo
ip -j maddr show dev lo
ip maddr show dev nope
ip maddr show dev br0 extra
ip maddr show dev
ip maddr foo
ip maddr help
ip maddr show dev vc
ip maddr show dev vd
ip link add br1 type bridge mcast_snooping 0
ip link set br1 up
ip -4 maddr show dev br1
