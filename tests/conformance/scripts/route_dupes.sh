# net-tools route: adding an existing route (SIOCADDRT: File exists, rc 7); a route differing only in gateway
# or device is added before the existing one (SIOCADDRT asks for NLM_F_CREATE without EXCL/APPEND), as is a
# second default route; route del removes the first match.
ip link add v0 type veth peer name v1
ip addr add 10.5.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
route add -net 10.10.0.0/16 gw 10.5.0.2
route add -net 10.10.0.0/16 gw 10.5.0.2
route add -net 10.10.0.0/16 gw 10.5.0.3
route add -net 10.10.0.0/16 dev v0
route add -net 10.10.0.0/16 gw 10.5.0.2 metric 5
route add -host 10.11.0.5 gw 10.5.0.2
route add -host 10.11.0.5 gw 10.5.0.2
route add default gw 10.5.0.2
route add default gw 10.5.0.2
route add default gw 10.5.0.3
route add default gw 10.5.0.3
route add -net 10.5.0.0/24 dev v0
route -n
ip route
route del default
ip route
route del default
route del default
route -n
route add -net 10.12.0.0/24 gw 10.5.0.2
route add -net 10.12.0.0/24 reject
route add -net 10.12.0.0/24 reject
route -n
