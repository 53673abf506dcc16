# The datapath reads a device's conf as the kernel's in_device holds it, not only the keys written for it: a device
# made after conf.default.forwarding=1 forwards with ip_forward 0 (inetdev_init copies devconf_dflt; forwarding never
# follows conf.default later, a change of conf.all.forwarding sets every device's), one made after
# conf.default.rp_filter=1 filters strictly (IN_DEV_MAXCONF with conf.all), and keeps it once it has an address
# (frozen). A device moved to another netns gets a new in_device there: conf from that netns's conf.default, nothing
# frozen from the old one.
# (r is made first, for its conf.default: the topology's own `ip netns add r` then finds it there.)
ip netns add r
ip netns exec r sysctl -qw net.ipv4.conf.default.forwarding=1
ip netns exec r sysctl -qw net.ipv4.conf.default.rp_filter=1
ip netns exec r sysctl -qw net.ipv4.conf.default.send_redirects=0
. topologies/a_r_b.sh
ip -n a addr add 10.9.0.2/24 dev va
ip netns exec r sysctl net.ipv4.ip_forward net.ipv4.conf.ra.forwarding net.ipv4.conf.rb.forwarding net.ipv4.conf.lo.forwarding net.ipv4.conf.ra.rp_filter net.ipv4.conf.ra.send_redirects
sleep 1
ip netns exec a ping -c 1 -W 1 10.2.0.2
ip -n r route add 10.9.0.0/24 via 10.2.0.2
ip netns exec a ping -c 1 -W 1 -I 10.9.0.2 10.2.0.2
ip netns exec b grep ^Icmp: /proc/net/snmp
ip netns exec r sysctl -qw net.ipv4.conf.default.rp_filter=0
ip netns exec r sysctl net.ipv4.conf.ra.rp_filter
ip netns exec a ping -c 1 -W 1 -I 10.9.0.2 10.2.0.2
ip netns exec b grep ^Icmp: /proc/net/snmp
ip netns exec r sysctl -w net.ipv4.conf.all.forwarding=0
ip netns exec r sysctl net.ipv4.conf.ra.forwarding net.ipv4.conf.default.forwarding
ip netns exec a ping -c 1 -W 1 10.2.0.2
ip netns exec r sysctl -w net.ipv4.conf.ra.forwarding=1
ip netns exec a ping -c 1 -W 1 10.2.0.2
ip link add v1 type veth peer name v1p
sysctl -qw net.ipv4.conf.default.rp_filter=2
ip addr add 10.5.0.1/24 dev v1p
sysctl -qw net.ipv4.conf.v1p.accept_local=1
sysctl -qw net.ipv4.conf.default.rp_filter=1
sysctl net.ipv4.conf.v1p.rp_filter net.ipv4.conf.v1p.accept_local net.ipv4.conf.v1.rp_filter
ip link set v1p netns r
ip netns exec r sysctl net.ipv4.conf.v1p.rp_filter net.ipv4.conf.v1p.accept_local net.ipv4.conf.v1p.forwarding
ip netns exec r sysctl -w net.ipv4.conf.default.rp_filter=2
ip netns exec r sysctl net.ipv4.conf.v1p.rp_filter
ip link set v1 netns r
ip netns exec r sysctl net.ipv4.conf.v1.rp_filter net.ipv4.conf.v1.forwarding
ip netns exec r sysctl -w net.ipv4.conf.default.rp_filter=0
ip netns exec r sysctl net.ipv4.conf.v1.rp_filter net.ipv4.conf.v1p.rp_filter
