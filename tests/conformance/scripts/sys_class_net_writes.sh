# Writes to /sys/class/net as the kernel's sysfs store functions take them: mtu, tx_queue_len (base-0 numbers) and ifalias of a device, a bridge's bridge/* settings, a port's brport/* flags, cost and priority (also through brif/), their range errors (ERANGE, EINVAL) and the files that refuse writes.
ip link add br0 type bridge
ip link add v0 type veth peer name v1
ip link set v1 master br0
ip link set v1 up
ip link set br0 up
echo 1400 > /sys/class/net/v1/mtu; cat /sys/class/net/v1/mtu; ip link show v1 | grep -o 'mtu [0-9]*'
echo abc > /sys/class/net/v1/mtu
echo 10 > /sys/class/net/v1/mtu
echo -5 > /sys/class/net/v1/mtu
echo 0x10 > /sys/class/net/v1/tx_queue_len; cat /sys/class/net/v1/tx_queue_len
echo 010 > /sys/class/net/v1/tx_queue_len; cat /sys/class/net/v1/tx_queue_len
echo hello > /sys/class/net/v1/ifalias; cat /sys/class/net/v1/ifalias; ip link show v1 | grep alias
echo 1 > /sys/class/net/v1/brport/hairpin_mode; bridge -d link show | grep -o 'hairpin [a-z]*'; cat /sys/class/net/br0/brif/v1/hairpin_mode
echo 0 > /sys/class/net/br0/brif/v1/learning; cat /sys/class/net/v1/brport/learning
echo 0 > /sys/class/net/br0/bridge/multicast_snooping; cat /sys/class/net/br0/bridge/multicast_snooping; ip -d link show br0 | grep -o 'mcast_snooping [0-9]'
echo 500 > /sys/class/net/br0/bridge/ageing_time; cat /sys/class/net/br0/bridge/ageing_time
echo 1 > /sys/class/net/br0/bridge/stp_state; cat /sys/class/net/br0/bridge/stp_state
echo 100 > /sys/class/net/br0/bridge/forward_delay
echo 99 > /sys/class/net/v1/brport/priority
echo 0 > /sys/class/net/v1/brport/path_cost
echo 5 > /sys/class/net/v1/brport/path_cost; cat /sys/class/net/v1/brport/path_cost
echo x > /sys/class/net/v1/brport/learning
echo 1 > /sys/class/net/br0/bridge/bridge_id
echo 1 > /sys/class/net/v1/operstate
echo 1 > /sys/class/net/v0/carrier
echo 1 > /sys/class/net/v0/proto_down
echo 1 > /sys/class/net/v0/dormant
echo 0x1003 > /sys/class/net/v0/flags; cat /sys/class/net/v0/flags; ip -br link show v0 | awk '{print $1, $2}'
echo 0x1103 > /sys/class/net/v0/flags; ip link show v0 | grep -o PROMISC
echo 5 > /sys/class/net/v0/netdev_group; cat /sys/class/net/v0/netdev_group; ip link show v0 | grep -o 'group [0-9a-z]*'
echo 7 > /sys/class/net/v0/gro_flush_timeout; cat /sys/class/net/v0/gro_flush_timeout
echo 0x1002 > /sys/class/net/v0/flags; cat /sys/class/net/v0/flags /sys/class/net/v0/operstate
