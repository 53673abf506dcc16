# ip netns add/list/del/set/identify/pids, ip -n views, -all delete, ip -j netns.
ip netns add red
ip netns add blue
ip netns
ip netns list
ip -j netns
ip netns add red
ip netns add "bad/name"
ip netns add ""
ip link add veth-red type veth peer name veth-blue
ip link set veth-red netns red
ip link set veth-blue netns blue
ip netns
ip -n red link
ip -n red addr add 192.168.15.1/24 dev veth-red
ip -n blue addr add 192.168.15.2/24 dev veth-blue
ip -n red link set veth-red up
ip -n blue link set veth-blue up
ip -n red link set lo up
ip -n red addr
ip -n red route
ip -n red neigh
ip -n red -br a
ip -n red route get 192.168.15.2
ip -n red -4 -o addr
ip netns identify
ip netns pids red
ip netns set red 5
ip netns list-id
ip netns
ip -n red link show veth-red
ip netns del blue
sleep 1
ip -n red link
ip netns del blue
ip netns delete red
ip netns
ip -n red link
ip netns foo
ip -all netns del
ip netns add x1
ip netns add x2
ip -all netns delete
ip netns
ip netns add red
ip netns add blue
ip netns set red 5
ip -j netns
ip -j -p netns
