# A veth pair's own frames over time: the join report at once, its retransmission and the DAD solicitation within a second, the reports when DAD is done and the first router solicitation by 3.5 s, the second RS by 10 s.
ip link add va type veth peer name vb
ip link set va up
ip link set vb up
sleep 1
ip -s link show va
sleep 2.5
ip -s link show va
sleep 6.5
ip -s link show va
ip -s link show vb
ip link set vb down
sleep 1
ip -s link show va
ip link set vb up
sleep 10
ip -s link show va
ip -s link show vb
