# bridge vlan on a kernel without bridge VLAN filtering: header-only listings, add refused, del a no-op on a port.
ip link add c0 type veth peer name c1
ip link add br0 type bridge
ip link set c0 master br0
ip link set br0 up
ip link set c0 up
ip link set c1 up
bridge vlan
bridge vlan show
bridge vlan show dev c0
bridge vlan show dev nosuch
bridge vlan show br0
bridge vlan show dev
bridge -j vlan show
bridge -s vlan show
bridge vlan tunnelshow
bridge vlan add vid 10 dev c0
bridge vlan add vid 10 pvid untagged dev c0
bridge vlan add vid 10 dev c0 master
bridge vlan add vid 10 dev nosuch
bridge vlan add dev c0
bridge vlan add vid 5000 dev c0
bridge vlan add vid abc dev c0
bridge vlan del vid 10 dev c0
bridge vlan del vid 10-20 dev c0
bridge vlan del vid 20-10 dev c0
bridge vlan del vid 0 dev c0
bridge vlan del vid 10
bridge vlan add vid 10 dev c1
bridge vlan del vid 10 dev c1
bridge vlan del vid 10 dev br0
bridge vlan add vid 10 dev br0 self
bridge vlan foo
bridge vlan help
bridge v
