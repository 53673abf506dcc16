# Found by the random scripts (seed 231): `ip neigh add IP dev D` without lladdr makes a NOARP-type entry with the broadcast address while the netns has no IPv4 local table (every destination is then of type broadcast), or when IP is a broadcast address; otherwise the kernel wants a link layer address.
ip netns add g
ip -n g link add v0 type veth peer name v0p
ip -n g neigh add 10.12.0.5 dev v0
ip -n g neigh
ip -n g neigh add 10.12.0.5 dev v0
ip -n g addr add 10.12.0.1/24 dev v0
ip -n g neigh add 10.12.0.7 dev v0
ip -n g neigh add 10.12.0.255 dev v0
ip -n g neigh add 10.12.0.8 dev v0 nud reachable
ip -n g link set v0 up
ip -n g neigh add 10.12.0.255 dev v0
ip -n g neigh add 10.12.0.9 dev v0
ip -n g neigh | sort
