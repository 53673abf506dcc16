# Found by the wide random scripts: a listing's unknown table is iproute_list_flush_or_save's 'table id value is invalid'
# (with its blank line); ip route add keeps '"table" value is invalid'.
ip link add v0 type veth peer name v0p
ip addr add 10.1.0.1/24 dev v0
ip link set v0 up
ip route show table nosuch
ip route list table nosuch
ip route flush table nosuch
ip route get 10.1.0.1 table nosuch
ip route add 10.5.0.0/24 dev v0 table nosuch
ip route show table 100x
