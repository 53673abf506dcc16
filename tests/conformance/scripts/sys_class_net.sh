# /sys/class/net of a bridge lab: the listing, each device's attributes (carrier, dormant, speed... EINVAL while down), flags with a port's PROMISC/ALLMULTI, a bridge's bridge/ and brif/, a port's brport/ and master, statistics after pings (IPv6 off: no chatter), per netns, and the errors of writes and reads sysfs refuses.
sysctl -qw net.ipv6.conf.all.disable_ipv6=1
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip link add br0 type bridge
ip link add v0 type veth peer name v1
ip link set v1 master br0
ip link set v1 up
ip link set br0 up
sleep 1
ls /sys/class/net
ls /sys/class/net/lo /sys/class/net/br0 /sys/class/net/v0 /sys/class/net/v1
ls /sys/class/net/br0/bridge /sys/class/net/v1/brport /sys/class/net/lo/statistics /sys/class/net/br0/brif
cd /sys/class/net; for d in lo br0 v0 v1; do for f in addr_assign_type addr_len broadcast carrier carrier_changes carrier_down_count carrier_up_count dev_id dev_port dormant duplex flags gro_flush_timeout ifalias ifindex iflink link_mode mtu name_assign_type netdev_group operstate proto_down speed testing tx_queue_len type threaded napi_defer_hard_irqs uevent; do echo "$d/$f: $(cat $d/$f 2>&1)"; done; done
cd /sys/class/net/br0/bridge; for f in *; do echo "bridge/$f: $(cat $f 2>&1)"; done | grep -v "bridge_id\|root_id\|gc_timer"
cd /sys/class/net/v1/brport; for f in *; do echo "brport/$f: $(cat $f 2>&1)"; done | grep -v "designated_bridge\|designated_root"
cat /sys/class/net/br0/brif/v1/state /sys/class/net/v1/master/mtu /sys/class/net/v1/brport/bridge/bridge/stp_state
cat /sys/class/net/br0/bridge/bridge_id | tr 0-9a-f x
ip netns add n1
ip netns exec n1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec n1 sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip link set v0 netns n1
ip netns exec n1 ls /sys/class/net
ip -n n1 link set v0 up
ip -n n1 link set lo up
ip -n n1 addr add 10.7.0.2/24 dev v0
ip addr add 10.7.0.1/24 dev br0
sleep 2
ip netns exec n1 ping -c 2 -i 0.2 10.7.0.1 > /dev/null
sleep 3
cat /sys/class/net/v1/statistics/rx_packets /sys/class/net/v1/statistics/tx_packets
ip netns exec n1 cat /sys/class/net/v0/statistics/tx_packets /sys/class/net/v0/carrier /sys/class/net/v0/operstate /sys/class/net/v0/flags
cat /sys/class/net/v1/brport/state /sys/class/net/v1/carrier /sys/class/net/v1/operstate /sys/class/net/v1/flags /sys/class/net/v1/speed /sys/class/net/v1/duplex
echo 1 > /sys/class/net/br0/address
echo 1 > /sys/class/net/br0/nope
cat /sys/class/net/br0/bridge/flush
cat /sys/class/net/br0/bridge
cat /sys/class/net/nope/mtu
