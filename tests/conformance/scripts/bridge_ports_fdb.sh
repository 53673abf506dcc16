# bridge link show/-d/-j/set (cost, priority, STP state, port flags, errors) and bridge fdb add/replace/del,
# dynamic entries on a port that cannot learn, self entries on the bridge, state selectors, get, flush, vlan.
ip link add c0 type veth peer name c1
ip link add br0 type bridge
ip link set c0 master br0
ip link set br0 up
ip link set c0 up
ip link set c1 up
sleep 1
bridge link
bridge link show
bridge link show dev c0
bridge -d link show dev c0
bridge -j link
bridge -j -p link show dev c0
bridge link set dev c0 cost 10
bridge link set dev c0 priority 5
bridge link set dev c0 hairpin on
bridge link set dev c0 learning off
bridge link set dev c0 state 1
bridge link set dev c0 guard on
bridge -d link show dev c0
bridge link set dev c0 cost abc
bridge link set dev c1 cost 10
bridge link set dev nosuch cost 10
bridge link set dev c0 bogus on
bridge link set dev c0 hairpin maybe
bridge fdb show dev c0 | grep -v 33:33 | grep -v 01:00
bridge fdb add 02:00:00:00:00:aa dev c0 master static
bridge fdb show dev c0 | grep 02:00:00:00:00:aa
bridge fdb add 02:00:00:00:00:aa dev c0 master static
bridge fdb replace 02:00:00:00:00:aa dev c0 master
bridge fdb show dev c0 | grep 02:00:00:00:00:aa
bridge fdb del 02:00:00:00:00:aa dev c0 master
bridge fdb del 02:00:00:00:00:aa dev c0 master
bridge fdb add 02:00:00:00:00:bb dev c0 master dynamic
bridge fdb show dev c0 | grep 02:00:00:00:00:bb
bridge fdb add 02:00:00:00:00:cc dev c0 self
bridge fdb show dev c0 | grep 02:00:00:00:00:cc
bridge fdb add 02:00:00:00:00:dd dev br0 self local
bridge fdb show dev br0 | grep 02:00:00:00:00:dd
bridge fdb show br br0 brport c0 | grep 02:00:00
bridge fdb show state static | grep 02:00
bridge -s fdb show dev c0 | grep 02:00:00:00:00:bb | sed -E "s/used [0-9]+\/[0-9]+/used X/"
bridge fdb get 02:00:00:00:00:bb br br0
bridge fdb get 02:00:00:00:00:99 br br0
bridge fdb flush dev c0
bridge fdb show dev c0 | grep 02:00
bridge fdb add 02:00:00:00:00:ee dev c0 master vlan 10
bridge fdb add zz dev c0
bridge fdb add 02:00:00:00:00:01 via dev c0 master static
bridge fdb add 02:00:00:00:00:01 via c9 dev c0 master static
