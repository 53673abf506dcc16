# Found by the wide random scripts (seed 612): a device follows writes of conf.default until an IPv4 address is added to
# it (rtm_to_ifaddr: ipv4_devconf_setall) or, for lo, until it comes up; a device made after a key's first write to
# conf.default copied that key's written bit and keeps its value; conf.all never follows conf.default. Real backend:
# a 127.x address gets iproute2's default scope host.
ip link add eth0 type veth peer name p0
ip link add e1 type veth peer name p1
ip addr add 10.11.0.1/24 dev eth0
sysctl -qw net.ipv4.conf.default.accept_redirects=0
sysctl -qw net.ipv4.conf.default.rp_filter=1
sysctl -qw net.ipv4.conf.default.accept_local=1
sysctl -qw net.ipv4.conf.default.arp_ignore=2
sysctl -qw net.ipv4.conf.default.forwarding=1
sysctl net.ipv4.conf.eth0.accept_redirects net.ipv4.conf.eth0.rp_filter net.ipv4.conf.eth0.accept_local net.ipv4.conf.eth0.arp_ignore
sysctl net.ipv4.conf.e1.accept_redirects net.ipv4.conf.e1.rp_filter net.ipv4.conf.e1.accept_local net.ipv4.conf.e1.arp_ignore
sysctl net.ipv4.conf.all.accept_redirects net.ipv4.conf.all.rp_filter net.ipv4.conf.all.accept_local net.ipv4.conf.all.arp_ignore
sysctl net.ipv4.conf.lo.rp_filter net.ipv4.conf.lo.accept_local
ip addr add 10.12.0.1/24 dev e1
sysctl -qw net.ipv4.conf.default.rp_filter=2
sysctl -qw net.ipv4.conf.default.accept_local=0
sysctl net.ipv4.conf.e1.rp_filter net.ipv4.conf.e1.accept_local net.ipv4.conf.p1.rp_filter net.ipv4.conf.p1.accept_local
ip link add e2 type veth peer name p2
sysctl net.ipv4.conf.e2.rp_filter net.ipv4.conf.e2.accept_local net.ipv4.conf.e2.accept_redirects
ip addr del 10.12.0.1/24 dev e1
sysctl -qw net.ipv4.conf.default.rp_filter=0
sysctl net.ipv4.conf.e1.rp_filter net.ipv4.conf.e2.rp_filter
ip addr add 127.0.0.2/8 dev lo
sysctl -qw net.ipv4.conf.default.rp_filter=1
sysctl net.ipv4.conf.lo.rp_filter net.ipv4.conf.default.rp_filter
