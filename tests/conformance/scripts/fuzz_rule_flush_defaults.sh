# Found by the wide random scripts (seed 646): ip rule flush in a netns whose rules nobody changed yet deletes main and
# default too (only the local rule of preference 0 stays): routes then resolve through the local table alone.
ip link add v0 type veth peer name v0p
ip addr add 10.11.0.2/24 dev v0
ip link set v0 up
ip rule flush
ip rule
ip route add 10.64.0.0/24 via 10.11.0.7
ip route get 10.11.0.9
ping -c1 -W1 10.11.0.9
ip route get 10.11.0.2
ip rule add table main
ip rule add pref 0 table 100
ip rule add pref 5 table 100
ip rule flush
ip rule
