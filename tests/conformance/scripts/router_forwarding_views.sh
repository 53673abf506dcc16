# A router with forwarding off then on: ip route get with iif on the router, pings with TTL 1, unreachable nets and hosts answered by the router, per-interface forwarding, traceroute and neighbour views.
. topologies/a_r_b.sh
ip -n r route get 10.2.0.2 from 10.1.0.2 iif ra
ip -n r route get 10.2.0.2 from 10.1.0.2 iif ra oif rb
ip -n r route get 10.9.9.9 from 10.1.0.2 iif ra
ip -n r route get 10.1.0.1 from 10.1.0.2 iif ra
ip -n r route get 10.2.0.1 from 10.1.0.2 iif ra
ip -n r route get 10.2.0.255 from 10.1.0.2 iif ra
ip netns exec a ping -c 1 -W 1 10.2.0.2
ip netns exec a ping -c 1 -W 1 10.2.0.1
ip netns exec r sysctl -w net.ipv4.conf.ra.forwarding=1
ip -n r route get 10.2.0.2 from 10.1.0.2 iif ra
ip netns exec a ping -c 1 -W 1 10.2.0.2
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n r route get 10.2.0.2 from 10.1.0.2 iif ra
ip -n r route get 10.9.9.9 from 10.1.0.2 iif ra
ip -n r route get 10.2.0.2 from 10.9.9.9 iif ra
ip netns exec a ping -c 2 -i 0.2 10.2.0.2
ip netns exec a ping -c 1 -t 1 10.2.0.2
ip netns exec a ping -c 1 -W 1 10.9.9.9
ip netns exec a ping -c 1 -W 2 10.2.0.77
ip netns exec a traceroute -n -q 1 -w 1 10.2.0.2
ip netns exec a traceroute -n -q 1 -w 1 -m 3 10.9.9.9
ip -n r neigh show dev rb | sort
ip -n r neigh show 10.2.0.2
ip netns exec r sysctl net.ipv4.conf.ra.forwarding net.ipv4.conf.rb.forwarding net.ipv4.conf.all.forwarding
ip netns exec r sysctl -w net.ipv4.conf.rb.forwarding=0
ip netns exec a ping -c 1 -W 1 10.2.0.2
ip netns exec b ping -c 1 -W 1 10.1.0.2
ip -n r route add unreachable 10.9.0.0/16
ip -n r route add prohibit 10.8.0.0/16
ip -n r route add blackhole 10.7.0.0/16
ip netns exec a ping -c 1 -W 1 10.9.1.1
ip netns exec a ping -c 1 -W 1 10.8.1.1
ip netns exec a ping -c 1 -W 1 10.7.1.1
ip -n r route get 10.9.1.1
ip -n r route get 10.8.1.1 from 10.1.0.2 iif ra
ip -n r route
ip -n r -s link show lo | tail -4
