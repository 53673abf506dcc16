# Found by the wide random scripts (and helper F's notes): lo takes any MTU up to 2147483647; below 68 its IPv4 in_device goes
# with every address and route of lo (an address add is then 'No buffer space available'); back at 68 or more it is
# empty until lo's next up, which adds 127.0.0.1/8 again (before the other addresses: host scope first).
ip link set lo up
ip addr add 10.5.0.1/24 dev lo
ip addr add 10.5.0.2/24 dev lo
ip link set lo mtu 70000
ip link set lo mtu 2147483647
ip link set lo mtu 2147483648
ip link show lo
ip link set lo mtu 67
ip -4 a
ip -4 route show table all
ip addr add 10.6.0.1/24 dev lo
ping -c1 -W1 127.0.0.1
ip link set lo mtu 1500
ip -4 a
ip addr add 10.6.0.1/24 dev lo
ip link set lo down
ip -4 a
ip link set lo up
ip -4 a
ip -4 route show table local
ip link set lo mtu 0
ping -c1 -W1 127.0.0.1
ip link set lo mtu 65536
ping -c1 -W1 127.0.0.1
ip link set lo down
ip link set lo up
ping -c1 -W1 127.0.0.1
ip link show lo
