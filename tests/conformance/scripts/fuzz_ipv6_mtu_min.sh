# Below IPV6_MIN_MTU (1280) a device has no IPv6 (addrconf_notify NETDEV_CHANGEMTU): its IPv6 addresses and routes
# go; any device but lo loses its inet6_dev with its net.ipv6 sysctls and gets a new one, configured again, at 1280
# or more; lo keeps its inet6_dev (its mtu not updated) and gets ::1 back only at its next up at 1280 or more.
ip link set lo up
ip link set lo mtu 1279
ip -6 route show table local
ip -6 addr show dev lo | grep -c inet6
sysctl net.ipv6.conf.lo.mtu net.ipv6.conf.lo.disable_ipv6
ip link set lo down
ip link set lo up
ip -6 route show table local
ip -6 addr show dev lo | grep -c inet6
ip link set lo mtu 1280
ip -6 route show table local
sysctl net.ipv6.conf.lo.mtu
ip link set lo down
ip link set lo up
ip -6 route show table local
ip -6 addr show dev lo | grep inet6
ping -6 -c 1 -W 1 ::1
ip link add v0 type veth peer name v0p
ip link set v0 mtu 1000
ip link set v0 up
ip link set v0p up
sleep 1
ip -6 addr show dev v0 | grep -c inet6
sysctl net.ipv6.conf.v0.mtu
ip link set v0 mtu 1500
sleep 1
ip -6 addr show dev v0 | grep -c inet6
ip -6 route show dev v0
ip link set v0 mtu 1279
ip -6 route show dev v0
sysctl net.ipv6.conf.v0.disable_ipv6
sysctl -a 2>/dev/null | grep -c "^net.ipv6.*\.v0\."
sysctl -a 2>/dev/null | grep -c "^net.ipv6.*\.v0p\."
ip link set v0 mtu 1280
ip -6 route show dev v0
sysctl net.ipv6.conf.v0.mtu
sysctl -qw net.ipv6.conf.v0.accept_ra=2
ip link set v0 mtu 1000
ip link set v0 mtu 1500
sysctl net.ipv6.conf.v0.accept_ra
