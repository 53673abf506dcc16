# ip link add options the sim dropped: group N (the device's, not its peer's); MTU bounds (veth_validate: outside 68..65535 on either end is EINVAL; a bridge: rtnl_create_link's dev_validate_mtu words); numtxqueues/numrxqueues (iproute2's get_integer: 0x hex, 0 octal, whole text, -1 is its 'unset' so a second value after it is no duplicate; the kernel: 1..4096 as a u32, transmit first, after a veth's MTU check and before a bridge's). Not here: the queue counts ip -d shows (the sim does not keep them); broadcast: ip_link_broadcast.sh.
ip link add g0 group 5 type veth peer name g1
ip link show group 5
ip link add g2 group 7 type bridge
ip -br link show group 7
ip link add y8 mtu 70000 type veth peer name y9
ip link add y6 mtu 67 type veth peer name y7
ip link add y2 mtu 68 type veth peer name y3
ip link add y0 type veth peer name y1 mtu 70000
ip link add b9 mtu 70000 type bridge
ip link add b8 mtu 65535 type bridge
ip link add b7 mtu 67 type bridge
ip link add v2 numtxqueues 0 type veth peer name v3
ip link add v4 numrxqueues 0 type veth peer name v5
ip link add v6 numtxqueues 5000 type veth peer name v7
ip link add v0 numtxqueues 4 numrxqueues 2 type veth peer name v1
ip link add v8 numtxqueues -1 type veth peer name v9
ip link add w0 numtxqueues 0x10 numrxqueues 010 type veth peer name w1
ip link add w2 numtxqueues 4096 numrxqueues 4097 type veth peer name w3
ip link add w4 numtxqueues 12abc type veth peer name w5
ip link add w6 numtxqueues -1 numtxqueues 3 type veth peer name w7
ip link add w8 numtxqueues 3 numtxqueues 3 type veth peer name w9
ip link add u0 numtxqueues 0 mtu 70000 type veth peer name u1
ip link add u2 numtxqueues 0 mtu 70000 type bridge
ip link add u4 mtu 70000 group 3 type bridge
ip link add u4 numtxqueues 2 mtu 9000 group 3 type bridge
ip -br link show group 3
