# Found by the wide random scripts: fib_create_info refuses a gateway, device or nexthops on blackhole/unreachable/prohibit/throw
# routes, a scope below the type's (local: host, broadcast: link), a gateway on a host-scope route and on a link-scope
# one (not onlink); net-tools shows unreachable/prohibit as RTF_REJECT ('!', '-' columns), blackhole and throw as plain U.
ip link add v0 type veth peer name v0p
ip addr add 10.1.0.1/24 dev v0
ip link set v0 up
ip link set v0p up
ip route add blackhole 10.61.1.0/24 via 10.1.0.2
ip route add blackhole 10.61.1.0/24 dev v0
ip route add unreachable 10.61.1.0/24 nexthop via 10.1.0.2
ip route add prohibit 10.61.1.0/24 dev lo
ip route add throw 10.61.1.0/24 via 10.1.0.2 table 100
ip route add local 10.61.5.0/24 via 10.1.0.2 dev lo
ip route add unreachable 10.61.1.0/24
ip route add prohibit 10.61.2.0/32
ip route add throw 10.61.3.0/24
ip route add blackhole 10.61.4.0/24
ip route add unreachable 10.61.6.0/24 table 100
netstat -rn
route -n
route -ne
route -nee
route
ip route show table 100
ip route add local 10.61.5.0/24 via 10.1.0.2 dev lo
ip route add local 10.61.5.0/24 via 10.1.0.2
ip route add 10.61.6.0/24 via 10.1.0.2 scope host
ip route add local 10.61.7.0/24 via 10.1.0.2 scope link
ip route add 10.61.8.0/24 via 10.1.0.2 scope link
ip route add local 10.61.9.0/24 dev v0 scope link
ip route show table all | grep 10.61
