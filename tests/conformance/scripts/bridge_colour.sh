# bridge -c: colours like ip's (port names cyan, MACs yellow), -c=WHEN, never with -j.
ip link add c0 type veth peer name c1
ip link add br0 type bridge
ip link set c0 master br0
bridge -c link
bridge -c -d link
bridge -c fdb show dev c0
bridge -c fdb show br br0
bridge -color=never link
bridge -c=auto link
bridge -c=bogus link
bridge -colour link
bridge -c -j link
bridge -c vlan
ip -c=bogus link
