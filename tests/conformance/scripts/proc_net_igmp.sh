# /proc/net/igmp, igmp6 and dev_mcast of a bridge lab: the groups of up devices (IGMP) and of every IPv6 device (MLD, down ones too), the bridge's snooping groups, users, timers and flags once the reports are done (sleep), per netns; solicited-node groups and their MACs end in the device's MAC (cut).
ip link add br0 type bridge
ip link add v0 type veth peer name v1
ip link set v1 master br0
ip addr add 10.0.0.1/24 dev br0
ip link set v1 up
ip link set br0 up
ip link set v0 up
ip link add v2 type veth peer name v3
ip netns add n1
ip netns exec n1 cat /proc/net/igmp /proc/net/igmp6 /proc/net/dev_mcast
sleep 4
cat -A /proc/net/igmp
cat /proc/net/igmp6 | sed 's/01ff[0-9a-f]\{6\} /01ffXXXXXX /'
cat /proc/net/dev_mcast | sed 's/3333ff[0-9a-f]\{6\}$/3333ffXXXXXX/'
ip link set br0 type bridge mcast_snooping 0
cat /proc/net/igmp
