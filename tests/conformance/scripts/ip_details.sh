# -d views: ip -d addr (-4 too), route, route get (type and table main), neigh, -br/-o link, -d -j link of lo and a veth.
ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
ip addr add 10.0.0.1/24 dev v0
ip -d addr show dev v0
ip -d -4 addr
ip -d route
ip -d route get 10.0.0.5
ip -d neigh
ip -d -br link
ip -d -o link show lo
ip -d link show lo
ip -d -j link show lo
ip -d -j link show v0
