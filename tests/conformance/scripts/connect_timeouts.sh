# Connecting to a port whose SYNs are dropped: curl --connect-timeout (-m's "after N milliseconds" varies by a few ms on the kernel: unit tests), wget -T with its tries (Retrying., '(try: 2)' after a 1 s wait, Giving up., exit 4), nc -w; the same cut by timeout. (The kernel's own SYN budget, ~127-135 s, is left to the unit tests: its length varies with the kernel's timers.)
. topologies/a_r_b.sh
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r iptables -A FORWARD -p tcp --dport 80 -j DROP
ip netns exec a curl -sS --connect-timeout 2 http://10.2.0.2/; echo rc=$?
ip netns exec a curl -s -o /dev/null -w '%{http_code}\n' --connect-timeout 1 http://10.2.0.2/; echo rc=$?
ip netns exec a wget -T 2 -t 1 http://10.2.0.2/ 2>&1 | tail -n +2
ip netns exec a wget -T 1 -t 3 http://10.2.0.2/ 2>&1 | grep -v '^--'
ip netns exec a wget -q -T 1 -t 2 http://10.2.0.2/; echo rc=$?
ip netns exec a nc -w 2 10.2.0.2 80; echo rc=$?
ip netns exec a nc -zv -w 1 10.2.0.2 80; echo rc=$?
ip netns exec a timeout 3 curl -sS http://10.2.0.2/; echo rc=$?
ip netns exec a timeout 2 nc 10.2.0.2 80; echo rc=$?
