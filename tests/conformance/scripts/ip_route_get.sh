# ip route get (from/iif/mark/connected/fibmatch, -j, -o), table local, local/broadcast routes going to table
# local, default routes by metric, change/replace, show selectors, flush.
ip link set lo up
ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
ip addr add 10.0.0.1/24 dev v0
ip addr add 10.0.0.2/24 dev v1
ip route get 10.0.0.2
ip route get 10.0.0.1
ip route get 127.0.0.1
ip route get 10.0.0.255
ip route get 8.8.8.8
ip route get 10.0.0.2 from 10.0.0.1
ip route get 10.0.0.2 iif v1 from 10.0.0.9
ip route get 10.0.0.2 mark 5
ip route get to 10.0.0.2
ip route get 10.0.0.2 connected
ip route get fibmatch 10.0.0.2
ip -j route get 10.0.0.2
ip -o route get 10.0.0.2
ip route show table local
ip -4 route show table local type local
ip route show table 255
ip route list table main
ip -4 route show table all
ip route add 10.5.0.0/16 dev lo
ip route add local 10.6.0.0/16 dev lo
ip route add 10.7.0.0/16 dev v0 table local
ip route show table local
ip route get 10.6.1.1
ip route add default via 10.0.0.254 metric 100
ip route add default via 10.0.0.253 metric 50
ip route
ip route get 1.1.1.1
ip route del default metric 50
ip route get 1.1.1.1
ip route change default via 10.0.0.252 metric 100
ip route
ip route replace default dev v0
ip route
ip -d route
ip -s route
ip route show exact 10.0.0.0/24
ip route show root 10.0.0.0/8
ip route show match 10.0.0.7
ip route show 10.0.0.0/24
ip route show 10.0.0.0
ip route show scope host table local
ip route show type local table local
ip route flush table main
ip route
ip addr
