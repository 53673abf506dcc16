# The frames a veth sends by itself once up (IPv6 DAD, MLDv2 reports, router solicitations), read when the kernel is settled (9 s: between the 2nd and 3rd RS), with the sysctls that change them.
ip link add a1 type veth peer name b1
ip link add a2 type veth peer name b2
ip link add a3 type veth peer name b3
ip link add a4 type veth peer name b4
ip link add a5 type veth peer name b5
ip link add a6 type veth peer name b6
ip link add a7 type veth peer name b7
sysctl -qw net.ipv6.conf.a2.disable_ipv6=1
sysctl -qw net.ipv6.conf.b2.accept_dad=0
sysctl -qw net.ipv6.conf.a3.dad_transmits=0
sysctl -qw net.ipv6.conf.b3.dad_transmits=3
sysctl -qw net.ipv6.conf.a4.accept_ra=0
sysctl -qw net.ipv6.conf.b4.forwarding=1
sysctl -qw net.ipv6.conf.a5.accept_ra=2
sysctl -qw net.ipv6.conf.a5.forwarding=1
sysctl -qw net.ipv6.conf.b5.router_solicitations=1
sysctl -qw net.ipv6.conf.a6.router_solicitations=0
sysctl -qw net.ipv6.conf.a7.addr_gen_mode=1
ip link set a1 up
ip link set b1 up
ip link set a2 up
ip link set b2 up
ip link set a3 up
ip link set b3 up
ip link set a4 up
ip link set b4 up
ip link set a5 up
ip link set b5 up
ip link set a6 up
ip link set b6 up
ip link set a7 up
ip link set b7 up
sleep 9
ip -s link show a1
ip -s -s link show b1
ip -s link show a2
ip -s link show b2
ip -s link show a3
ip -s link show b3
ip -s link show a4
ip -s link show b4
ip -s link show a5
ip -s link show b5
ip -s link show a6
ip -s link show b6
ip -s link show a7
ip -s link show b7
