# Found by the random scripts (seed 437): ip route del in a table the netns never made (main before the first address or route, or a numbered one) says "Error: FIB table does not exist." (no "ipv4:"), rc 2; in a made table a missing route is "No such process". net-tools route del answers SIOCDELRT: No such process there, and route add through a down device SIOCADDRT: Network is down.
ip netns add g
ip -n g route del 10.63.0.0/24
ip -n g route del 10.63.0.0/24 table 100
ip -n g -6 route del 2001:db8::/64 table 100
ip -n g -6 route del 2001:db8::/64
ip -n g link set lo up
ip -n g route del 10.63.0.0/24
ip -n g route del 10.63.0.0/24 table 100
ip -n g route del default
ip -n g route add 10.63.0.0/24 dev lo table 100
ip -n g route del 10.63.0.0/24 table 100
ip -n g route del 10.63.0.0/24 table 100
ip netns add h
ip netns exec h route del -net 10.0.0.0/8
ip netns exec h route del default
ip netns exec h route add -net 10.0.0.0/8 dev lo
ip -n h link set lo up
ip -n h link set lo down
ip netns exec h route add -net 10.0.0.0/8 dev lo
ip netns exec h route -n
