# curl and wget on names that do not resolve or refuse: wget's gai_strerror reason and plain quotes under LANG=C, -q silent, rc 4; curl -sS '(6) Could not resolve host', -s silent. (Left to the unit tests: curl's meter and -v lines on a failed lookup race its threaded resolver on the kernel, and '(7) ... after N ms' varies.)
ip link set lo up
printf '127.0.0.1 localhost\n127.0.0.1 web.local\n' > /etc/hosts
printf 'nameserver 127.0.0.1\n' > /etc/resolv.conf
export LANG=C
curl -sS http://nosuch/
curl -s http://nosuch/
curl -s -o /dev/null -w '%{http_code}\n' http://web.local:81/
wget -q http://nosuch/
wget http://nosuch/ 2>&1 | tail -n +2
wget -q http://web.local:81/
wget http://web.local:81/ 2>&1 | tail -n +2
wget -t 1 http://10.77.0.1/ 2>&1 | tail -n +2
wget -q -O - http://web.local:81/
