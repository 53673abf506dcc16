# conntrack's other outputs (ktimestamp, id, extended,id; bad and missing -o values, xml with save), -D -i ID (the id an optional argument), -G with -o save, -U -m then -L -m, -p udp --state, -f ipv6/inet, address masks, --orig-src/--orig-dst, -w 0.
ip link set lo up
iptables -A INPUT -m conntrack --ctstate NEW
echo x | nc -u -q0 -p 4000 127.0.0.1 53
conntrack -L -o ktimestamp
conntrack -L -o id | sed -E 's/id=[0-9]+/id=N/'
conntrack -L -o extended,id | sed -E 's/id=[0-9]+/id=N/'
conntrack -L -o bogus
conntrack -L -o
conntrack -L -o xml,save
conntrack -D -i 12345
conntrack -L -p udp --sport 4000 -o xml | sed -E 's/<id>[0-9]+</<id>N</'
conntrack -G -p udp -s 127.0.0.1 -d 127.0.0.1 --sport 4000 --dport 53 | awk '{$3="T"; print}'
conntrack -G -p udp -s 127.0.0.1 -d 127.0.0.1 --sport 4000 --dport 53 -o save | sed -E 's/-t [0-9]+/-t T/'
conntrack -U -p udp -s 127.0.0.1 -d 127.0.0.1 --sport 4000 --dport 53 -m 5 | awk '{$3="T"; print}'
conntrack -L -m 5 | awk '{$3="T"; print}'
conntrack -L -p tcp --state BOGUS
conntrack -L -p udp --state NEW
conntrack -L -f ipv6
conntrack -L -f inet
conntrack -L -s 10.0.0.0/8
conntrack -L -s 127.0.0.0/8 | awk '{$3="T"; print}'
conntrack -L --orig-src 127.0.0.1 --orig-dst 127.0.0.1 | awk '{$3="T"; print}'
conntrack -L -w 0 | awk '{$3="T"; print}'
