# /proc/net's listing and its directories, the title lines of the socket and multicast tables a lab netns has no rows in (cat -A shows the kernel's padding), psched's constants, and what reading a directory or writing a file gives.
ls /proc/net/ | grep -xE 'arp|dev|dev_snmp6|fib_trie|fib_triestat|icmp|igmp|if_inet6|ipv6_route|netstat|packet|raw|route|rt_cache|snmp|sockstat|stat|tcp|tcp6|udp|udp6|unix'
ls /proc/net/stat
ip netns add n1
ip netns exec n1 ls /proc/net/dev_snmp6
cat -A /proc/net/icmp /proc/net/icmp6 /proc/net/raw /proc/net/raw6 /proc/net/udplite /proc/net/udplite6
cat -A /proc/net/packet /proc/net/unix /proc/net/rt_cache /proc/net/mcfilter /proc/net/mcfilter6
cat -A /proc/net/ip_mr_vif /proc/net/ip_mr_cache /proc/net/ip6_mr_vif /proc/net/ip6_mr_cache /proc/net/ip6_flowlabel
cat /proc/net/psched
cat /proc/net/stat
cat /proc/net/nope
echo 1 > /proc/net/fib_trie
ls -d /proc/net/route /proc/net/stat
sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip link add v0 type veth peer name v1
ls /proc/net/dev_snmp6
cat -A /proc/net/dev_snmp6/lo | head -3
cat /proc/net/dev_snmp6/v0 | awk '{print $1, $2}' | grep -v ifIndex | sort | uniq -c | sort | head -3
wc -l /proc/net/dev_snmp6/v1 /proc/net/snmp6
cat /proc/net/dev_snmp6/nope
