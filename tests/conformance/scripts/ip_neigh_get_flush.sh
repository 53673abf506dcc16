# ip -s neigh get (neigh_get holds one more reference: ref N+1; -j prints text as 6.1 does) and ip -s -s neigh flush (each flushed entry printed before the round summary).
. topologies/a_r_b.sh
ip netns exec a ping -c 1 10.1.0.1 > /dev/null
ip -n a -s neigh get 10.1.0.1 dev va
ip -n a -s -j neigh get 10.1.0.1 dev va
ip -n a neigh get 10.1.0.1 dev va
ip -n a -s neigh show 10.1.0.1
ip -n a -s -br neigh
ip -n a -s -o neigh
ip -n a neigh flush dev va
ip -n a -s neigh
ip netns exec a ping -c 1 10.1.0.1 > /dev/null
ip -n a -s -s neigh flush all
ip -n a -s neigh flush all
ip netns exec a ping -c 1 10.1.0.1 > /dev/null
ip -n a neigh add 10.1.0.60 lladdr 02:00:00:00:00:60 dev va
ip -n a -s -s neigh flush dev va
ip -n a -s neigh get 10.1.0.60 dev va
