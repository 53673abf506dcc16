# bridge fdb flush: words it does not know are skipped (nud, foo), help/vlan/brport need a value, brport and dev checked by the kernel (not a bridge or port, EOPNOTSUPP without master on a port).
ip link add br0 type bridge
ip link add v1 type veth peer name v2
bridge fdb flush dev br0 foo
bridge fdb flush dev br0 nud
bridge fdb flush dev br0 nud foo
bridge fdb flush dev br0 nud reachable
bridge fdb flush dev br0 permanent foo
bridge fdb flush dev br0 vlan
bridge fdb flush dev br0 vlan 5
bridge fdb flush dev br0 brport
bridge fdb flush dev br0 brport v1
bridge fdb flush dev br0 dev v1
bridge fdb flush dev br0 self
bridge fdb flush dev br0 master nud
bridge fdb flush dev br0 help
bridge fdb flush dev br0 nostatic x y
bridge fdb flush dev v1
bridge fdb flush dev v1 master
bridge fdb flush dev v9
bridge fdb flush nud
ip link set v1 master br0
bridge fdb flush dev v1
bridge fdb flush dev v1 nud x
bridge fdb flush dev v1 master nud x
bridge fdb flush dev br0 brport v1
bridge fdb flush dev br0 brport v2
bridge fdb flush dev br0 brport v9
ip link add v3 type veth peer name v4
ip link set v3 master br0
bridge fdb add 02:00:00:00:00:01 dev v1 master static
bridge fdb add 02:00:00:00:00:03 dev v3 master static
bridge fdb flush dev br0 brport v1 vlan 7
bridge fdb show br br0 | grep -c 02:00:00:00:00
bridge fdb flush dev br0 brport v1
bridge fdb show br br0 | grep 02:00:00:00:00
bridge fdb add 02:00:00:00:00:01 dev v1 master static
bridge fdb flush dev v3 master brport br0
bridge fdb show br br0 | grep 02:00:00:00:00
bridge fdb flush dev br0 vlan 5000
bridge fdb flush dev br0 vlan 0
bridge fdb flush dev br0 vlan abc
bridge fdb flush dev br0 vlan 1 vlan 2
bridge fdb flush dev br0 brport v1 brport v9
bridge fdb flush dev br0 brport v3 help
