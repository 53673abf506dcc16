# Found by the random scripts (seeds 26, 28, 37, 45): an unnamed veth peer takes the first free vethN before the device is registered, so `ip link add vethN type veth peer` fails with File exists when vethN is that first free name, and makes nothing.
ip link add veth0 type veth peer
ip link add foo type veth peer
ip link add veth1 type veth peer
ip link add veth9 type veth peer
ip link add type veth peer
ip link add veth3 type veth peer name veth4
ip -br link
ip netns add red
ip link add veth2 type veth peer netns red
ip -br link
ip -n red -br link
