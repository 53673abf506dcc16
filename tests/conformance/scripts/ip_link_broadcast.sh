# A device's link-layer broadcast address: `ip link add ... broadcast LLADDR` and `ip link set DEV brd LLADDR` (IFLA_BROADCAST): shorter than the device's 6 bytes is EINVAL, longer is cut to 6; lo takes one too; a veth's peer keeps its own.
ip link add x0 broadcast 02:0e:00:00:00:ff type veth peer name x1
ip link add x2 broadcast 02:0e:00 type veth peer name x3
ip link add x4 broadcast 02:0e:00:00:00:00:01 type veth peer name x5
ip link set x1 brd 02:0e:00:00:00:ee
ip link set x1 brd 02:0e:00
ip link set x0 brd 02:0e:00:00:00:00:01 mtu 1400
ip link set lo brd 02:0e:00:00:00:ee
ip link set nosuch brd 02:0e:00:00:00:ee
ip link add b0 brd 02:0e:00:00:00:dd type bridge
ip link show
ip -j link show b0
