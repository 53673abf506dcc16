# conntrack -o save (the flow as the command line that makes it: -u status or UNSET, -g/-n for a DNAT/SNAT reply side, the protocol's options), save not combined with other outputs, -o labels' missing labelmap, --src-nat/--dst-nat/--any-nat with and without an address (libnetfilter_conntrack's IS_SNAT/IS_SPAT: every flow of a netns with a nat table is NAT_DONE; an ICMP id differs from the reply's type/code), --reply-port-src/-dst, the -u words (UNREPLIED; DNAT refused; UNSET refused by the kernel). Flow timeouts read as T: each kernel line is a fresh process, and on a loaded machine the 30 s countdown passes a second boundary during the script.
ip link set lo up
iptables -t nat -A OUTPUT -p udp -d 10.9.9.9 -j DNAT --to-destination 127.0.0.1
ip route add 10.9.9.0/24 dev lo src 127.0.0.1
echo x | nc -u -q0 -p 4000 10.9.9.9 53
ping -c 1 -q 127.0.0.1 > /dev/null
conntrack -L -o save | sed -E 's/id [0-9]+/id N/; s/-t [0-9]+/-t T/' | sort
conntrack -L -o save,xml
conntrack -L -o xml -o save
conntrack -L -o labels | sed -E 's/id=[0-9]+/id=N/g; s/^([a-z]+ +[0-9]+ +)[0-9]+ /\1T /' | sort
conntrack -S -o labels
conntrack -L -o timestamp | sed -E 's/id=[0-9]+/id=N/g; s/^([a-z]+ +[0-9]+ +)[0-9]+ /\1T /' | sort
conntrack -L -g | sed -E 's/id=[0-9]+/id=N/g; s/^([a-z]+ +[0-9]+ +)[0-9]+ /\1T /' | sort
conntrack -L --dst-nat 127.0.0.1 | sed -E 's/^([a-z]+ +[0-9]+ +)[0-9]+ /\1T /'
conntrack -L --dst-nat 127.0.0.2
conntrack -L -g 300.1.1.1
conntrack -L -j | sed -E 's/id=[0-9]+/id=N/g; s/^([a-z]+ +[0-9]+ +)[0-9]+ /\1T /' | sort
conntrack -L -n | sed -E 's/id=[0-9]+/id=N/g; s/^([a-z]+ +[0-9]+ +)[0-9]+ /\1T /'
conntrack -L -n -g | sed -E 's/id=[0-9]+/id=N/g; s/^([a-z]+ +[0-9]+ +)[0-9]+ /\1T /'
conntrack -L -p udp --reply-port-src 53 | sed -E 's/^([a-z]+ +[0-9]+ +)[0-9]+ /\1T /'
conntrack -L -p udp --reply-port-dst 53
conntrack -L -u UNREPLIED | sed -E 's/^([a-z]+ +[0-9]+ +)[0-9]+ /\1T /'
conntrack -L -u unreplied,ASSURED
conntrack -L -u ASSURED,unreplied
conntrack -L -u ASSURED,BOGUS,SEEN_REPLY
conntrack -L -u UNREPLIED,assured
conntrack -L -u Unreplied
conntrack -L -u DNAT
conntrack -L -u UNSET
conntrack -L -u SEEN_REPLY | sed -E 's/id=[0-9]+/id=N/g; s/^([a-z]+ +[0-9]+ +)[0-9]+ /\1T /' | awk '{$3="T"; print}'
conntrack -D -p udp --dport 53 | awk '{$3="T"; print}'
conntrack -L -o save | sed -E 's/id [0-9]+/id N/; s/-t [0-9]+/-t T/'
