# Found by the wide random scripts: bridge fdb 'master' goes to the bridge of a port and is refused on anything else (the
# bridge device itself too); 'self' (the default) takes local (permanent) entries only; 'master self' does the bridge's
# part (when dev is a port), then the device's own; a delete is sent with NUD_PERMANENT as iproute2 does.
ip link add v0 type veth peer name v0p
ip link add v1 type veth peer name v1p
ip link add br0 type bridge
ip link set v0p master br0
ip link set br0 up
ip link set v0p up
ip link set v0 up
sleep 1
bridge fdb add 02:0e:00:00:00:01 dev br0 master
bridge fdb add 02:0e:00:00:00:02 dev br0 self
bridge fdb add 02:0e:00:00:00:03 dev br0
bridge fdb add 02:0e:00:00:00:04 dev br0 master self
bridge fdb add 02:0e:00:00:00:05 dev br0 master static
bridge fdb add 02:0e:00:00:00:06 dev br0 self static
bridge fdb add 02:0e:00:00:00:07 dev br0 dynamic
bridge fdb add 02:0e:00:00:00:08 dev v0p master self
bridge fdb add 02:0e:00:00:00:08 dev v0p master self
bridge fdb append 02:0e:00:00:00:08 dev v0p master self
bridge fdb add 02:0e:00:00:00:09 dev v0p static
bridge fdb append 02:0e:00:00:00:09 dev v0p static
bridge fdb add 02:0e:00:00:00:0a dev v0p self dynamic
bridge fdb add 02:0e:00:00:00:0b dev v1 master self
bridge fdb add 02:0e:00:00:00:0c dev v1 master
bridge fdb add 02:0e:00:00:00:0d dev v1 static
bridge fdb | grep 02:0e | sort
bridge fdb del 02:0e:00:00:00:02 dev br0 master
bridge fdb del 02:0e:00:00:00:02 dev br0
bridge fdb del 02:0e:00:00:00:08 dev v0p master self
bridge fdb del 02:0e:00:00:00:08 dev v0p master self
bridge fdb del 02:0e:00:00:00:0b dev v1 master self
bridge fdb del 02:0e:00:00:00:0b dev v1 master
bridge fdb | grep 02:0e | sort
