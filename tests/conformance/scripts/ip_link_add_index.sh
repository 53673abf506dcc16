# ip link add ... index N: iproute2 takes atoi's value (12abc is 12, 4294967301 is 5) and refuses one <= 0 or given twice; an index in use is EEXIST, checked before the kind (so 'type dummy' with lo's index is EEXIST, with a free index 'Unknown device type'); a veth's peer takes its own index only when the device has one, and a peer index in use, or the device's equal to the peer's (given, or the next free one the peer takes), is EBUSY; a failure after the peer was registered with the next free index uses that index up. 'ip link set DEV index N' without netns is iproute2's error; with netns the device takes that index there (in use: the kernel's extack error).
ip link add x1 index 2 type veth peer name x2
ip link add d0 index 50 type veth peer name d1
ip link add d2 index 50 type veth peer name d3
ip link add d4 index 0 type veth peer name d5
ip link add d6 index -1 type veth peer name d7
ip link add d8 index abc type veth peer name d9
ip link add f0 index 5 index 6 type veth peer name f1
ip link add e0 type veth peer name e1 index 60
ip link add e4 index 70 type veth peer name e5 index 70
ip link add e4 index 70 type veth peer name e5 index 71
ip link add e6 index 72 type veth peer name e7
ip link add e8 index 2147483648 type veth peer name e9
ip link add f2 index 12abc type veth peer name f3
ip link add f4 index 4294967301 type veth peer name f5
ip link add f8 index 73 type veth peer name f9 index 72
ip link add g2 index 74 type veth peer name g3 index 0
ip link add h0 index 80 type bridge
ip link add h1 index 80 type bridge
ip link add h3 index 80 type veth
ip link add h4 index 81 type dummy
ip link add h4 index 1 type dummy
ip link add lo index 99 type dummy
ip link set h0 index 83
ip link add h2 index 82 link e4 type macvlan
ip link add x0 index 84 type vxlan id 5 dstport 4789
ip link add v0 index 15 type veth
ip link add y0 index 40 type veth peer name y0
ip -o link | cut -d' ' -f1,2 | sed 's/^/ifindex /'
ip link add e4 index 90 type veth peer name z0
ip link add z1 index 90 type veth peer name e5
ip link add z2 index 91 type veth peer name z3 index 50
ip netns add n1
ip link add n0 index 30 type veth peer name n1 netns n1 index 30
ip -n n1 -o link | cut -d' ' -f1,2 | sed 's/^/ifindex /'
ip link add n2 index 8 type veth peer name n3
ip -o link | cut -d' ' -f1,2 | sed 's/^/ifindex /'
ip link set e6 netns n1 index 40
ip link set e7 netns n1 index 40
ip link set e7 netns n1 index 0
ip link set e7 netns n1 index 30
ip link set e7 netns n1 index 41
ip -n n1 -o link | cut -d' ' -f1,2 | sed 's/^/ifindex /'
