# ip link set on/off flags (promisc, arp, multicast, allmulticast), bridge options (stp_state, times,
# priority, the kernel's range checks, no VLAN filtering on this kernel), unnamed veth pairs, name errors.
ip link add v0 type veth peer name v1
ip link set v0 promisc on
ip link set v0 arp off
ip link set v0 multicast off
ip link set v0 allmulticast on
ip link show v0
ip -br link show v0
ip -j link show v0
ip -d link show v0
ip link set v0 arp on promisc off multicast on allmulticast off
ip link show v0
ip link set v0 promisc yes
ip link set lo arp maybe
ip link set v0 promisc on
ip link set v0 promisc on
ip -d link show v0
ip link add br0 type bridge
ip link set v0 master br0
ip -d link show v0 | head -2
ip link set v0 promisc off
ip -d link show v0 | head -2
ip link add br1 type bridge stp_state 1
ip link add br2 type bridge vlan_filtering 1
ip link add br2 type bridge vlan_filtering 0
ip link add br3 type bridge forward_delay 400 hello_time 300 max_age 1500 priority 100
ip -d link show br1
ip -d link show br2
ip -d link show br3
ip link set br3 type bridge stp_state 1 priority 7
ip -d link show br3
ip link set br3 type bridge forward_delay 100
ip link set br3 type bridge priority 70000
ip link set br3 type bridge hello_time 5000
ip link set br3 type bridge max_age 100
ip link set br3 type bridge forward_delay abc
ip link set br3 type bridge bogus 1
ip link set br0 type bridge vlan_filtering 0
ip link add br4 type bridge stp_state 1 forward_delay 100
ip link add br5 type bridge hello_time 20
ip link add br5 type bridge forward_del 600 stp 1 nf_call_iptables 1 mcast_snooping 0
ip -d link show br4
ip -d link show br5
ip link set v0 type bridge stp_state 1
ip link set v1 type veth
ip link add type veth
ip link add type veth peer name vx
ip link add type bridge
ip link add type veth peer name veth5
ip -br link
ip link add name verylongname12345 type veth
ip link set lo name verylongname12345
ip link add verylongname12345 type veth
ip link add dev verylongname12345 type veth
