# Found by the wide random scripts (seed 662): a local ping SNATed in POSTROUTING to an address that is not ours
# is lost: the echo reply goes to the new source, routed before conntrack undoes the NAT, and there is no route.
# A reversed address range is accepted as written (no source is in it; find_best_ips_proto's u32 distance wraps,
# so the flow gets an address almost anywhere); a reversed port range is refused.
ip link set lo up
ip link add v0 type veth peer name v0p
ip link set v0 up
ip link set v0p up
ip addr add 10.1.0.1/24 dev v0
sleep 2
iptables -t nat -A POSTROUTING -j SNAT --to-source 10.11.0.9-10.11.0.1
iptables -t nat -S
ping -c 1 -W 1 10.1.0.1
iptables -t nat -F
iptables -t nat -A POSTROUTING -j SNAT --to-source 10.11.0.1-10.11.0.9
ping -c 1 -W 1 10.1.0.1
ip addr add 10.11.0.2/24 dev v0
ping -c 1 -W 1 10.11.0.2
iptables -t nat -F
iptables -t nat -A POSTROUTING -j SNAT --to-source 10.11.0.9-10.11.0.1
ping -c 1 -W 1 10.11.0.2
conntrack -L 2>&1 | grep -c icmp
iptables -t nat -F
iptables -t nat -A POSTROUTING -p udp -j SNAT --to-source 10.1.0.1:2000-1000
iptables -t nat -S
