# Large counters: iptables -L -v unit suffixes (K/M) against -x, ip -s -h link, after a burst of big pings over lo.
ip link set lo up
iptables -A INPUT -i lo -p icmp -j ACCEPT
iptables -A OUTPUT -o lo -j ACCEPT
iptables -N COUNT
iptables -A INPUT -j COUNT
ping -c 30 -i 0.002 -s 8000 -q 127.0.0.1 | tail -2 | head -1
ping -c 150 -i 0.002 -s 1200 -q 127.0.0.1 | tail -2 | head -1
iptables -L -v -n
iptables -L INPUT -v -n -x
iptables -L OUTPUT -v -n --line-numbers
iptables -S -v | grep -- "-c"
iptables-save -c | grep "^\[\|^:\|-A" | head
ip -s -h link show lo
ip -s -s -h link show lo
ip -s link show lo
ip -j -s -h link show lo
