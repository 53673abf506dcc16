# bridge fdb flush by state: permanent/static/dynamic and their no- forms (a permanent entry is static too; the last of static/dynamic wins), the ports' own entries stay.
ip link add br0 type bridge
ip link add v1 type veth peer name v2
ip link set v1 master br0
ip link set br0 up
ip link set v1 up
ip link set v2 up
sleep 1
bridge fdb add 02:00:00:00:00:01 dev v1 master static
bridge fdb add 02:00:00:00:00:02 dev v1 master dynamic
bridge fdb add 02:00:00:00:00:03 dev v1 master
bridge fdb flush dev br0 dynamic
bridge fdb show br br0 | grep 02:00:00 | sort
bridge fdb add 02:00:00:00:00:02 dev v1 master dynamic
bridge fdb flush dev br0 static
bridge fdb show br br0 | grep 02:00:00 | sort
bridge fdb add 02:00:00:00:00:01 dev v1 master static
bridge fdb flush dev br0 permanent
bridge fdb show br br0 | grep 02:00:00 | sort
bridge fdb add 02:00:00:00:00:03 dev v1 master
bridge fdb flush dev br0 nodynamic
bridge fdb show br br0 | grep 02:00:00 | sort
bridge fdb add 02:00:00:00:00:01 dev v1 master static
bridge fdb add 02:00:00:00:00:03 dev v1 master
bridge fdb flush dev br0 nostatic
bridge fdb show br br0 | grep 02:00:00 | sort
bridge fdb add 02:00:00:00:00:02 dev v1 master dynamic
bridge fdb flush dev br0 nopermanent
bridge fdb show br br0 | grep 02:00:00 | sort
bridge fdb add 02:00:00:00:00:01 dev v1 master static
bridge fdb add 02:00:00:00:00:02 dev v1 master dynamic
bridge fdb flush dev br0 static dynamic
bridge fdb show br br0 | grep 02:00:00 | sort
bridge fdb flush dev v1 master permanent
bridge fdb show br br0 | grep 02:00:00 | sort
bridge fdb flush dev br0
bridge fdb show br br0 | grep -c 02:00:00
bridge fdb show br br0 | grep -c permanent
ip link add v3 type veth peer name v4
ip link set v3 master br0
ip link set v3 up
ip link set v4 up
sleep 1
bridge fdb show br br0 | grep -c "dev v3 master br0 permanent"
bridge fdb flush dev br0 dynamic
bridge fdb show br br0 | grep -c "dev v3 master br0 permanent"
bridge fdb flush dev v3 master
bridge fdb show br br0 | grep -c "dev v3 master br0 permanent"
