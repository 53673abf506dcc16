# Found by the random scripts (seed 19): in a new netns (lo down, no address) the kernel has not made the main table yet, /proc/net/route is empty and route -n / netstat -rn print their titles with rc 1; the first address (even on a down device, even removed again) or lo up makes it for good.
ip netns add g
ip netns exec g route -n
ip netns exec g netstat -rn
ip netns exec g route -ee
ip netns exec g route -eee
ip -n g link add v0 type veth peer name v1
ip -n g link set v0 up
ip netns exec g route -n
ip -n g addr add 10.0.0.1/24 dev v1
ip -n g addr del 10.0.0.1/24 dev v1
ip netns exec g route -n
ip netns add h
ip -n h link set lo up
ip -n h link set lo down
ip netns exec h netstat -rn
ip netns add i
ip -n i link add v0 type veth peer name v1
ip -n i link set v0 up
ip -n i route add 10.0.0.0/8 dev v0
ip netns exec i route -n
route -n
