# Found by the random scripts (seed 2): a veth end set up while its peer (same netns) is down is LOWERLAYERDOWN at once, the peer end as well as the device end; opening a device sets its operstate.
ip link add veth0 type veth peer name veth0p
ip link set veth0p up
ip -br link
ip link add v1 type veth peer name v1p
ip link set v1 up
ip -br link
ip link set veth0 up
ip link set veth0 down
ip -br link
