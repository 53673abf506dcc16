# bridge fdb sticky: an entry added `sticky` (static or dynamic, never permanent) shows the flag before `master`
# (fdb_print_flags; -j "flags":["sticky"]), and learning never moves it; a static entry that is not sticky roams to
# the port its MAC is seen on (br_fdb_update), keeping its state. `bridge fdb show` skips words it does not know.
ip link add br0 type bridge
ip link add p0 type veth peer name q0
ip link set p0 master br0
ip link set br0 up
ip link set p0 up
bridge fdb add 02:0e:00:00:00:01 dev p0 master static sticky
bridge fdb add 02:0e:00:00:00:02 dev p0 master sticky
bridge fdb add 02:0e:00:00:00:04 dev p0 master dynamic sticky
bridge fdb add 02:0e:00:00:00:05 dev p0 master static
bridge fdb add 02:0e:00:00:00:06 dev p0 master dynamic
bridge fdb add 02:0e:00:00:00:06 dev p0 master static
bridge fdb add 02:0e:00:00:00:06 dev p0 master dynamic
bridge fdb replace 02:0e:00:00:00:06 dev p0 master dynamic sticky
bridge fdb show dev p0 | grep 02:0e | sort
bridge -d fdb show dev p0 | grep 02:0e | sort
bridge -j fdb show dev p0 | grep -o '"mac":"02:0e[^}]*}' | sort
bridge fdb replace 02:0e:00:00:00:05 dev p0 master static sticky
bridge fdb replace 02:0e:00:00:00:01 dev p0 master static
bridge fdb show dev p0 | grep 02:0e | sort
bridge fdb show dev p0 sticky | grep 02:0e | sort
bridge fdb show br br0 nosuchword | grep -c 02:0e
ip link set q0 up
sleep 2
bridge fdb add 02:0e:00:00:00:09 dev p0 master dynamic
bridge fdb add 02:0e:00:00:00:09 dev p0 master static
bridge fdb replace 02:0e:00:00:00:09 dev p0 master dynamic sticky
bridge fdb show dev p0 | grep 02:0e:00:00:00:09
ip netns add n1
ip link add br1 type bridge
ip link set br1 up
ip addr add 10.8.0.1/24 dev br1
ip link add p5 type veth peer name q5
ip link add p6 type veth peer name q6 netns n1
ip link set p5 master br1
ip link set p6 master br1
ip link set p5 up
ip link set p6 up
bridge fdb add 02:0e:00:00:00:17 dev p5 master static
bridge fdb add 02:0e:00:00:00:18 dev p5 master static sticky
ip -n n1 link set q6 address 02:0e:00:00:00:17
ip -n n1 addr add 10.8.0.7/24 dev q6
ip -n n1 link set q6 up
sleep 2
ip netns exec n1 ping -c 1 -W 1 10.8.0.1
bridge fdb show br br1 | grep 02:0e | sort
ip -n n1 link set q6 address 02:0e:00:00:00:18
sleep 1
ip netns exec n1 ping -c 1 -W 1 10.8.0.1
bridge fdb show br br1 | grep 02:0e | sort
bridge fdb add 02:0e:00:00:00:19 dev p5 master static sticky
bridge fdb add 02:0e:00:00:00:1a dev p5 master static
bridge fdb flush dev br1 nosticky static
bridge fdb show br br1 | grep 02:0e | sort
bridge fdb add 02:0e:00:00:00:1a dev p5 master static
bridge fdb flush dev br1 sticky
bridge fdb show br br1 | grep 02:0e | sort
