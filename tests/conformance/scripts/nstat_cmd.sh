# nstat: counters since the last run from the history file (NSTAT_HISTORY in /root here), -a absolute, -z zeros, -s/-n/-r history handling, PATTERNs, -j/-p JSON, the history file's own text, and its usage errors. IPv6 is off so only the pings count; rates are 0.0 without the daemon.
sysctl -qw net.ipv6.conf.all.disable_ipv6=1
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ping -c 2 -i 0.2 127.0.0.1 > /dev/null
NSTAT_HISTORY=/root/h nstat; echo rc=$?
cat /root/h; ls -l /root/h | cut -c1-10
ping -c 1 127.0.0.1 > /dev/null
NSTAT_HISTORY=/root/h nstat -s
NSTAT_HISTORY=/root/h nstat Icmp*
NSTAT_HISTORY=/root/h nstat
ping -c 1 127.0.0.1 > /dev/null
NSTAT_HISTORY=/root/h nstat -n
NSTAT_HISTORY=/root/h nstat
NSTAT_HISTORY=/root/h nstat -a 'Ip*' IcmpInEchos
NSTAT_HISTORY=/root/h nstat -az | wc -l
NSTAT_HISTORY=/root/h nstat -az | head -12
NSTAT_HISTORY=/root/h nstat -asz IpExtInOctets TcpExtTW TcpRtoMin
NSTAT_HISTORY=/root/h nstat -aj IpIn*
NSTAT_HISTORY=/root/h nstat -ajp IpInReceives IpOutRequests
NSTAT_HISTORY=/root/h nstat --json
NSTAT_HISTORY=/root/h nstat -r; echo rc=$?
NSTAT_HISTORY=/root/h nstat -x
NSTAT_HISTORY=/root/h nstat -t 0
NSTAT_HISTORY=/root/h nstat --bogus
NSTAT_HISTORY=/root/h nstat -V
