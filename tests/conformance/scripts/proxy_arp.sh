# Proxy ARP: ip neigh proxy entries, arp -Ds ... pub and net.ipv4.conf.DEV.proxy_arp make a router answer ARP for others -- only with forwarding on, and only for a target routed out of another interface.
. topologies/a_r_b.sh
ip -n a route add 10.2.0.0/24 dev va
ip -n r neigh add proxy 10.2.0.2 dev ra
ip -n r neigh show proxy
ip -n r neigh add proxy 10.2.0.2 dev ra
ip -n r neigh replace proxy 10.2.0.2 dev ra
ip -n r neigh show proxy
ip -n r neigh add proxy 10.2.0.9
ip -n r neigh add proxy 10.2.0.9 dev nosuch
ip -n r neigh show
ip netns exec a ping -c 1 -W 2 10.2.0.2
ip -n a neigh show 10.2.0.2
sleep 2
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec a ping -c 1 -W 2 10.2.0.2
ip -n a neigh show 10.2.0.2
ip -n r neigh show 10.1.0.2
ip -n r neigh add proxy 10.1.0.77 dev ra
ip netns exec a ping -c 1 -W 1 10.1.0.77
ip -n a neigh show 10.1.0.77
ip netns exec a ping -c 1 -W 1 10.2.0.3
ip -n a neigh show 10.2.0.3
ip netns exec r sysctl -qw net.ipv4.conf.ra.proxy_arp=1
ip netns exec a ping -c 1 -W 1 10.2.0.4
ip -n a neigh show 10.2.0.4
ip netns exec a ping -c 1 -W 1 10.1.0.88
ip -n a neigh show 10.1.0.88
ip netns exec r sysctl -qw net.ipv4.conf.ra.proxy_arp=0
ip netns exec r arp -i ra -Ds 10.2.0.5 ra pub
ip netns exec r arp -n | grep -v from_interface | sort
ip netns exec r arp -n | grep from_interface
ip netns exec r arp -a | grep PUB
ip netns exec r arp -i ra -n | grep from_interface
ip -n r neigh show proxy
ip netns exec a ping -c 1 -W 1 10.2.0.5
ip -n a neigh show 10.2.0.5
ip -n r neigh show proxy dev ra
ip -n r neigh show proxy 10.2.0.0/24
ip -n r -j neigh show proxy
ip -n r neigh get proxy 10.1.0.77 dev ra
ip -n r -j neigh get proxy 10.1.0.77 dev ra
ip -n r neigh get proxy 10.1.0.77
ip -n r neigh get proxy 10.2.0.9
ip -n r neigh del proxy 10.2.0.2 dev ra
ip -n r neigh del proxy 10.2.0.2 dev ra
ip -n r neigh del proxy 10.2.0.5
ip -n r neigh add proxy 10.2.0.5 10.2.0.6 dev ra
ip -n r neigh show proxy
ip -n r neigh flush proxy dev ra
ip -n r neigh show proxy
ip -n r -s neigh flush proxy
ip -n r -s neigh flush proxy
ip -n r neigh show proxy
ip netns exec r sysctl -qw net.ipv4.conf.all.proxy_arp=1
ip netns exec a ping -c 1 -W 1 10.2.0.6
ip -n a neigh show 10.2.0.6
ip -n r neigh get 10.1.0.77 dev ra proxy
ip -n r neigh add proxy 10.2.0.7 dev ra
ip -n r link set ra netns a
ip -n r neigh show proxy
