# A bridge's ageing_time: learned fdb entries leave once they were not refreshed for that long (ageing_time 0: at once); the bridge's own counters.
ip netns add sw
ip netns add a
ip netns add b
ip netns exec sw sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
ip netns exec a sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
ip netns exec b sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
ip -n sw link add br0 type bridge mcast_snooping 0 ageing_time 200
ip -n a link add e-a type veth peer name p-a netns sw
ip -n b link add e-b type veth peer name p-b netns sw
ip -n sw link set p-a master br0
ip -n sw link set p-b master br0
ip -n sw link set p-a up
ip -n sw link set p-b up
ip -n sw link set br0 up
ip -n sw addr add 10.0.0.254/24 dev br0
ip -n a addr add 10.0.0.1/24 dev e-a
ip -n b addr add 10.0.0.2/24 dev e-b
ip -n a link set e-a up
ip -n b link set e-b up
ip -n sw -d link show br0 | grep -o "ageing_time [0-9]*"
ip netns exec a ping -c 1 10.0.0.2 | grep received
ip netns exec sw bridge fdb show br br0 | grep -v permanent | wc -l
sleep 1.5
ip netns exec sw bridge fdb show br br0 | grep -v permanent | wc -l
sleep 1
ip netns exec sw bridge fdb show br br0 | grep -v permanent | wc -l
ip -n sw link set br0 type bridge ageing_time 0
ip netns exec a ping -c 1 10.0.0.2 | grep received
ip netns exec sw bridge fdb show br br0 | grep -v permanent | wc -l
ip -n sw link set br0 type bridge ageing_time 30000
ip netns exec a ping -c 1 10.0.0.254 | grep received
ip netns exec sw bridge fdb show br br0 | grep -v permanent | wc -l
sleep 0.1
ip -n sw -s link show br0 | awk 'NR==4 || NR==6 {print $1, $2}'
