# ip -c (colours even into a pipe: -c means -c=always in iproute2 6.1), -c=auto/never, -j -br.
ip link set lo up
ip link add c0 type veth peer name c1
ip link set c0 up
ip link set c1 up
ip addr add 10.1.0.1/24 brd + dev c0
ip addr add 10.1.0.9/24 dev c0 label c0:x
ip link add br0 type bridge
ip link set c1 master br0
ip route add 10.9.0.0/16 via 10.1.0.254
ip route add default via 10.1.0.254 dev c0 src 10.1.0.1
ip route add blackhole 10.7.0.0/16
ip neigh add 10.1.0.5 lladdr 02:00:00:00:00:05 dev c0
ip -c link
ip -c -br link
ip -c -4 addr
ip -c -4 -br addr
ip -c route
ip -c route show table local
ip -c neigh
ip -c -br neigh
ip -c route get 10.9.1.1
ip -c route get 10.9.1.1 from 10.1.0.1
ip -c -4 -o addr
ip -c -o link show c0
ip -c -s link show lo
ip -c rule
ip -c -j link show lo
ip -c link show master br0
ip -col -br link show lo
ip -colour -br link show lo
ip -color=auto -br link show lo
ip -color=never -br link show lo
ip --color -br link show lo
ip -c= -br link show lo
ip -co=always -br link show lo
ip -c=Always -br link show lo
ip -cx -br link show lo
ip -br neigh
ip -j -br link
ip -4 -j -br addr
ip -j -p -br link show c0
