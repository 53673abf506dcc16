# A bridge's MTU follows its smallest port until it is set by hand (br_mtu_auto_adjust).
ip link add br0 type bridge
ip link add v0 type veth peer name v1
ip link add w0 type veth peer name w1
ip link set v0 mtu 1400
ip link set v0 master br0
ip link show br0
ip link set w0 mtu 1300
ip link set w0 master br0
ip link show br0
ip link set w0 mtu 1600
ip link show br0
ip link set w0 nomaster
ip link show br0
ip link set v0 nomaster
ip link show br0
ip link set br0 mtu 1200
ip link set v0 master br0
ip link show br0
ip link set v0 mtu 1000
ip link show br0
ip link add br1 mtu 9000 type bridge
ip link set w0 master br1
ip link show br1
ip link set br1 mtu 2000
ip link show br1
ip link del w0
ip link show br1
ip link add br2 type bridge
ip link add x0 mtu 1450 type veth peer name x1
ip link set x0 master br2
ip link show br2
ip link del x1
ip link show br2
