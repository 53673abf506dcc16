# A route the kernel refuses still leaves its FIB table made (inet_rtm_newroute calls fib_new_table before fib_table_insert checks the route, IPv6 likewise): a later `ip route del` there says ESRCH, not "FIB table does not exist". A prefix with host bits is refused earlier (rtm_to_fib_config) and makes none. Found by the wide random scripts (seed 3048).
ip netns add blue
ip -n blue route del 10.60.0.0/24
ip -n blue route add 10.60.1.0/16 dev lo
ip -n blue route del 10.60.0.0/24
ip -n blue route add 10.60.0.0/24 dev lo
ip -n blue route del 10.60.0.0/24
ip -n blue route add 10.60.0.0/24 dev nosuch
ip -n blue route del 10.60.0.0/24 table 7
ip -n blue route add 10.60.0.0/24 table 7 dev lo
ip -n blue route del 10.60.0.0/24 table 7
ip -n blue route add 10.60.0.0/24 table 8 via 1.2.3.4
ip -n blue route del 10.60.0.0/24 table 8
ip -n blue route add blackhole 10.60.0.0/24 table 9 dev lo
ip -n blue route del 10.60.0.0/24 table 9
ip -n blue route add 10.60.0.0/24 table 11 dev lo scope host via 1.2.3.4
ip -n blue route del 10.60.0.0/24 table 11
ip -n blue route add 10.60.1.0/16 table 13 dev lo
ip -n blue route del 10.60.0.0/24 table 13
ip -n blue -6 route del 2001:db8::/64 table 12
ip -n blue -6 route add 2001:db8::/64 table 12 dev lo
ip -n blue -6 route del 2001:db8::/64 table 12
ip -n blue route show table all
ip -n blue -6 route show table all
