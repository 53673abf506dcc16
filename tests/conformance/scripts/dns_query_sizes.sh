# DNS queries have their real sizes on the wire: with nobody on 127.0.0.1:53 each query comes back as an ICMP port unreachable quoting it, and lo's byte counters show both -- glibc (A and AAAA, search list, options edns0: an OPT record, trust-ad), dig (EDNS with an 8-byte COOKIE; +nocookie, +noedns), host, nslookup, ping.
ip link set lo up
printf '127.0.0.1 localhost\n' > /etc/hosts
printf 'nameserver 127.0.0.1\nsearch example.test\noptions attempts:1\n' > /etc/resolv.conf
getent hosts web.example.test
ip -s link show lo | awk 'NR==4{print "lo rx",$1,$2}'
getent ahosts web
ip -s link show lo | awk 'NR==4{print "lo rx",$1,$2}'
printf 'nameserver 127.0.0.1\noptions attempts:1 edns0 trust-ad\n' > /etc/resolv.conf
getent hosts a.b
ip -s link show lo | awk 'NR==4{print "lo rx",$1,$2}'
getent hosts 10.1.2.3
ip -s link show lo | awk 'NR==4{print "lo rx",$1,$2}'
dig +tries=1 a.b > /dev/null
ip -s link show lo | awk 'NR==4{print "lo rx",$1,$2}'
dig +tries=1 +nocookie a.b > /dev/null
ip -s link show lo | awk 'NR==4{print "lo rx",$1,$2}'
dig +tries=1 +noedns -x 10.1.2.3 > /dev/null
ip -s link show lo | awk 'NR==4{print "lo rx",$1,$2}'
host -R 0 a.b
ip -s link show lo | awk 'NR==4{print "lo rx",$1,$2}'
nslookup -retry=0 a.b
ip -s link show lo | awk 'NR==4{print "lo rx",$1,$2}'
ping -c 1 a.b
ip -s link show lo | awk 'NR==4{print "lo rx",$1,$2}'
