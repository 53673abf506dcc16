# iptables-restore details: jump checks at COMMIT, --test, -c policy counters, policy errors, option errors, file arguments.
printf '*filter\n-A INPUT -j NOPE\n-A INPUT -j ACCEPT\n-A INPUT -j DROP\n\n# x\nCOMMIT\n' > /tmp/r3
iptables-restore < /tmp/r3
printf '*filter\n-A INPUT -j NOPE\n-A INPUT -j ACCEPT\nCOMMIT\n*nat\n-A PREROUTING -j ACCEPT\nCOMMIT\n' > /tmp/r3b
iptables-restore < /tmp/r3b
printf '*filter\n-A INPUT -j NOPE\n' > /tmp/r3c
iptables-restore < /tmp/r3c
iptables-restore --test < /tmp/r3
printf '*filter\n-A INPUT --bogus\nCOMMIT\n' > /tmp/r4
iptables-restore --test < /tmp/r4
printf '*filter\n-A INPUT -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT\n-A OUTPUT -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT\nCOMMIT\n' > /tmp/r5
iptables-restore < /tmp/r5
iptables-restore --test < /tmp/r5
printf '*filter\n:INPUT DROPP [0:0]\nCOMMIT\n' > /tmp/r9
iptables-restore < /tmp/r9
printf '*filter\n:INPUT DROP\nCOMMIT\n' > /tmp/r9b
iptables-restore < /tmp/r9b
printf '*filter\n:FOO DROP [0:0]\nCOMMIT\n' > /tmp/r9c
iptables-restore < /tmp/r9c
printf '*filter\n-A FOO -j ACCEPT\nCOMMIT\n' > /tmp/r9d
iptables-restore < /tmp/r9d
printf '*filter\n-D INPUT -j ACCEPT\nCOMMIT\n' > /tmp/r9e
iptables-restore -n < /tmp/r9e
printf '*filter\n-A INPUT -j ACCEPT\nCOMMIT\n' > /tmp/r2
iptables-restore /tmp/r2
iptables-restore -x < /tmp/r2
iptables-restore --bogus < /tmp/r2
iptables-restore /tmp/r2 /tmp/r2
iptables -S
printf '*filter\n:FOO DROP [0:0]\n:INPUT ACCEPT [7:99]\nCOMMIT\n' > /tmp/r9c
iptables-restore < /tmp/r9c
iptables -S; iptables -L -v -n | head -3
iptables-restore -c < /tmp/r9c
iptables -L -v -n | head -3
printf '*filter\n:INPUT ACCEPT [x:99]\nCOMMIT\n' > /tmp/r9f
iptables-restore -c < /tmp/r9f
printf '*filter\n:INPUT\nCOMMIT\n' > /tmp/r9g
iptables-restore -c < /tmp/r9g
printf '*filter\n:INPUT DROPP\nCOMMIT\n' > /tmp/r9h
iptables-restore < /tmp/r9h
printf '*filter\n:FOO DROPP\nCOMMIT\n' > /tmp/r9i
iptables-restore < /tmp/r9i
