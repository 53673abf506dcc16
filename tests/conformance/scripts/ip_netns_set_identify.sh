# ip netns set NAME NSID (get_integer: base 0, within an int, >= 0, auto) and ip netns identify (digits only, one word); ip -n switches at once, so the first missing netns is the error.
ip netns add a
ip netns add b
ip netns set a link
ip netns set zz link
ip netns set a -1
ip netns set a 4294967295
ip netns set a 2147483648
ip netns set a 0x10
ip netns list
ip netns set b 010
ip netns set b 3
ip netns list
ip netns set a
ip netns set
ip netns set zz 3
ip netns set a 1 2
ip netns identify a
ip netns identify self
ip netns identify 12a
ip netns identify -1
ip netns identify 1 2
ip netns identify 0
ip netns identify
ip -n a netns identify
ip -n ip -n red link
ip -n a -n red link
ip -n red -n a link
ip -n a -n b link show lo
ip -n nope -x link
ip -n a -x link
