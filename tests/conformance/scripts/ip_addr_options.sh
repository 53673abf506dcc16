# ip addr add with label, broadcast +, lifetimes, scope, noprefixroute; show/flush selectors (label, scope,
# to, flag words), -s flush reports, -j with selectors (left-out addresses as {}).
ip link add d0 type veth peer name d1
ip link set d0 up
ip link set d1 up
ip addr add 10.3.0.1/24 brd + dev d0 label d0:web
ip addr add 10.3.0.2/24 dev d0 label d0:1
ip addr add 10.3.0.3/24 dev d0 label web
ip addr add 10.4.0.1/16 broadcast 10.4.255.254 dev d0
ip addr add 10.5.0.1/24 dev d0 scope link
ip addr add 10.6.0.1/24 dev d0 noprefixroute
ip addr add 10.7.0.1/24 dev d0 valid_lft forever preferred_lft 1800
ip addr add 10.8.0.1/24 dev d0 valid_lft 100 preferred_lft 200
ip addr add 10.9.0.1/24 dev d0 scope host
ip addr add 10.10.0.1/24 dev d0 scope 200
ip addr add 10.11.0.1/24 dev d0 scope bogus
ip addr add 10.12.0.1/31 brd + dev d0
ip addr add 10.13.0.1/32 brd + dev d0
ip addr add 10.14.0.1/24 brd - dev d0
ip -4 addr show dev d0
ip -4 -o addr show dev d0
ip -4 addr show label d0:web
ip -4 addr show label 'd0:*'
ip -4 addr show scope link
ip -4 addr show scope host dev d0
ip -4 -br addr
ip route
ip -4 addr show primary dev d0
ip -4 addr show secondary dev d0
ip addr del 10.3.0.1/24 dev d0
ip -4 addr show dev d0
ip addr change 10.5.0.1/24 dev d0 scope global
ip addr replace 10.15.0.1/24 dev d0
ip -4 -o a s d0
ip a s d0 to 10.4.0.0/16
ip addr flush dev d0 label d0:1
ip -4 -o a s d0
ip addr flush dev d0 scope link
ip -4 -o a s d0
ip addr add 10.20.0.1/24 dev d0 label foo:bar
ip addr add 10.20.0.2/24 dev d0 label d0:averyveryverylonglabel
ip addr add dev d0
ip addr add 10.20.0.3/24
ip addr add 10.20.0.3/24 dev d0 garbage
ip addr show dev d0 garbage
ip addr add 10.20.0.3/24 dev d0 valid_lft forever preferred_lft 10
ip addr add 10.20.0.4/24 dev d0 valid_lft abc
ip -4 -o a s d0
ip addr add 10.3.0.7/24 dev d0 valid_lft 100
ip addr add 10.3.0.7/24 dev d0 valid_lft 100 preferred_lft 100 valid 3
ip addr add 10.3.0.7/24 dev nosuch valid_lft 0
ip addr add 10.3.0.7/24 dev d0 valid_lft 0
ip addr add 10.3.0.7/24 dev d0 preferred_lft 1 valid_lft 4294967295
ip addr add 10.3.0.9/24 dev d0 scope link
ip -4 a s dev d0
ip -4 a s permanent
ip -4 a s -primary
ip a s label d0
ip -4 a s label "d*"
ip -o -4 a s label foo:bar
ip -4 a s to 10.3.0.0/24 label d0
ip a s to 300.1.1.1
ip a s to 10.13.0.0/24 to 10.4.0.0/16
ip a s scope 253 dev d0
ip a s scope bad
ip -4 -j a s dev d0 secondary
ip -s addr flush dev d0 to 10.12.0.0/24
ip -s addr flush dev d0 to 10.12.0.0/24
ip -s -s addr flush dev d0 label d0
ip -4 -o a
ip addr add 10.30.0.1/24 dev d1 valid_lft 1000 preferred_lft 0
ip addr add 10.30.0.2/24 dev d1 valid_lft 2000 preferred_lft 1000
ip -4 a s dev d1
ip a s dynamic
ip a s deprecated
ip -4 -j a s dev d1 -deprecated
ip addr replace 10.30.0.2/24 dev d1
ip -4 a s dev d1 permanent
