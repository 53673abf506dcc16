# netstat -i: the interface table (counters, flag letters, -a for down interfaces); IPv6 chatter is not modelled, so veth counters are cut.
ip link set lo up
ip link add v0 type veth peer name v1
ip addr add 10.5.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
ping -c 2 -i 0.2 127.0.0.1
netstat -i | grep -v "^v"
netstat -i | grep "^v0" | cut -c1-22,90-
ip link set v1 down
netstat -i | grep "^v" | cut -c1-22,90-
netstat -ia | grep "^v1" | cut -c1-22,90-
netstat --interfaces | head -2
ip link add br0 type bridge
ip link set v1 master br0
ip link set br0 up
ip link set v1 up
netstat -i | grep "^v1\|^br0" | cut -c1-22,90- | sort
