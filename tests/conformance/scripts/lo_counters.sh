# Loopback counters count the IP packet without an Ethernet header (loopback_xmit after eth_type_trans; a veth counts the frame), and a fresh netns's ping_group_range is the kernel's "1 0".
ip link set lo up
ping -c 4 -i 0.2 127.0.0.1 > /dev/null
ping -c 2 -s 1000 -i 0.2 127.0.0.1 > /dev/null
ip -s link show lo
ip link add v0 type veth peer name v1
ip addr add 10.7.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
ping -c 1 10.7.0.1 > /dev/null
ip -s link show lo
cat /proc/sys/net/ipv4/ping_group_range
sysctl net.ipv4.ping_group_range
