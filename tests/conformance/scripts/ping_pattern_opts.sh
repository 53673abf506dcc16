# iputils ping -p PATTERN (the PATTERN line on stdout before the header, not with -q; odd digits; 16 bytes at most; the first non-hex character on), -M's words (do, dont, want; anything else is fatal, probe too), -t 0 (setsockopt's EINVAL after the name resolved); requests too big to leave: -M do above the route's MTU or above 65535 bytes (local error, mtu=M, counted as errors; not with -q), an ICMP part above 65535 fails silently.
ip link set lo up
ping -c 1 -p ff 127.0.0.1; echo rc=$?
ping -c 1 -q -p abc 127.0.0.1; echo rc=$?
ping -c 1 -p abc -q 127.0.0.1; echo rc=$?
ping -c 1 -p '' 127.0.0.1 | head -1; echo rc=$?
ping -c 1 -p 0123456789abcdef0123456789abcdef01 127.0.0.1 | head -1
ping -c 1 -p abcz 127.0.0.1; echo rc=$?
ping -c 1 -p zz1 127.0.0.1; echo rc=$?
ping -c 1 -M bogus 127.0.0.1; echo rc=$?
ping -c 1 -M probe 127.0.0.1; echo rc=$?
ping -c 1 -M dont 127.0.0.1; echo rc=$?
ping -c 1 -M want -s 2000 127.0.0.1; echo rc=$?
ping -c 1 -t 0 127.0.0.1; echo rc=$?
ping -c 1 -t 0 -p 01 127.0.0.1; echo rc=$?
ping -c 1 -t 1 127.0.0.1; echo rc=$?
ip link add v0 type veth peer name v1
ip addr add 10.0.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
ip route add 10.0.5.0/24 dev v0 mtu 1400
ping -c 3 -i 0.2 -M do -s 1500 10.0.0.2; echo rc=$?
ping -c 2 -M do -s 1473 10.0.0.2; echo rc=$?
ping -c 1 -q -M do -s 1500 10.0.0.2; echo rc=$?
ping -c 1 -M do -s 1400 10.0.5.1; echo rc=$?
ping -c 2 -s 70000 10.0.0.2; echo rc=$?
ping -c 1 -s 65508 10.0.0.2; echo rc=$?
ping -c 1 -s 65508 -q 127.0.0.1; echo rc=$?
ping -c 1 -s 65507 -q 127.0.0.1; echo rc=$?
