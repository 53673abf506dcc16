# net.ipv6.conf.{all,default,DEV}.disable_ipv6 before and after a link comes up: no frames of its own while IPv6 is off; a link that goes down before DAD ends stops talking (its peer, without carrier, drops its own: sent + dropped = 7).
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip link add d1 type veth peer name d2
sysctl -qw net.ipv6.conf.default.disable_ipv6=0
ip link add a1 type veth peer name a2
ip link add c1 type veth peer name c2
ip link set d1 up
ip link set d2 up
ip link set a1 up
ip link set a2 up
sleep 2
sysctl -qw net.ipv6.conf.a1.disable_ipv6=1
ip -s link show a1 | awk 'NR==6{print $1, $2}' > /root/a1.before
ip link set c1 up
ip link set c2 up
sleep 0.01
ip link set c1 down
ip -s link show c1 | awk 'NR==6{print $1, $2}' > /root/c1.before
sleep 9
ip -s link show d1
ip -s link show d2
ip -s link show a1 | awk 'NR==6{print $1, $2}' | diff - /root/a1.before && echo a1 silent
ip -s link show c1 | awk 'NR==6{print $1, $2}' | diff - /root/c1.before && echo c1 silent
ip -s link show c2 | awk 'NR==6{print $2 + $4}'
ip addr show d1
ip addr show a1
ip -6 addr show a1 | wc -l
sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip -s link show a2 | awk 'NR==6{print $1, $2}' > /root/a2.before
sleep 9
ip -s link show a2 | awk 'NR==6{print $1, $2}' | diff - /root/a2.before && echo a2 silent
ip addr show a2
ip -6 addr | grep -c inet6
sysctl -qw net.ipv6.conf.all.disable_ipv6=0
ip -s link show a2 | awk 'NR==6{print $1, $2}' > /root/a2.before
sleep 9
ip -6 addr | grep inet6 | wc -l
ip -s link show a2 | awk 'NR==6{print $1, $2}' | diff - /root/a2.before | grep -c "^<"
