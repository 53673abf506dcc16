# A veth pair's own frames over time: the join report, its retransmission and the DAD solicitation, the reports when DAD is done and the first router solicitation by 3.5 s, the second RS by 10 s. (Not read at 1 s: the kernel's DAD delay is random below 1 s and linkwatch may hold the carrier event up to 1 s more, so a clean-clone CI run saw 180/2 where the model's draw gives 266/3.)
ip link add va type veth peer name vb
ip link set va up
ip link set vb up
sleep 3.5
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
