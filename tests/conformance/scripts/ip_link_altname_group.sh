# ip link property add/del altname (shown, found by it), ip link set group and show group, xstats/afstats.
ip link add a0 type veth peer name a1
ip link property add dev a0 altname uplink0 altname up1
ip link show a0
ip link show up1
ip -br link show uplink0
ip -j link show a0
ip link property add dev a0 altname uplink0
ip link property add dev a0 altname a1
ip link property add dev nosuch altname x
ip link property del dev a0 altname nosuch
ip link property del dev a0 altname up1
ip link set uplink0 up
ip addr add 10.0.0.1/24 dev uplink0
ip a s uplink0
ip link set a0 alias "my alias"
ip link show a0
ip -j link show a0
ip link set a0 group 5
ip link show group 5
ip link show a0
ip link set a0 group foo
ip link set a0 group 4294967295
ip link show group 7
ip link set a0 group default
ip link show a0
ip link xstats
ip link xstats type bridge
ip link afstats
ip link afstats dev a0
ip link set a0 name b0
ip link show b0
