# /proc/net/if_inet6: every IPv6 address (lo's ::1, link-local ones once a device is up, added ones with nodad, a /128), with its ifindex, prefix length, scope and flags byte; the kernel's order is its address hash (sorted here).
cat /proc/net/if_inet6 | sort
ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
ip addr add 2001:db8::1/64 dev v0 nodad
ip addr add fd00::5/128 dev v1 nodad
ip netns add n1
ip netns exec n1 cat /proc/net/if_inet6
ip -n n1 link set lo up
ip netns exec n1 cat /proc/net/if_inet6
sleep 3
cat /proc/net/if_inet6 | awk '{print $1 ~ /^fe80/ ? "fe80-link-local" : $1, $2, $3, $4, $5, $6}' | sort
ip addr del 2001:db8::1/64 dev v0
cat /proc/net/if_inet6 | grep -c 20010db8
