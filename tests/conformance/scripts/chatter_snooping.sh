# A bridge with multicast snooping (the default) brought up after its port: its own frames carry the all-snoopers record (MLDv2 reports of 110 bytes) and it joins 224.0.0.106 (IGMPv3, 54); the same with mcast_snooping 0; read when settled (9 s).
ip link add bs type bridge
ip link add bn type bridge mcast_snooping 0
ip link add p1 type veth peer name e1
ip link add p2 type veth peer name e2
ip link set p1 master bs
ip link set p2 master bn
ip link set p1 up
ip link set e1 up
ip link set p2 up
ip link set e2 up
sleep 3
ip link set bs up
ip link set bn up
sleep 9
ip -s link show bs
ip -s link show bn
ip -s link show e1
ip -s link show e2
bridge fdb show br bs | grep -v permanent
