# TOS and DSCP: -m tos/-m dscp matches, the mangle TOS/DSCP targets, their texts and errors, and counters from traffic.
iptables -A INPUT -m tos --tos 0x10/zz
iptables -A INPUT -m tos --tos 0x10/0x100
iptables -A INPUT -m tos --tos 16x
iptables -A INPUT -m tos --tos minimize-delay
iptables -A INPUT -m tos --tos normal-service
iptables -A INPUT -m tos --tos 0
iptables -A INPUT -m tos --tos 0x10 --tos 0x08
iptables -t mangle -A OUTPUT -j TOS --set-tos 0x10/zz
iptables -t mangle -A OUTPUT -j TOS --and-tos 300
iptables -t mangle -A OUTPUT -j TOS --and-tos x
iptables -t mangle -A OUTPUT -j TOS --set-tos 0x10 --or-tos 1
iptables -t mangle -A OUTPUT -j TOS --set-tos 0x10 --set-tos 1
iptables -t mangle -A OUTPUT -j TOS --set-tos Normal-Service
iptables -t mangle -A OUTPUT -j TOS ! --set-tos 1
iptables -t mangle -A OUTPUT -j DSCP --set-dscp 0x10
iptables -t mangle -A OUTPUT -j DSCP --set-dscp-class af41
iptables -t mangle -A OUTPUT -j DSCP --set-dscp-class cs1
iptables -t mangle -A OUTPUT -j DSCP --set-dscp x
iptables -A INPUT -m dscp --dscp 10 --dscp-class EF
iptables -A INPUT -m dscp --dscp-class be
iptables -A INPUT -m dscp --dscp-class XX
iptables -A INPUT -m dscp ! --dscp-class EF
iptables -t mangle -S
iptables -t mangle -L OUTPUT
iptables -S INPUT
iptables -L INPUT
iptables -t mangle -L OUTPUT -v -n
iptables -t nat -A N -j MASQUERADE
iptables -S
iptables -t mangle -S
iptables -t nat -S
iptables -t mangle -A OUTPUT -j TOS --set-tos 0x10/0x3f
iptables -t mangle -A OUTPUT -j TOS --and-tos 0x10
iptables -t mangle -A OUTPUT -j TOS --or-tos 0x10
iptables -t mangle -A OUTPUT -j TOS --xor-tos 0x10
iptables -t mangle -A OUTPUT -j TOS --set-tos Minimize-Delay
iptables -t mangle -A OUTPUT -j TOS --set-tos 0x100
iptables -t mangle -A OUTPUT -j TOS
iptables -t mangle -A OUTPUT -j DSCP --set-dscp-class EF
iptables -t mangle -A OUTPUT -j DSCP --set-dscp 64
iptables -t mangle -A OUTPUT -j DSCP --set-dscp-class XX
iptables -t mangle -A OUTPUT -j DSCP
iptables -t mangle -A OUTPUT -j DSCP --set-dscp 1 --set-dscp-class EF
iptables -A OUTPUT -j TOS --set-tos 1
iptables -A OUTPUT -j DSCP --set-dscp 1
iptables -A INPUT -m tos --tos Minimize-Delay
iptables -A INPUT -m tos ! --tos 0x10/0x3f
iptables -A INPUT -m tos --tos 300
iptables -A INPUT -m tos
iptables -A INPUT -m dscp --dscp-class AF11
iptables -A INPUT -m dscp ! --dscp 0x2e
iptables -A INPUT -m dscp --dscp 64
iptables -A INPUT -m dscp
iptables -t mangle -S
iptables -t mangle -L -n
iptables -t mangle -L
iptables -L INPUT -n
iptables -L INPUT
iptables -S INPUT
iptables -F
iptables -t mangle -F
ip link set lo up
iptables -t mangle -A OUTPUT -d 127.0.0.2 -j TOS --set-tos 0x10
iptables -t mangle -A OUTPUT -d 127.0.0.3 -j DSCP --set-dscp-class EF
iptables -A INPUT -m tos --tos Minimize-Delay -j ACCEPT
iptables -A INPUT -m dscp --dscp-class EF -j ACCEPT
iptables -A INPUT -m tos ! --tos 0 -j ACCEPT
ping -c 2 -i 0.2 127.0.0.2
ping -c 1 127.0.0.3
ping -c 1 127.0.0.1
iptables -L INPUT -v -n -x
iptables -t mangle -L OUTPUT -v -x
