# ip link/addr views: -o, -br, -j, -p, -d, -s -s, filters (type, up, master, group), and typos in each.
ip link add br9 type bridge
ip link add d1 type veth peer name d2
ip link set d1 master br9
ip link set d1 mtu 1400
ip link set d2 address 02:aa:bb:cc:dd:ee
ip link set d2 txqueuelen 500
ip addr add 10.9.0.1/24 brd + dev br9
ip addr add 10.9.0.2/24 dev br9 label br9:1
ip addr add 10.9.1.1/32 dev d2
ip link set br9 up
ip link set d1 up
ip link set d2 up
sleep 2
ip -o link
ip -o addr show br9
ip -br addr
ip -br -c=never link
ip link show up
ip link show type bridge
ip link show master br9
ip link show group default | grep -c mtu
ip -j addr show d2
ip -j -p link show d2
ip -p addr show dev br9
ip -d link show d2
ip -d -j link show br9 | tr ',' '\n' | grep -E 'forward_delay|stp_state|vlan_filtering'
ip -s -s link show lo
ip -4 addr show label br9:1
ip addr show scope link
ip addr show to 10.9.0.0/24
ip addr show primary
ip addr show secondary
ip addr show permanent dev br9
ip link show dev
ip link show d9
ip link show type foo
ip link set d1 mtu 70000
ip link set d1 mtu 60
ip link set d1 mtu abc
ip link set d1 txqueuelen abc
ip link set d1 address zz
ip link set d1 up down
ip link set dev
ip link set d1 name d2
ip link set d1 name verylongname1234567
ip addr add 10.9.0.300/24 dev d1
ip addr add 10.9.0.3/33 dev d1
ip addr add 10.9.0.3/24
ip addr add 10.9.0.3/24 dev
ip addr add dev d1
ip addr del 10.9.9.9/24 dev d1
ip addr del 10.9.0.2 dev br9
ip addr flush dev d9
ip addr
ip addr flush dev br9
ip -4 addr
ip link del d1 type bridge
ip link del d2
ip link del d2
ip -br link
