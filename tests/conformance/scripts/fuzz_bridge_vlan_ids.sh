# Found by the wide random scripts: bridge vlan reads a VLAN id with atoi() into a short, and the kernel takes 1..4094
# only (4095 is reserved: "Vlan id is invalid"), for both ends of a range; 65535 is the short -1 (no VLAN given).
ip link add v0 type veth peer name v0p
ip link add br0 type bridge
ip link set v0p master br0
bridge vlan add vid 0 dev v0p
bridge vlan del vid 0 dev v0p
bridge vlan add vid 1 dev v0p
bridge vlan del vid 1 dev v0p
bridge vlan add vid 4094 dev v0p
bridge vlan add vid 4095 dev v0p
bridge vlan del vid 4095 dev v0p
bridge vlan add vid 4096 dev v0p
bridge vlan add vid 5000 dev v0p
bridge vlan add vid 99999 dev v0p
bridge vlan del vid 99999 dev v0p
bridge vlan add vid 65535 dev v0p
bridge vlan add vid 70000 dev v0p
bridge vlan add vid 10-4095 dev v0p
bridge vlan add vid 4095-4096 dev v0p
bridge vlan add vid 0-3 dev v0p
bridge vlan add vid abc dev v0p
bridge vlan add vid 40000-50000 dev v0p
bridge vlan add vid 5-40000 dev v0p
bridge vlan add vid 10 dev v0
bridge vlan add vid 4095 dev v0
