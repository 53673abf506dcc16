# ip route add with proto (rt_protos names and numbers), scope, src, metric, table, onlink, route types;
# replace/change/append/prepend; show selectors that hide what they fix (via, src, metric, proto); errors.
ip link add r0 type veth peer name r1
ip link set r0 up
ip link set r1 up
ip addr add 10.1.0.1/24 dev r0
ip route add 10.50.0.0/16 via 10.1.0.254 proto static
ip route add 10.51.0.0/16 via 10.1.0.254 metric 50
ip route add 10.51.0.0/16 via 10.1.0.253 metric 60
ip route add 10.52.0.0/16 dev r0 scope link src 10.1.0.1
ip route add 10.53.0.0/16 via 10.1.0.254 table 100
ip route add 10.54.0.0/16 via 192.168.9.1 dev r0 onlink
ip route add 10.55.0.0/16 via 192.168.9.1 dev r0
ip route add blackhole 10.60.0.0/16
ip route add unreachable 10.61.0.0/16
ip route add prohibit 10.62.0.0/16
ip route add throw 10.63.0.0/16
ip route add 10.65.0.0/16 via 10.1.0.254 proto 99
ip route add 10.66.0.0/16 via 10.1.0.254 proto bogus
ip route add 10.67.0.0/16 via 10.1.0.254 src 10.9.9.9
ip route add 10.68.0.0/16 dev r0 metric abc
ip route
ip route show table 100
ip route replace 10.50.0.0/16 via 10.1.0.253
ip route change 10.52.0.0/16 dev r0 metric 5
ip route change 10.99.0.0/16 dev r0
ip route append 10.50.0.0/16 via 10.1.0.252
ip route prepend 10.70.0.0/16 via 10.1.0.252
ip route show 10.50.0.0/16
ip route show proto static
ip route show scope link
ip route show type blackhole
ip route show via 10.1.0.254
ip route list root 10.0.0.0/8
ip route list match 10.50.1.1
ip -o route
ip route del 10.51.0.0/16
ip route del 10.51.0.0/16
ip route del 10.51.0.0/16
ip route del blackhole 10.60.0.0/16
ip route del 10.61.0.0/16
ip route get 10.62.1.1
ip route get 10.63.1.1
ip route get 10.60.1.1
ip route get 10.61.1.1
ip route
ip route flush proto static
ip route flush 10.65.0.0/16
ip route
ip r s
ip ro
ip rou sh
ip route add 10.80.0.0/16
ip route add 10.80.0.0/16 via
ip route add 10.80.0.0/33 dev r0
ip route add 10.80.0.1/16 dev r0
ip route add 10.80.0.0/16 dev r0 foo
ip route add 10.80.0.0/16 dev r0 table foo
ip route add 10.80.0.0/16 dev r0 scope foo
ip route add default dev r0 metric 10
ip route add default via 10.1.0.1 metric 20
ip route
ip -4 route show default
ip route del default
ip route
ip route add 10.90.0.0/16 via 10.1.0.254 metric 50 src 10.1.0.1 proto static
ip route show src 10.1.0.1
ip route show metric 50
ip route show via 10.1.0.254
ip -j route show proto static
ip route add 10.91.0.0/16 via 10.1.0.254 proto 300
ip route add 10.91.0.0/16 via 10.1.0.254 proto 255
ip route add 10.92.0.0/16 via 10.1.0.254 proto 0x10
ip route add 10.93.0.0/16 via 10.1.0.254 proto kernel
ip route show proto kernel
ip route show proto 255
ip route show proto dhcp
