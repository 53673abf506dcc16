# ip -4/-6 addr of a veth whose peer is in another netns: no link/ line, so link-netnsid/link-netns ends the header line (print_linkinfo); ip -j -d link puts ifalias after the details.
ip netns add red
ip link add veth-red type veth peer name vb
ip link set veth-red netns red
ip link set vb alias "my port"
ip -n red link set veth-red up
ip link set vb up
ip -n red addr add 10.1.1.1/24 dev veth-red
sleep 1
ip -n red -6 addr show dev veth-red
ip -n red -4 addr
ip -n red -4 -o addr
ip -n red -0 addr
ip -d link show vb
ip -j link show vb
ip -j -d link show vb
ip -4 addr show dev vb
ip addr show dev vb
ip -n red -6 addr
ip -n red -4 addr show dev veth-red
ip -n red -4 -br addr
ip -6 -o addr show dev vb
ip -4 addr show dev vb
ip addr add 10.1.1.2/24 dev vb
ip -4 addr show dev vb
ip -4 -o addr show dev vb
ip -j -d link show vb | grep -o 'gro_max_size.*'
