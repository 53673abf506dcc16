# Found by the wide random scripts: an IPv4 route delete with host bits set is refused before anything else
# (rtm_to_fib_config: "Invalid prefix for given prefix length", even in a table not made yet); IPv6 keeps only
# the prefix, on add as on delete.
ip netns add x
ip -n x route del 10.62.1.0/16 metric 20 table main
ip -n x route del 10.62.1.0/16 table 100
ip -n x link set lo up
ip -n x route del 10.62.1.0/16
ip -n x route del 10.62.0.0/16
ip -n x route add 10.62.1.0/16 dev lo
ip -n x route add 10.62.0.0/16 dev lo
ip -n x route del 10.62.1.0/16
ip -n x route flush 10.62.1.0/16
ip -n x route
ip -n x -6 route del 2001:db8::1/64
ip -n x -6 route add 2001:db8::1/64 dev lo
ip -n x -6 route
ip -n x -6 route del 2001:db8::1/64
ip -n x -6 route
