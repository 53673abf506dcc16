# Found by the wide random scripts (seed 707): while lo has no IPv4 in_device (its MTU went below 68), a route through lo
# is refused (inetdev_by_index: No such device) and an output route to a local address is 'Invalid argument'
# (__mkroute_output). Not modelled yet: ping to a local address then fails the same way ('ping: connect: Invalid argument').
ip link set lo up
ip link add v0 type veth peer name v0p
ip addr add 10.1.0.1/24 dev v0
ip link set v0 up
ip link set lo mtu 0
ip route get 10.1.0.1
ip route get 127.0.0.1
ip route add 10.69.0.0/24 dev lo
ip route add local 10.70.0.1 dev lo
ip route add 10.69.0.0/24 via 10.1.0.5
ip link set lo mtu 1500
ip route get 10.1.0.1
ip route add 10.69.0.0/24 dev lo
ip -4 route show table all | grep "lo\b"
