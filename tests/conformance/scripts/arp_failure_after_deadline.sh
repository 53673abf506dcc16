# An unanswered ARP fails on the kernel's timer wheel: 3 retransmit timers of 1000 ms each run 1.024 s after
# they are armed (HZ 250, 8-jiffy buckets), so the queued packets' Destination Host Unreachable comes ~3.07 s
# after the first send: after a 2 s wait that ends at 3.0 s (ping -c 2 -W 2: no error reported), before one
# that ends at 4.0 s (-W 3: both).
ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
ip addr add 10.0.0.1/24 dev v0
ping -c 2 -W 2 10.0.0.2
sleep 4
ping -c 2 -W 3 10.0.0.2
