# Found by the wide random scripts (seed 934): lo without in_device (its MTU below 68) fails only output to a local
# address (__mkroute_output's EINVAL); a packet that comes in for one of the netns's addresses is still delivered
# (ip_route_input takes the local route) and answered.
. topologies/a_r_b.sh
ip netns exec r ip link set lo mtu 0
sleep 1
ip netns exec a ping -c 1 -W 1 10.2.0.1
ip netns exec a ping -c 1 -W 1 10.1.0.1
ip netns exec r ping -c 1 -W 1 10.2.0.1
