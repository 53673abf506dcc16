# A router's FORWARD policy built from user chains, marks, comments, statistic, addrtype and LOG; listings after traffic (-v -x -n --line-numbers, -S -v, references), -Z of one rule, -D/-R/-I in a user chain, -X of a referenced chain.
. topologies/a_r_b.sh
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec r iptables -N FROM-A
ip netns exec r iptables -N TO-B
ip netns exec r iptables -t mangle -A PREROUTING -i ra -p icmp -j MARK --set-mark 0x10
ip netns exec r iptables -t mangle -A PREROUTING -i rb -j MARK --set-xmark 0x20/0xff
ip netns exec r iptables -A FORWARD -i ra -j FROM-A
ip netns exec r iptables -A FORWARD -o rb -m comment --comment "to the b side" -j TO-B
ip netns exec r iptables -A FROM-A -m mark --mark 0x10 -m comment --comment "marked icmp" -j RETURN
ip netns exec r iptables -A FROM-A -p udp -j DROP
ip netns exec r iptables -A TO-B -m statistic --mode nth --every 2 --packet 0 -j ACCEPT
ip netns exec r iptables -A TO-B -m addrtype --dst-type UNICAST -j ACCEPT
ip netns exec r iptables -A TO-B -j LOG --log-prefix "to-b " --log-level 4
ip netns exec r iptables -A INPUT -m addrtype --dst-type LOCAL -p icmp -j ACCEPT
ip netns exec r iptables -A INPUT -m addrtype --dst-type BROADCAST -j DROP
ip netns exec a ping -c 3 -i 0.2 10.2.0.2
ip netns exec a ping -c 1 10.1.0.1
ip netns exec b ping -c 2 -i 0.2 10.1.0.2
ip netns exec r iptables -L -v -n
ip netns exec r iptables -L FORWARD -v -n -x --line-numbers
ip netns exec r iptables -S -v
ip netns exec r iptables -t mangle -L PREROUTING -n -v
ip netns exec r iptables -t mangle -S
ip netns exec r iptables -L TO-B -v -n --line-numbers
ip netns exec r iptables -Z TO-B 2
ip netns exec r iptables -L TO-B -v -n
ip netns exec r iptables -X TO-B
ip netns exec r iptables -F TO-B
ip netns exec r iptables -X TO-B
ip netns exec r iptables -I FROM-A 2 -p tcp --dport 22 -j REJECT --reject-with tcp-reset
ip netns exec r iptables -R FROM-A 1 -m mark ! --mark 0x10/0xf0 -j RETURN
ip netns exec r iptables -D FROM-A -p udp -j DROP
ip netns exec r iptables -S FROM-A
ip netns exec r iptables -L FROM-A -n
ip netns exec r iptables -L -n | grep -c Chain
ip netns exec r iptables -L -n | awk '/^Chain/ {print $2, $3, $4}'
ip netns exec r iptables-save -c | grep -v '^#' | sed -E 's/\[[0-9]+:[0-9]+\]/[C]/'
ip netns exec r iptables -A FROM-A -m statistic --mode random --probability 0.5 -j ACCEPT
ip netns exec r iptables -A FROM-A -m statistic --mode nth --every 0 -j ACCEPT
ip netns exec r iptables -A FROM-A -m statistic --mode nth --packet 1 -j ACCEPT
ip netns exec r iptables -A FROM-A -m mark --mark zz -j ACCEPT
ip netns exec r iptables -A FROM-A -m comment -j ACCEPT
ip netns exec r iptables -A FROM-A -m addrtype --dst-type FOO -j ACCEPT
ip netns exec r iptables -t mangle -A PREROUTING -j MARK
ip netns exec r iptables -A FROM-A -j MARK --set-mark 1
ip netns exec r iptables -S FROM-A
ip netns exec r iptables -A FROM-A -m statistic --mode nth -j ACCEPT
ip netns exec r iptables -A FROM-A -m statistic --mode nth --packet 0 -j ACCEPT
ip netns exec r iptables -A FROM-A -m statistic --mode random -j ACCEPT
ip netns exec r iptables -A FROM-A -m statistic --every 2 -j ACCEPT
ip netns exec r iptables -A FROM-A -m statistic --mode nth --probability 0.5 -j ACCEPT
ip netns exec r iptables -A FROM-A -m statistic --mode nth --every 3 --packet 1 -j ACCEPT
ip netns exec r iptables -S FROM-A
