# sysctl as learners use it: -a | grep, -p FILE with good and bad lines, errors for unknown keys and bad values.
sysctl -a 2>/dev/null | grep -E "ip_forward|rp_filter" | head -20
sysctl -a 2>/dev/null | grep bridge
sysctl -a 2>/dev/null | grep -c "net.ipv4.conf.lo"
sysctl net.ipv4.icmp_echo_ignore_broadcasts
sysctl net.ipv4.tcp_syncookies
sysctl net.ipv4.conf.all.send_redirects net.ipv4.conf.default.accept_source_route
sysctl net.core.somaxconn net.ipv4.ip_default_ttl
printf 'net.ipv4.ip_forward = 1\n# comment\n; other\nnet.ipv4.conf.all.rp_filter=2\n\nnet.ipv4.no_such = 1\n-net.ipv4.also_missing = 3\nnet.ipv4.ip_default_ttl = 70\n' > /tmp/s.conf
sysctl -p /tmp/s.conf
sysctl -p /tmp/none.conf
sysctl -p
sysctl net.ipv4.ip_default_ttl
sysctl -w net.ipv4.ip_forward=abc
sysctl -w net.ipv4.ip_forward
sysctl -w net.ipv4.no_such=1
sysctl net.ipv4.ip_forward=0
sysctl -n net.ipv4.ip_forward
sysctl -e net.ipv4.no_such
sysctl net.ipv4 | grep -v ping_group_range
sysctl -N net.ipv4.ip_forward
sysctl -q -w net.ipv4.ip_forward=1
sysctl -w net.ipv4.conf.nosuch.forwarding=1
sysctl net/ipv4/ip_forward
sysctl -w net.ipv4.ip_local_port_range="1024 65000"
sysctl net.ipv4.ip_local_port_range
sysctl -w net.ipv4.ip_default_ttl=0
sysctl -w net.ipv4.ip_default_ttl=300
cat /proc/sys/net/ipv4/ip_default_ttl
echo 2 > /proc/sys/net/ipv4/conf/all/rp_filter
sysctl net.ipv4.conf.all.rp_filter
