# Changing links and flushing: mtu, rename, address, flush of addresses/routes/neighbours, -br views.
ip link add veth0 type veth peer name veth1
ip link set veth0 mtu 9000
ip link set veth0 mtu 50
ip link set veth0 address 02:00:00:00:00:aa
ip link set veth0 name uplink
ip link show uplink
ip link set uplink up
ip link set veth1 up
ip link set uplink name other
ip -br link
ip addr add 10.1.0.1/24 dev uplink
ip addr add 10.1.0.2/24 dev uplink
ip addr add 10.2.0.1/16 dev uplink
ip -4 addr show dev uplink
ip route add 10.9.0.0/16 via 10.1.0.254
ip route add 10.8.0.0/16 dev uplink metric 100
ip route
ip -br addr
route -n
netstat -rn
ip neigh add 10.1.0.50 lladdr 02:00:00:00:00:50 dev uplink
ip neigh replace 10.1.0.50 lladdr 02:00:00:00:00:51 dev uplink nud reachable
ip neigh show dev uplink
arp -n
ip neigh flush dev uplink
ip neigh show dev uplink
ip addr del 10.1.0.1/24 dev uplink
ip -4 addr show dev uplink
ip route
ip addr flush dev uplink
ip -4 addr show dev uplink
ip route
ip link set uplink down
ip -br link show uplink
ip link del uplink
ip link show veth1
