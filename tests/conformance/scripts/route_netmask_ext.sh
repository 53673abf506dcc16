# net-tools route: netmasks (a name is looked up as a host, a non-contiguous one is bogus, 0 is the kernel's EINVAL), route del asks for a unicast route (a reject route stays), route -e/-ee/-eee and netstat -r/-re/-ree/-reee columns.
. topologies/a_r_b.sh
ip netns exec a route add -net 10.9.0.0 netmask 255.255.0.0 gw 10.1.0.1
ip netns exec a route add -net 10.6.0.0 netmask 255.0.255.0 gw 10.1.0.1
ip netns exec a route add -net 10.6.0.0 netmask 0.255.255.255 gw 10.1.0.1
ip netns exec a route add -net 10.6.0.0 netmask foo gw 10.1.0.1
ip netns exec a route add -net 10.6.0.0 netmask 255.255.0 gw 10.1.0.1
ip netns exec a route add -net 10.5.0.0 netmask 0.0.0.0 gw 10.1.0.1
ip netns exec a route add -net 10.4.0.0 netmask 255.255.255.255 gw 10.1.0.1
ip netns exec a route -n
ip netns exec a route add -net 10.3.0.0/16 reject
ip netns exec a route add -net 10.3.0.0/16 metric 5 gw 10.1.0.1
ip netns exec a route -n
ip netns exec a route del -net 10.3.0.0/16
ip netns exec a route -n
ip netns exec a route del -net 10.3.0.0/16
ip netns exec a route del -net 10.3.0.0/16 reject
ip netns exec a route -n
ip netns exec a route del -net 10.1.0.0/24 gw 10.1.0.9
ip netns exec a route del -net 10.5.0.0 netmask 255.255.x.0
ip netns exec a route -ne
ip netns exec a route -nee
ip netns exec a route -neee
ip netns exec a netstat -rn
ip netns exec a netstat -rne
ip netns exec a netstat -rnee
ip netns exec a netstat -rneee
ip netns exec a netstat -r -n -e
ip netns exec a netstat -rn --extend
