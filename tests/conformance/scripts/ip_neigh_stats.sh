# ip -s neigh: ref (a pending timer), used/confirmed/updated in seconds (a new entry is confirmed 60 s in the past), probes (3 + each solicitation), for a resolved, a learned, a failed and hand-made entries; -j -s.
. topologies/a_r_b.sh
ip netns exec a ping -c 1 10.1.0.1 > /dev/null
ip -n a -s neigh | sort
ip -n r -s neigh show dev ra
ip -n a -s -s neigh | sort
sleep 2
ip -n a -s neigh | sort
ip netns exec a ping -c 1 10.1.0.9 > /dev/null
ip -n a -s neigh | sort
sleep 4
ip -n a -s neigh | sort
ip -n a -j -s neigh show 10.1.0.9
ip -n a -j -s neigh show 10.1.0.1
ip -n a -j -s neigh show dev va nud failed
ip -n a -j neigh show dev va nud failed
ip -n a neigh add 10.1.0.50 lladdr 02:00:00:00:00:50 dev va
ip -n a neigh add 10.1.0.51 lladdr 02:00:00:00:00:51 dev va nud noarp
ip -n a neigh add 10.1.0.52 lladdr 02:00:00:00:00:52 dev va nud stale
ip -n a neigh add 10.1.0.53 lladdr 02:00:00:00:00:53 dev va nud reachable router
ip -n a -s neigh show 10.1.0.50
ip -n a -s neigh show nud reachable | sort
ip -n a -s neigh show nud stale
ip -n a -s neigh show nud noarp | grep 10.1
ip -n a -s neigh show 10.1.0.53
ip -n a -s -br neigh | sort
sleep 2
ip -n a neigh change 10.1.0.52 lladdr 02:00:00:00:00:62 dev va nud stale
ip -n a neigh replace 10.1.0.50 lladdr 02:00:00:00:00:50 dev va
ip -n a -s neigh | sort
ip -n a -s neigh show nud noarp | grep 10.1
ip -n a -s neigh show 10.1.0.9
