# ip route metrics (mtu [lock], advmss, window, rtt/rttvar/rto_min times, initcwnd, hoplimit, features, quickack, congctl) and realms: listing, -d, -j, route get, clamps, delete by metric, errors.
ip link add v0 type veth peer name v1
ip addr add 10.5.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
ip route add 10.6.0.0/16 via 10.5.0.2 mtu 1400
ip route add 10.7.0.0/16 via 10.5.0.2 mtu lock 1300 advmss 1260
ip route add 10.8.0.0/16 via 10.5.0.2 window 65535 rtt 100 rttvar 50 initcwnd 10 initrwnd 20 hoplimit 32 ssthresh 8 reordering 3 cwnd 4
ip route add 10.9.0.0/16 dev v0 rto_min 200 quickack 1 features ecn congctl cubic fastopen_no_cookie 1
ip route add 10.10.0.0/16 dev v0 rtt 1.5s rttvar 300ms rto_min lock 20ms
ip route add 10.10.0.0/16 dev v0 rtt 1.5s rttvar 300ms rto_min 3s
ip route add 10.12.0.0/16 dev v0 realms 3/4
ip route add 10.13.0.0/16 dev v0 mtu 1400 realm 5
ip route add 10.14.0.0/16 dev v0 mtu 100000 advmss 70000
ip route add 10.15.0.0/16 dev v0 mtu 0 window lock 0
ip route add 10.16.0.0/16 dev v0 mtu lock 1400 congctl lock reno initcwnd 0x10 cwnd 010
ip route add 10.17.0.0/16 dev v0 rtt 0.5 realms 2/0
ip route add 10.18.0.0/16 dev v0 realms cosmos
ip route add 10.19.0.0/16 dev v0 w 5 re 6 ini 7 mtu 1400 mtu 1300
ip route
ip -d route
ip -j route
ip route get 10.6.1.1
ip route get 10.7.1.1
ip route get 10.13.1.1
ip -j route get 10.16.1.1
ip -j route show 10.8.0.0/16
ip -6 route add 2001:db8::/64 dev v0 mtu 1400 hoplimit 5
ip -6 route show 2001:db8::/64
ip route show mtu 1400
ip route add mtu 10.66.0.0/16 blackhole
ip route add 10.20.0.0/16 dev v0 mtu abc
ip route add 10.20.0.0/16 dev v0 mtu
ip route add 10.20.0.0/16 dev v0 mtu lock
ip route add 10.20.0.0/16 dev v0 advmss x
ip route add 10.20.0.0/16 dev v0 hoplimit 300
ip route add 10.20.0.0/16 dev v0 rtt x
ip route add 10.20.0.0/16 dev v0 rtt 5min
ip route add 10.20.0.0/16 dev v0 initcwnd -1
ip route add 10.20.0.0/16 dev v0 features foo
ip route add 10.20.0.0/16 dev v0 features ecn ecn
ip route add 10.20.0.0/16 dev v0 congctl
ip route add 10.20.0.0/16 dev v0 congctl nosuch
ip route add 10.20.0.0/16 dev v0 tos 0x1000
ip route add 10.20.0.0/16 dev v0 quickack 2
ip route add 10.20.0.0/16 dev v0 quickack x
ip route add 10.20.0.0/16 dev v0 fastopen_no_cookie 3
ip route add 10.20.0.0/16 dev v0 realms x
ip route add 10.20.0.0/16 dev v0 realms 1/2/3
ip route add 10.20.0.0/16 dev v0 pref high expires 10
ip route change 10.6.0.0/16 via 10.5.0.2 mtu 1200
ip route replace 10.7.0.0/16 via 10.5.0.2
ip route del 10.8.0.0/16
ip route del 10.9.0.0/16 mtu 1400
ip route del 10.13.0.0/16 mtu 1200
ip route del 10.16.0.0/16 mtu lock 1400 cwnd 8
ip route del 10.10.0.0/16 rtt 1500ms
ip route del 10.6.0.0/16 mtu lock 1200
ip route
