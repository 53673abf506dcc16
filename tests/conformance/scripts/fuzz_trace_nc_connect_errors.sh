# Found by the wide random scripts: traceroute's icmp and tcp modules bind and connect their socket before the
# header is printed (the udp module at its first probe, after it); nc -u's connect() refuses a destination without
# a route, or with a blackhole/unreachable/prohibit route: silent without -v, exit 1.
ip link set lo up
traceroute -n -q 1 -w 1 -m 3 -I 10.6.0.1
traceroute -n -q 1 -w 1 -m 3 -T 10.6.0.1
traceroute -n -q 1 -w 1 -m 3 10.6.0.1
traceroute -n -q 1 -m 3 -T -s 10.9.9.9 127.0.0.1
traceroute -n -q 1 -m 3 -I -i nosuch 127.0.0.1
traceroute -n -q 1 -m 3 -s 10.9.9.9 127.0.0.1
traceroute -n -q 1 -m 3 -U -i nosuch 127.0.0.1
ip route add blackhole 10.9.0.0/16
ip route add unreachable 10.8.0.0/16
ip route add prohibit 10.7.0.0/16
traceroute -n -q 1 -w 1 -m 3 -T 10.9.0.1
traceroute -n -q 1 -w 1 -m 3 -I 10.8.0.1
traceroute -n -q 1 -w 1 -m 3 10.7.0.1
echo hi | nc -u -w1 -p 4000 10.60.0.1 7000; echo rc=$?
echo hi | nc -v -u -w1 -p 4001 10.60.0.1 7000; echo rc=$?
echo hi | nc -u -w1 -p 4002 10.9.0.1 7000; echo rc=$?
echo hi | nc -v -u -w1 -p 4003 10.9.0.1 7000; echo rc=$?
echo hi | nc -v -u -w1 -p 4004 10.8.0.1 7000; echo rc=$?
echo hi | nc -v -u -w1 -p 4005 10.7.0.1 7000; echo rc=$?
echo hi | nc -u -w1 -p 4006 127.0.0.1 7000; echo rc=$?
