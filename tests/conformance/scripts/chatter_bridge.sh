# The seed's bridge v-net-0 with three netns: the frames the veths send by themselves (DAD, MLDv2, RS) as the bridge and its ports receive them, what the bridge learned from them, and a bridge without multicast snooping; read when settled (9 s).
# What v-net-0 and its ports send depends on how fast the commands ran (its first reports leave 8 ms after it is up, its ports forward from the moment each comes up), so only their RX is compared.
ip netns add red
ip netns add blue
ip netns add green
ip link add v-net-0 type bridge
ip link set dev v-net-0 up
ip link add veth-red type veth peer name veth-red-br
ip link add veth-blue type veth peer name veth-blue-br
ip link add veth-green type veth peer name veth-green-br
ip link set veth-red netns red
ip link set veth-blue netns blue
ip link set veth-green netns green
ip link set veth-red-br master v-net-0
ip link set veth-blue-br master v-net-0
ip link set veth-green-br master v-net-0
ip link add br1 type bridge mcast_snooping 0
ip link add p1 type veth peer name e1
ip link set p1 master br1
ip link set br1 up
ip -n red link set veth-red up
ip -n blue link set veth-blue up
ip -n green link set veth-green up
ip link set veth-red-br up
ip link set veth-blue-br up
ip link set veth-green-br up
ip link set p1 up
ip link set e1 up
sleep 9
ip -s link show v-net-0 | head -4
ip -s -s link show veth-red-br | head -6
ip -s link show veth-blue-br | head -4
ip -n red -s link show veth-red | sed 3,4d
ip -n green -s link show veth-green | sed 3,4d
ip -s link show br1
ip -s link show p1
ip -s link show e1
bridge fdb show br v-net-0 | grep -v permanent | grep -v "^33:33\|^01:00" | wc -l
bridge fdb show br v-net-0 | grep -v permanent | grep -v "^33:33\|^01:00" | cut -d" " -f2-
bridge fdb show br br1 | grep -v permanent
netstat -i | grep -v "^v-net-0\|^veth-"
cat /proc/net/dev | grep -v "lo:\|v-net-0:\|veth-"
