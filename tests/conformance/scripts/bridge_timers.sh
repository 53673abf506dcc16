# A bridge's gc_timer (first fdb cleanup 0.1 s after it comes up, then every ageing time, sooner for a learned entry about to expire) and a port's forward_delay_timer (15 s from when it starts forwarding), rounded to whole seconds; 0 when down.
ip link add br0 type bridge
ip -d link show br0 | grep -o "gc_timer *[0-9.]*"
ip link set br0 up
ip link add p1 type veth peer name e1
ip link set p1 master br0
ip link set p1 up
ip link set e1 up
sleep 2
ip -d link show p1 | grep -o "forward_delay_timer *[0-9.]*" | awk '{printf "%s %.0f\n", $1, $2}'
ip -d link show br0 | grep -o "gc_timer *[0-9.]*" | awk '{printf "%s %.0f\n", $1, $2}'
ip -d -j link show br0 | grep -o '"gc_timer":[0-9.]*' | tr ':' ' ' | awk '{printf "%s %.0f\n", $1, $2}'
sleep 14
ip -d link show p1 | grep -o "forward_delay_timer *[0-9.]*"
ip link set br0 down
ip -d link show br0 | grep -o "gc_timer *[0-9.]*"
ip -d link show p1 | grep -o "forward_delay_timer *[0-9.]*"
