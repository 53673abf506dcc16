# Found by the random scripts (seed 92): a device that loses its carrier (its veth peer set down) loses its neighbour entries, PERMANENT ones kept (neigh_carrier_down, from linkwatch: read after 3 s, since linkwatch waits for the RTNL lock and other tests' netns teardown can hold it past 1 s); a ping then leaves the entry INCOMPLETE.
. topologies/a_r_b.sh
ip netns exec r sysctl -w net.ipv4.ip_forward=1
sleep 1
ip netns exec b ping -c 1 -W 1 -q 10.1.0.2
ip netns exec r ip -4 neigh show dev rb
ip -n b link set dev vb down
sleep 3
ip netns exec r ip -4 neigh show dev rb
ip netns exec r ping -c 2 -i 0.2 -W 1 10.2.0.2
ip netns exec r ip -4 neigh show dev rb
ip -n r neigh add 10.2.0.77 lladdr 02:00:00:00:00:77 dev rb nud permanent
ip -n r neigh add 10.2.0.78 lladdr 02:00:00:00:00:78 dev rb nud stale
ip -n b link set dev vb up
sleep 1
ip -n b link set dev vb down
sleep 3
ip netns exec r ip -4 neigh show dev rb
