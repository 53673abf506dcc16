# Found by the bad-input property: 'ip link add vx type veth peer name vy' with vx taken fails before the peer is made (__rtnl_newlink finds vx by name, NLM_F_EXCL), so no ifindex is used up; with 'index N' the device is looked up by index, the peer is registered first and its index is used up when vx's name then fails.
ip link add vx type veth peer name static
ip link add vx type veth peer name vy
ip link add a1 type bridge
echo a1 $(cat /sys/class/net/a1/ifindex)
ip link add vx index 20 type veth peer name vy
ip link add a2 type bridge
echo a2 $(cat /sys/class/net/a2/ifindex)
ip link add vy type veth peer name vx
ip link add a3 type bridge
echo a3 $(cat /sys/class/net/a3/ifindex)
