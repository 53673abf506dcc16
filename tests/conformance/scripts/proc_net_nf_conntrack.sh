# /proc/net/nf_conntrack: the flows conntrack -L lists, with the layer-3 name and number first, zone= always and use=2 (the kernel's order is its per-boot hash order: sorted here; ICMP ids (ping's pid) and ephemeral ports are cut).
ip link add v0 type veth peer name v1
ip addr add 10.3.0.1/24 dev v0
ip netns add n1
ip link set v1 netns n1
ip -n n1 addr add 10.3.0.2/24 dev v1
ip -n n1 link set v1 up
ip link set v0 up
cat /proc/net/nf_conntrack
iptables -A OUTPUT -m conntrack --ctstate NEW -j ACCEPT
sleep 1
ping -c 1 -W 1 10.3.0.2 > /dev/null
echo x | nc -u -w 1 10.3.0.2 5353
echo x | nc -w 1 10.3.0.2 80
cat /proc/net/nf_conntrack | sed 's/ id=[0-9]*/ id=ID/g; s/port=[3-6][0-9]\{4\}/port=EPHEMERAL/g' | sort
ip netns exec n1 cat /proc/net/nf_conntrack
iptables -t nat -A POSTROUTING -o v0 -j MASQUERADE
ping -c 1 -W 1 10.3.0.2 > /dev/null
cat /proc/net/nf_conntrack | grep -c icmp
echo 1 > /proc/net/nf_conntrack
