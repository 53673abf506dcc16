# Found by the wide random scripts: `bridge fdb show br X` names a missing bridge "Cannot find bridge device" (before
# dev's "Cannot find device"); fdb add/del on lo is refused first with the kernel's extack (not Ethernet); a dynamic
# entry needs a port that learns: one without carrier (state disabled) refuses it, a forwarding one takes it.
ip link add v0 type veth peer name v0p
ip link add br0 type bridge
ip link set v0p master br0
bridge fdb show br nosuch
bridge fdb show br nosuch dev nosuch2
bridge fdb show dev nosuch2 br br0
bridge fdb add 02:0e:00:00:00:01 dev lo master
bridge fdb add 02:0e:00:00:00:01 dev lo self
bridge fdb add 02:0e:00:00:00:01 dev lo
bridge fdb del 02:0e:00:00:00:01 dev lo
bridge fdb del 02:0e:00:00:00:01 dev lo master
bridge fdb add 02:0e:00:00:00:02 dev v0p master dynamic
bridge fdb add 02:0e:00:00:00:02 dev v0p master static
ip link set br0 up
ip link set v0p up
ip link set v0 up
sleep 1
bridge link
bridge fdb add 02:0e:00:00:00:03 dev v0p master dynamic
bridge fdb show | grep 02:0e | sort
bridge link set dev v0p state 1
bridge fdb add 02:0e:00:00:00:04 dev v0p master dynamic
bridge link set dev v0p state 2
bridge fdb add 02:0e:00:00:00:04 dev v0p master dynamic
bridge fdb show | grep 02:0e | sort
bridge fdb get 02:0e:00:00:00:01 br nosuch
bridge fdb get 02:0e:00:00:00:01 br nosuch dev nosuch2
bridge fdb get 02:0e:00:00:00:01 dev br0 br nosuch
