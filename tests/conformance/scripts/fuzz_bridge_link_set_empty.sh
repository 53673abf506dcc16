# Found by the wide random scripts (seed 741): bridge link set sends its request even when nothing is set (cost 0 and
# priority 0 are not sent): a device that is no bridge port refuses it, a port takes it.
ip link add v0 type veth peer name v0p
ip link add br0 type bridge
bridge link set dev v0 cost 0
bridge link set dev v0 priority 0
bridge link set dev v0
ip link set v0p master br0
bridge link set dev v0p cost 0
bridge link set dev v0p
bridge link set dev v0p priority 0 cost 0
bridge link show dev v0p
