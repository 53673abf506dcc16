# iptables-restore and iptables-save: --noflush/-n, -c counters, error lines, -t, comments, chain declarations.
printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:WEB - [0:0]\n-A INPUT -p tcp --dport 80 -j WEB\n-A WEB -j ACCEPT\nCOMMIT\n' > /tmp/r1
iptables-restore < /tmp/r1
iptables-save | grep -v '^#'
printf '*filter\n-A INPUT -p udp --dport 53 -j ACCEPT\nCOMMIT\n' > /tmp/r2
iptables-restore -n < /tmp/r2
iptables -S
iptables-restore --noflush < /tmp/r2
iptables -S INPUT
printf '*filter\n-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -j NOPE\nCOMMIT\n' > /tmp/r3
iptables-restore < /tmp/r3
iptables -S INPUT
printf '*filter\n-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT --bogus\nCOMMIT\n' > /tmp/r4
iptables-restore < /tmp/r4
printf '*filter\n-A INPUT -j ACCEPT\n' > /tmp/r5
iptables-restore < /tmp/r5
printf '*nosuch\nCOMMIT\n' > /tmp/r6
iptables-restore < /tmp/r6
printf '# comment\n\n*nat\n:PREROUTING ACCEPT [5:300]\n-A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80\nCOMMIT\n' > /tmp/r7
iptables-restore -c < /tmp/r7
iptables-save -c -t nat | grep -v '^#'
iptables -t nat -L -v -n
printf '*filter\n[3:180] -A INPUT -s 10.1.1.1 -j DROP\nCOMMIT\n' > /tmp/r8
iptables-restore -n -c < /tmp/r8
iptables -L INPUT -v -n -x
iptables-restore -t < /tmp/r1
iptables-restore --test < /tmp/r3
iptables-restore /tmp/r2
iptables-restore /tmp/nonexistent
iptables-restore -x < /tmp/r2
iptables-save -t nosuch
iptables-save -x
printf '*filter\n:INPUT DROPP [0:0]\nCOMMIT\n' > /tmp/r9
iptables-restore < /tmp/r9
printf '*filter\n:NEW - [0:0]\n:NEW - [0:0]\nCOMMIT\n' > /tmp/r10
iptables-restore < /tmp/r10
printf '*filter\n-X WEB\nCOMMIT\n' > /tmp/r11
iptables-restore -n < /tmp/r11
iptables -S | head -5
