# Routing table names (/etc/iproute2/rt_tables) and tables that do not exist yet, for ip route and ip rule.
ip link add d0 type veth peer name d1
ip link set d0 up
ip link set d1 up
ip addr add 10.9.0.1/24 dev d0
ip route show table default
ip route show table 100
ip route flush table 100
ip -6 route show table 100
ip route add 10.5.0.0/16 dev d0 table blue
echo "200 blue" >> /etc/iproute2/rt_tables
ip route add 10.5.0.0/16 dev d0 table blue
ip route show table blue
ip route show table 200
ip -4 route show table all
ip route get 10.5.0.1 from 10.9.0.1
ip rule add from 10.9.0.0/16 table blue
ip route get 10.5.0.1 from 10.9.0.1
ip route get 10.9.0.1
ip rule show table blue
ip route flush table blue
ip route show table blue
ip route show table 300
ip rule add table 0
ip route show table 1
ip route del 10.5.0.0/16 table blue
ip route add 10.6.0.0/16 dev d0 table 7
ip route del 10.6.0.0/16 dev d0 table 7
ip route show table 7
ip -4 route show table all
ip -4 route show table 0 dev d0
ip route add 10.7.0.0/16 dev d0 table 0
ip route
