# resolv.conf as BIND's tools read it (nobody listens: the errors show the servers tried, `set all` the rest):
# comments, malformed lines, more than three nameservers, domain vs search (last wins), options.
printf 'nameserver 127.0.0.2\nnameserver bogus\nnameserver 127.0.0.3 # comment\n;nameserver 127.0.0.9\n#nameserver 127.0.0.8\nnameserver 127.0.0.4\nnameserver 127.0.0.5\nsearch a.test b.test\ndomain c.test\noptions ndots:2 timeout:1 attempts:1\n' > /etc/resolv.conf
printf 'set all\n' | nslookup
dig +tries=1 x
nslookup -retry=1 x
host -R 0 x
getent hosts x
printf 'domain c.test\nsearch a.test b.test c.test d.test e.test f.test g.test h.test\nnameserver 127.0.0.2\noptions rotate ndots:0\n' > /etc/resolv.conf
printf 'set all\n' | nslookup
dig +tries=1 +search x
printf 'nameserver 127.0.0.2\nsearch a.test\ndomain b.test\n' > /etc/resolv.conf
printf 'set all\n' | nslookup
printf 'nameserver 127.0.0.2\nsearch\noptions timeout:3 attempts:2 ndots:20\n' > /etc/resolv.conf
printf 'set all\n' | nslookup
host -R 0 x.y
printf 'nameserver 127.0.0.2\nnameserver 127.0.0.3 # comment\n  nameserver 127.0.0.4\nnameserver 127.0.0.5\n' > /etc/resolv.conf
dig +tries=1 x
printf 'nameserver 127.0.0.2 junk\n' > /etc/resolv.conf
dig +tries=1 x
printf 'nameserver 127.0.0.2\noptions ndots:x\n' > /etc/resolv.conf
host x
printf 'nameserver 0.0.0.0\nbogus\nnameserver 127.0.0.9\nnameserver 127.1' > /etc/resolv.conf
dig +tries=1 x
printf 'set all\n' | nslookup
printf 'nameserver 127.0.0.2\ndomain\n' > /etc/resolv.conf
nslookup x
printf 'nameserver 127.0.0.2\noptions ndots:300\n' > /etc/resolv.conf
dig +tries=1 x
