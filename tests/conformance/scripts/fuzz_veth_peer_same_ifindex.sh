# Found by the random scripts (seed 9): ra (ifindex 2 in r) has its peer va at ifindex 2 in a; when va goes down, ra is DOWN, not LOWERLAYERDOWN (default_operstate: the iflink is the device's own ifindex).
. topologies/a_r_b.sh
ip -n b link del vb
sleep 1
ip netns exec a ip link set dev va down
sleep 1
ip -n r -br -4 a
ip -n r link
ip -n a link
