# Abbreviations, garbage arguments and their errors, help texts, -s with addresses and aliases, addr del without an address.
ip link add g0 type veth peer name g1
ip addr add 10.1.0.1/24 dev g0
ip a
ip addr
ip address show
ip l s
ip l sh g0
ip li
ip ad
ip ro
ip ne
ip neighbour
ip r l
ip link sh dev g0 garbage
ip link set
ip link set g0
ip link set g0 garbage
ip link set dev
ip link set dev g0 up down
ip link set g0 mtu
ip link add
ip link add g2
ip link add g2 type
ip link add g2 type nonsense
ip link del g9
ip addr add
ip addr add 10.1.0.5
ip addr add 10.1.0.5/24 dev
ip addr del 10.1.0.9/24 dev g0
ip addr del dev g0
ip addr show dev g9
ip addr flush
ip addr foo
ip route add
ip route add 10.0.0.0/8 dev
ip route add 10.0.0.0/8 via 10.1.0.999
ip route add 10.0.0.0/8 via 10.1.0.254 dev g0
ip route del 10.0.0.0/8 via 10.1.0.253
ip route show dev g9
ip route get
ip route get 300.1.1.1
ip route get 10.1.0.5 from 10.1.0.1
ip route foo
ip neigh add
ip neigh foo
ip -4 -6 addr
ip -x
ip -family foo addr
ip -f inet6 addr show dev g0
ip -o -f link addr
ip -0 addr
ip addr show up
ip -details link show g0
ip -h
ip -V
ip help
ip addr help
ip link help | head -3
ip route help
ip neigh help
ip -br addr show dev g0
ip -br -4 addr
ip -s link show lo
ip link set lo alias "my lo"
ip -s link show lo
ip -s addr show lo
ip -s -4 addr show lo
ip -s -o addr show lo
ip -s -br addr show lo
ip -4 addr del dev lo
ip -4 addr del dev lo
ip -o addr show dev g0
ip link add mv0 link nosuch type macvlan mode bogus
ip link add mv0 link nosuch type macvlan
ip link set lo link nosuch
ip link add vx link veth peer name vy
ip link add veth-red type veth peer name veth-blue
ip addr flush metric veth-red
ip addr show proto kernel
ip addr show metric 5
ip addr show vrf x
ip -6 route add blackhole proto
ip route add blackhole proto
ip -4 route add blackhole proto
ip -6 neigh add 300 dev lo
ip -4 route get foo
ip -6 rule add from foo
ip -4 addr show to foo
ip route add 10.0.0.0/8 via 10.1.1.1 bogus
ip -4 neigh show to foo
ip link add v0 type veth peer name v1 type veth
ip link add v0 type veth peer name v1 type bridge
ip link add v0 address 02:00 type veth
ip link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 03
ip link set lo address 02
ip link add v0 address br1 type bridge proto
ip link add v0 address br1 type bridge
ip link add v2 type veth peer v3 type x
ip link add vx type veth peer peer type name
ip link add v0 address zz type veth
ip link set lo address zz
ip link set nosuch address 02
ip -br link
ip vrf
ip vrf show
