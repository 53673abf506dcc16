# iproute2's loose IPv4 form (get_addr_ipv4): missing parts are 0, hex and octal parts, in addr/route prefixes.
ip addr add 1.2.3/24 dev lo
ip addr add 10/8 dev lo
ip addr add 0x0a.1.2.3/24 dev lo
ip addr add 010.1.2.4/24 dev lo
ip addr add 1.2.3.4.5/24 dev lo
ip addr add 1.2.3.256/24 dev lo
ip -4 -o addr show dev lo
ip route add 172.16/12 dev lo
ip route add 192.168.1/24 via 1.2.3.9
ip route
ip route add 1.2.3./24 dev lo
ip route add 1..2/32 dev lo
ip route add 08.1.1.1/32 dev lo
ip route add .5/32 dev lo
ip route
