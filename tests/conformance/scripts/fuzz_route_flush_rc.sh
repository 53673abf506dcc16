# Found by the random scripts (seed 4): a bare `ip route flush` says it needs arguments with rc 1 (iproute_list_flush_or_save returns -1; ip exits 1), in every netns form.
ip netns add x
ip route flush
ip -4 route flush
ip -n x route flush
ip netns exec x ip route flush
ip route flush table main
ip route
