# Found by the wide random scripts: an input lookup (ip route get ... iif D from S) with one of our own addresses as S is a
# martian source (EINVAL) unless accept_local; a broadcast/multicast route needs its device up (local ones do not);
# FAILED/NONE/INCOMPLETE neighbours show no lladdr; a permanent bridge fdb entry cannot be sticky.
. topologies/a_r_b.sh
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip -n r addr add 10.2.0.3/24 dev rb
ip -n r route get 10.1.0.1 iif ra from 10.2.0.3
ip -n r route get 10.2.0.2 iif ra from 10.2.0.3
ip -n r route get 10.2.0.2 iif ra from 10.1.0.1
ip -n r route get 10.2.0.2 iif ra from 10.1.0.7
ip -n r route get 10.2.0.2 iif lo from 10.2.0.3
ip netns exec r sysctl -qw net.ipv4.conf.ra.accept_local=1
ip -n r route get 10.1.0.1 iif ra from 10.2.0.3
ip -n r route get 10.2.0.2 iif ra from 10.2.0.3
ip netns exec r sysctl -qw net.ipv4.conf.ra.accept_local=0
ip netns exec r sysctl -qw net.ipv4.conf.all.accept_local=1
ip -n r route get 10.2.0.2 iif ra from 10.1.0.1
ip -n r link set rb down
ip -n r route add broadcast 10.60.1.0/24 dev rb
ip -n r route add multicast 224.1.0.0/16 dev rb
ip -n r route add local 10.60.2.0/24 dev rb
ip -n r route add broadcast 10.60.1.0/24 dev ra
ip -n a neigh add 10.1.0.5 lladdr 02:0e:00:00:00:05 dev va nud failed
ip -n a neigh add 10.1.0.6 lladdr 02:0e:00:00:00:06 dev va nud none
ip -n a neigh add 10.1.0.7 lladdr 02:0e:00:00:00:07 dev va nud incomplete
ip -n a neigh add 10.1.0.8 dev va nud none
ip -n a -4 neigh show nud all | sort
ip -n a link add br0 type bridge
ip -n a link add v0 type veth peer name v0p
ip -n a link set v0p master br0
ip netns exec a bridge fdb add 02:0e:00:00:00:01 dev v0p master sticky
ip netns exec a bridge fdb add 02:0e:00:00:00:03 dev v0p sticky
ip netns exec a bridge fdb replace 02:0e:00:00:00:04 dev v0p master sticky
ip netns exec a bridge fdb | grep 02:0e
