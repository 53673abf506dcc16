# sysctl per-interface keys: conf.IFACE.* and neigh.IFACE.*, dots/slashes in names, writes, -a filters, errors; /proc/sys views.
ip link add vx0 type veth peer name vx1
ip link add br.5 type bridge
sysctl net.ipv4.conf.vx0.forwarding
sysctl -w net.ipv4.conf.vx0.forwarding=1
sysctl net.ipv4.conf.all.forwarding net.ipv4.ip_forward
sysctl -w net.ipv4.conf.all.forwarding=1
sysctl net.ipv4.ip_forward net.ipv4.conf.vx1.forwarding net.ipv4.conf.default.forwarding
sysctl -w net.ipv4.ip_forward=0
sysctl net.ipv4.conf.vx0.forwarding net.ipv4.conf.vx1.forwarding net.ipv4.conf.all.forwarding
sysctl net.ipv4.conf.br/5.forwarding
sysctl net/ipv4/conf/br.5/forwarding
sysctl -w net.ipv4.conf.vx0.rp_filter=2
sysctl net.ipv4.conf.vx0.rp_filter
cat /proc/sys/net/ipv4/conf/vx0/rp_filter
echo 1 > /proc/sys/net/ipv4/conf/vx0/proxy_arp
sysctl net.ipv4.conf.vx0.proxy_arp
sysctl -w net.ipv4.conf.vx0.proxy_arp=abc
sysctl -w net.ipv4.conf.vx9.proxy_arp=1
sysctl net.ipv4.conf.vx9.proxy_arp
sysctl -n net.ipv4.neigh.vx0.gc_stale_time
sysctl net.ipv4.neigh.default.gc_thresh1
sysctl -w net.ipv4.neigh.vx0.base_reachable_time_ms=10000
sysctl net.ipv4.neigh.vx0.base_reachable_time
sysctl -a 2>/dev/null | grep -c 'conf\.vx0\.'
sysctl -a 2>/dev/null | grep 'ipv4.conf.vx1' | head -5
sysctl -a -r 'conf\.vx1\.(arp|rp)' 2>/dev/null
sysctl -N -a 2>/dev/null | grep forwarding | grep -v ipv6
ip link del vx0
sysctl net.ipv4.conf.vx0.forwarding
sysctl -w net.ipv4.ip_forward 1
sysctl -w net.ipv4.ip_forward=
sysctl net.ipv4.ip_forwardd
sysctl -q net.ipv4.nope; echo rc=$?
sysctl -e net.ipv4.nope; echo rc=$?
sysctl -w net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=1
sysctl -p /nonexistent
printf 'net.ipv4.ip_forward = 0\n# comment\n; other\nnet.ipv4.conf.all.rp_filter=2\n-net.ipv4.bogus = 1\nnet.ipv4.bogus2 = 1\n' > /tmp/s.conf
sysctl -p /tmp/s.conf; echo rc=$?
sysctl --values net.ipv4.ip_forward net.ipv4.conf.all.rp_filter
sysctl -b net.ipv4.ip_forward; echo
sysctl net.ipv4.ip_local_port_range
sysctl -w net.ipv4.ip_local_port_range="2000 3000"
sysctl net.ipv4.ip_local_port_range
sysctl -w net.ipv4.ip_local_port_range="3000 2000"
