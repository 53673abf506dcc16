# Usage errors and help of the DNS tools (host, dig, nslookup, getent), and getent passwd/group.
host
host -t bogus x
host -Z x
dig -t
dig +bogus x
dig -x
nslookup -type=bogus localhost 127.0.0.2
getent
getent hosts
getent foo x
getent hosts localhost ip6-localhost
getent ahostsv4
getent passwd root
getent group root
getent --help
