# Route types as rtnl_rtntype_a2n reads them: abbreviated names (b is broadcast, bl blackhole, u unreachable), whole local/nat/brd/throw, numbers in show type.
ip link add v0 type veth peer name v1
ip addr add 10.5.0.1/24 dev v0
ip link set v0 up
ip route replace default b via permanent
ip route add bl 10.9.0.0/16
ip route add u 10.10.0.0/16
ip route add p 10.11.0.0/16
ip route add un 10.12.0.0/16
ip route add uni 10.13.0.0/16 dev v0
ip route add thr 10.14.0.0/16
ip route add loc 10.15.0.0/16 dev v0
ip route add m 224.1.0.0/16 dev v0
ip route
ip route show type bl
ip route show type 6
ip route show type 7
ip route show type 255
ip route show type 256
ip route show type u
