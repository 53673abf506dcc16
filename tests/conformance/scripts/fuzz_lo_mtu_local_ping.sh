# Found by the wide random scripts (seeds 707, 759): lo's MTU below 68 destroys its in_device, so an output route
# to any local address (the kernel sends local traffic through lo) is EINVAL: ping fails at connect.
ip link set lo up
ip link add v0 type veth peer name v0p
ip link set v0 up
ip link set v0p up
ip addr add 10.1.0.1/24 dev v0
sleep 2
ip link set lo mtu 67
ping -c 1 -W 1 10.1.0.1
ping -c 1 -W 1 127.0.0.1
ping -c 1 -W 1 -I v0 10.1.0.1
ip route get 10.1.0.1
ip link set lo mtu 68
ping -c 1 -W 1 10.1.0.1
ip -4 addr show dev lo
