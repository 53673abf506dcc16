# The CNI chapter's lab done by hand: 4 namespaces on bridge v-net-0, host address, ping across, NAT out, neigh/fdb/-o/-br views.
ip link add v-net-0 type bridge
ip link set dev v-net-0 up
ip addr add 192.168.15.5/24 dev v-net-0
for ns in red blue green yellow; do ip netns add $ns; done
i=1; for ns in red blue green yellow; do ip link add veth-$ns type veth peer name veth-$ns-br; ip link set veth-$ns netns $ns; ip link set veth-$ns-br master v-net-0; ip link set veth-$ns-br up; ip -n $ns addr add 192.168.15.$i/24 dev veth-$ns; ip -n $ns link set veth-$ns up; ip -n $ns link set lo up; i=$((i+1)); done
sleep 1
ip -br link show master v-net-0
ip -o link show type veth | awk '{print $2, $9}'
ip -o -4 addr show | awk '{print $2, $4}'
ip netns exec red ping -c 2 -i 0.2 192.168.15.4
ip netns exec blue ping -c 1 192.168.15.5
ping -c 1 192.168.15.3
ip netns exec red ip neigh
ip -n blue neigh show 192.168.15.5
ip neigh show dev v-net-0 | sort
ip netns exec red arp -n
ip netns exec red route -n
ip netns exec red ping -c 1 -W 1 10.0.0.1
ip -n red route add default via 192.168.15.5
ip netns exec red ping -c 1 -W 1 10.0.0.1
ip netns exec red ip route get 10.0.0.1
ip -n red -o route
ip -n red -j route | head -c 300; echo
bridge fdb show br v-net-0 | grep -v permanent | wc -l
bridge link show | sort
ip link set veth-green-br nomaster
ip netns exec red ping -c 1 -W 1 192.168.15.3
ip link set veth-green-br master v-net-0
sleep 1
ip netns exec red ping -c 1 -W 1 192.168.15.3
ip -d link show v-net-0 | head -3 | sed -E 's/gc_timer +[0-9.]+/gc_timer T/; s/8000\.[0-9a-f:]+/8000.ID/g'
ip -d -j link show veth-red-br | tr ',' '\n' | grep -E 'info_slave_kind|"state"|hairpin|learning'
ip -s link show veth-red-br | head -1
ip netns exec yellow ip -4 -o addr show dev veth-yellow | awk '{split($4,a,"/"); print a[1]}'
ip netns exec green ip -br addr
ip -n green addr del 192.168.15.3/24 dev veth-green
ip -n green addr del 192.168.15.3/24 dev veth-green
ip -n green route
ip netns del green
sleep 1
ip link show veth-green-br
ip -br link show master v-net-0
ip link del v-net-0
ip -br link | sort
ip netns
