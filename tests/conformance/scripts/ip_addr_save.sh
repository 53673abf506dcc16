# ip addr save / restore / showdump (-4), restored after a flush, already-assigned addresses passed over.
ip link add r0 type veth peer name r1
ip link set r0 up
ip link set r1 up
ip addr add 10.1.0.1/24 dev r0
ip addr add 10.1.0.2/24 dev r0 label r0:1
ip addr add 10.2.0.1/16 brd + dev r1
ip -4 addr save > /tmp/ip_addr_save.dump
ip -4 addr showdump < /tmp/ip_addr_save.dump
ip addr flush dev r0
ip -4 addr show dev r0
ip -4 addr restore < /tmp/ip_addr_save.dump
ip -4 -o addr
ip route
ip addr save dev r1 | ip addr showdump
echo junk > /tmp/ip_addr_save.garbage
ip addr restore < /tmp/ip_addr_save.garbage
ip addr showdump < /tmp/ip_addr_save.garbage
