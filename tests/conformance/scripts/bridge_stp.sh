# Kernel STP (stp_state 1): a port that comes up listens for forward_delay, learns for forward_delay, then forwards; the bridge has no carrier until a port forwards; BPDUs every hello_time; bridge link set state refused (EBUSY).
ip netns add sw
ip netns add a
ip netns add b
ip netns exec sw sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
ip netns exec a sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
ip netns exec b sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
ip -n sw link add br0 type bridge mcast_snooping 0 stp_state 1 forward_delay 200
ip -n a link add e-a type veth peer name p-a netns sw
ip -n b link add e-b type veth peer name p-b netns sw
ip -n sw link set p-a master br0
ip -n sw link set p-b master br0
ip -n a addr add 10.0.0.1/24 dev e-a
ip -n b addr add 10.0.0.2/24 dev e-b
ip -n a link set e-a up
ip -n b link set e-b up
ip -n sw link set br0 up
ip netns exec sw bridge link
ip -n sw link set p-a up
ip -n sw link set p-b up
ip netns exec sw bridge link
ip -n sw link show br0 | head -1
ip netns exec sw bridge link set dev p-a state 3
ip netns exec a ping -c 1 -W 1 10.0.0.2 | grep received
sleep 1.5
ip netns exec sw bridge link
ip -n sw link show br0 | head -1
sleep 2.2
ip netns exec sw bridge link
ip -n sw link show br0 | head -1
ip netns exec a ping -c 1 -W 1 10.0.0.2 | grep received
ip -n sw -d link show br0 | grep -o "stp_state [0-9]* priority [0-9]*\|root_port [0-9]*\|forward_delay [0-9]*"
ip -n sw link set br0 type bridge stp_state 0
ip netns exec sw bridge link
ip -n sw link set p-a down
ip netns exec sw bridge link show dev p-a
ip -n sw link set br0 type bridge stp_state 1
ip -n sw link set p-a up
ip netns exec sw bridge link
ip -n sw link show br0 | head -1
sleep 2.3
ip netns exec sw bridge link show dev p-a
ip -n sw link set br0 type bridge forward_delay 100
ip -n sw link set br0 type bridge forward_delay 3100
